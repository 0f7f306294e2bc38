import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articles } from '../../db/schema.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { SECTOR } from '../fixtures/http/curator-articles.ts'
import type { SeedArticle } from '../helpers/seed.ts'

// The shipped sector lives in Europe/Paris. At 23:30 UTC on 20 November it is already 00:30 on the 21st
// there: "today", "tomorrow" and "since the 20th" are the curator's days, not the server's.
const LATE_EVENING = '2026-11-20T23:30:00Z'

/** Published at 00:30 in Paris on the 20th, which is still the 19th in UTC. */
const justAfterMidnight: SeedArticle = {
  title: 'Threads ouvre ses statistiques aux community managers des marques',
  text: [
    'Threads ouvre enfin ses statistiques aux pages de marque : portée, taux d’engagement et réponses par publication, de quoi mesurer ce que la communauté retient.',
    'Pour le community manager, c’est la fin des relevés à la main et l’occasion de comparer Threads à Instagram dans le même tableau de bord.',
  ].join('\n\n'),
  lang: 'fr',
  publishedAt: new Date('2026-11-19T23:30:00Z'),
  source: 'Veille des Réseaux',
}

/** 00:30 on 25 October in Paris, summer time (UTC+2) still: 22:30 UTC on the 24th. */
const beforeClockChange: SeedArticle = {
  title: 'Calendrier éditorial : préparer les réseaux sociaux pour la fin d’année',
  text: 'Le calendrier éditorial de fin d’année se prépare dès octobre : le community manager planifie les publications et la modération des fêtes.',
  lang: 'fr',
  publishedAt: new Date('2026-10-24T22:30:00Z'),
  source: 'Veille des Réseaux',
}

const lateApp = async () => {
  const t = await curatorApp('curator', { extra: [justAfterMidnight, beforeClockChange] })
  t.clock.set(LATE_EVENING)
  return { ...t, early: t.extraIds[0]!, october: t.extraIds[1]! }
}

const shortlistIds = (html: string) =>
  [...html.matchAll(/<li class="shortlist-item[^"]*" data-id="(\d+)"/g)].map((m) => Number(m[1]))
const cardIds = (html: string) =>
  [...html.matchAll(/<article class="story-card" id="card-(\d+)"/g)].map((m) => Number(m[1]))
const resultLinks = (html: string) =>
  [...html.matchAll(/<li class="result">\s*<h2>\s*<a href="\/articles\/(\d+)"/g)].map((m) =>
    Number(m[1]),
  )

describe('a curator’s day is the sector’s', () => {
  it('opens the shortlist of the local day, made of that day and the one before in its time zone', async () => {
    const t = await lateApp()
    const page = await (await t.request('/shortlist')).text()
    expect(page).toContain('Sélection du 21 nov. 2026')
    expect(page).toContain('<input type="date" name="date" value="2026-11-21"')
    // The 20th in Paris began at 23:00 UTC on the 19th: the article of 00:30 belongs to it.
    expect(shortlistIds(page)).toContain(t.early)
    const api = await (await t.request(`/api/shortlist?sector=${SECTOR}`)).json()
    expect(api.day).toBe('2026-11-21')
  })

  it('snoozes until a local day: tomorrow is the 22nd, and the card returns at midnight in Paris', async () => {
    const t = await lateApp()
    const queue = await (await t.request('/queue')).text()
    expect(queue).toContain('name="snoozeUntil" value="2026-11-22" min="2026-11-22"')
    // The 21st has begun in Paris: snoozing until it would bring the card back at once.
    const today = await t.request(
      `/queue/${t.early}/decision`,
      form({ action: 'snooze', snoozeUntil: '2026-11-21' }),
    )
    expect(today.status).toBe(400)
    const ok = await t.request(
      `/queue/${t.early}/decision`,
      form({ action: 'snooze', snoozeUntil: '2026-11-22' }),
    )
    expect(ok.status).toBe(303)
    const [row] = await t.db.db
      .select({ until: articles.snoozeUntil })
      .from(articles)
      .where(eq(articles.id, t.early))
    expect(row!.until!.toISOString()).toBe('2026-11-21T23:00:00.000Z')
    t.clock.set('2026-11-21T22:59:00Z')
    expect(cardIds(await (await t.request('/queue')).text())).not.toContain(t.early)
    t.clock.set('2026-11-21T23:01:00Z')
    expect(cardIds(await (await t.request('/queue')).text())).toContain(t.early)
  })

  it('filters the queue and search by local days', async () => {
    const t = await lateApp()
    const since20 = cardIds(await (await t.request('/queue?since=2026-11-20')).text())
    expect(since20).toContain(t.early)
    expect(since20).not.toContain(t.ids.moderationFr)

    const q = 'statistiques Threads'
    const from20 = resultLinks(
      await (await t.request(`/search?q=${encodeURIComponent(q)}&from=2026-11-20`)).text(),
    )
    expect(from20).toContain(t.early)
    const to19 = resultLinks(
      await (await t.request(`/search?q=${encodeURIComponent(q)}&to=2026-11-19`)).text(),
    )
    expect(to19).not.toContain(t.early)
    // The date facets count back from the local day.
    const page = await (await t.request(`/search?q=${encodeURIComponent(q)}`)).text()
    expect(page).toContain('from=2026-11-14')
  })

  it('charts the dashboard by local days, the clock change included', async () => {
    const t = await lateApp()
    await t.request(`/queue/${t.ids.carrouselBlog}/decision`, form({ action: 'approve' }))
    const html = await (await t.request(`/dashboard?sector=${SECTOR}`)).text()
    const decisions = html.slice(html.indexOf('id="chart-decisions"'))
    // Approved at 00:30 on the 21st in Paris: the last day of the axis.
    expect(decisions).toContain('<tr><th scope="row">21/11</th><td>1</td><td>0</td><td>0</td></tr>')
    const perDay = html.slice(
      html.indexOf('id="chart-articles"'),
      html.indexOf('id="chart-scores"'),
    )
    expect(perDay).toContain('<tr><th scope="row">25/10</th><td>1</td></tr>')
    expect(perDay).toContain('<tr><th scope="row">24/10</th><td>0</td></tr>')
    expect(perDay).toContain('<tr><th scope="row">20/11</th><td>6</td></tr>')
  })
})
