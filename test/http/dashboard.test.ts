import { describe, expect, it } from 'vitest'
import { articleScores } from '../../db/schema.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { listFeeds, updateFeed } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles, type SeedArticle } from '../helpers/seed.ts'

const NOW = new Date('2026-11-20T12:00:00Z')
const SECTOR = 'community-management'
const DAY = 86_400_000
const at = (days: number, hour = 9) => new Date(Date.UTC(2026, 10, 20 - days, hour))

const article = (title: string, publishedAt: Date, text: string): SeedArticle => ({
  title,
  text,
  lang: 'fr',
  publishedAt,
  source: 'Blog du tableau de bord',
})
const seeded = [
  article(
    'Community manager : la ligne éditoriale en 2027',
    at(10, 8),
    'Le community manager revoit sa ligne éditoriale et son calendrier éditorial.',
  ),
  article(
    'TikTok teste un nouvel algorithme de recommandation',
    at(10, 11),
    'La portée organique sur TikTok change, selon les social media managers.',
  ),
  article(
    'Modération : les outils des gestionnaires de communauté',
    at(10, 15),
    'Gestion de communauté, modération et charte : les outils du moment.',
  ),
  article(
    'LinkedIn : le taux d’engagement des carrousels',
    at(3),
    'Le taux d’engagement des carrousels LinkedIn intéresse les community managers.',
  ),
  article(
    'Recette : le gâteau au yaourt',
    at(1, 7),
    'Un gâteau simple au yaourt, sucre et farine, cuit trente minutes.',
  ),
  article(
    'Instagram : les Reels et la portée organique',
    at(1, 10),
    'Instagram favorise les Reels : la portée organique des comptes de marque en dépend.',
  ),
  article(
    'Une vieille veille',
    at(40),
    'Un billet trop ancien pour les graphiques des trente derniers jours.',
  ),
]

async function dashboardApp() {
  const clock = fixedClock(NOW)
  let ids: number[] = []
  const t = await testApp({
    role: 'viewer',
    clock,
    seed: async (db) => (ids = await seedArticles(db, SECTOR, seeded)),
  })
  await t.deps.scoring.rescoreSector(SECTOR)
  // Decisions on two days: two approvals and a rejection two days ago, a reshare today, and a snooze (not charted).
  clock.set(at(2, 10))
  await t.deps.scoring.decide({ articleId: ids[0]!, action: 'approve' })
  await t.deps.scoring.decide({ articleId: ids[1]!, action: 'approve' })
  await t.deps.scoring.decide({ articleId: ids[4]!, action: 'reject' })
  clock.set(NOW)
  await t.deps.scoring.decide({ articleId: ids[5]!, action: 'reshare' })
  await t.deps.scoring.decide({
    articleId: ids[3]!,
    action: 'snooze',
    snoozeUntil: new Date(NOW.getTime() + DAY),
  })
  return { ...t, ids, clock }
}

const chart = (html: string, id: string) => {
  const start = html.indexOf(`<figure class="chart" id="${id}">`)
  expect(start, id).toBeGreaterThanOrEqual(0)
  return html.slice(start, html.indexOf('</figure>', start))
}
const bars = (svg: string) =>
  [...svg.matchAll(/<rect class="bar bar-(\w+)"[^>]*data-value="(\d+)"/g)].map((m) => ({
    series: m[1],
    value: Number(m[2]),
  }))

describe('GET /dashboard', () => {
  it('draws three accessible SVG charts from the sector data', async () => {
    const t = await dashboardApp()
    const res = await t.request(`/dashboard?sector=${SECTOR}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html.match(/<svg /g)).toHaveLength(3)

    // Articles per day: three days with articles in the last thirty (the 40-day-old one is out).
    const articles = chart(html, 'chart-articles')
    expect(bars(articles)).toEqual([
      { series: 'articles', value: 3 },
      { series: 'articles', value: 1 },
      { series: 'articles', value: 2 },
    ])
    expect(articles).toContain(
      'role="img" aria-labelledby="chart-articles-title" aria-describedby="chart-articles-desc"',
    )
    expect(articles).toContain(
      '<figcaption id="chart-articles-title">Articles publiés par jour (30 derniers jours)</figcaption>',
    )
    expect(articles).toContain('total 6, maximum 3')
    // The table fallback has every day, zeros included.
    expect(articles.match(/<tr><th scope="row">/g)).toHaveLength(30)
    expect(articles).toContain('<tr><th scope="row">10/11</th><td>3</td></tr>')

    // Scores: one bar per non-empty tenth, adding up to the scored articles.
    const scores = (await t.db.db.select({ score: articleScores.score }).from(articleScores)).map(
      (r) => r.score,
    )
    expect(scores).toHaveLength(6)
    const expected = Array.from(
      { length: 10 },
      (_, i) => scores.filter((s) => Math.min(9, Math.floor(s * 10)) === i).length,
    )
    const scoreChart = chart(html, 'chart-scores')
    expect(bars(scoreChart).map((b) => b.value)).toEqual(expected.filter((n) => n > 0))
    expect(scoreChart.match(/<tr><th scope="row">/g)).toHaveLength(10)

    // Decisions: stacked per day; the snooze is not charted.
    const decisions = chart(html, 'chart-decisions')
    expect(bars(decisions)).toEqual([
      { series: 'approve', value: 2 },
      { series: 'reject', value: 1 },
      { series: 'reshare', value: 1 },
    ])
    expect(decisions).toContain('<tr><th scope="row">18/11</th><td>2</td><td>1</td><td>0</td></tr>')
    expect(decisions).toContain('<tr><th scope="row">20/11</th><td>0</td><td>0</td><td>1</td></tr>')
    expect(decisions).toContain('class="legend"')
  })

  it('shows the key figures: failing and disabled feeds, articles and decisions this week', async () => {
    const t = await dashboardApp()
    const [a, b, c] = await listFeeds(t.db.db, SECTOR)
    await updateFeed(t.db.db, a!.id, { errorCount: 2, lastError: 'timeout' })
    await updateFeed(t.db.db, b!.id, { errorCount: 1, lastError: 'HTTP 404' })
    await updateFeed(t.db.db, c!.id, { enabled: false })
    const html = await (await t.request(`/dashboard?sector=${SECTOR}`)).text()
    const figure = (label: string) =>
      new RegExp(
        `<span class="figure-value">(\\d+)</span><span class="figure-label">${label}</span>`,
      ).exec(html)?.[1]
    expect(figure('Flux en échec')).toBe('2')
    expect(figure('Flux désactivés')).toBe('1')
    expect(figure('Articles cette semaine')).toBe('3')
    expect(figure('Décisions cette semaine')).toBe('5')
    expect(html).toContain('<div class="figure alert">')
  })

  it('says there is nothing to chart instead of drawing bare axes', async () => {
    const t = await testApp({ role: 'viewer', clock: fixedClock(NOW) })
    const html = await (await t.request(`/dashboard?sector=${SECTOR}`)).text()
    const start = html.indexOf('<figure class="chart chart-empty" id="chart-decisions">')
    expect(start).toBeGreaterThan(-1)
    const decisions = html.slice(start, html.indexOf('</figure>', start))
    expect(decisions).toContain('Aucune donnée sur la période.')
    expect(decisions).not.toContain('<svg')
  })

  it('answers 404 for an unknown sector', async () => {
    const t = await dashboardApp()
    expect((await t.request('/dashboard?sector=inconnu')).status).toBe(404)
  })
})
