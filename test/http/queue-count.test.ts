import { describe, expect, it } from 'vitest'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { NOW, SECTOR } from '../fixtures/http/curator-articles.ts'
import type { SeedArticle } from '../helpers/seed.ts'

// Three stories told by two sources each (the same text, one line apart), and single articles in
// French and English, each on its own subject: the count must group what the list groups and drop
// what a decision drops.
const SUBJECTS = [
  'Threads ouvre son API aux outils de planification et les agences testent la publication programmée',
  'Bluesky dépasse les vingt millions de comptes et les médias y ouvrent des fils officiels',
  'Les avis Google deviennent un canal de service client que les marques locales doivent modérer',
  'Les carrousels LinkedIn portent encore la portée organique des pages entreprise',
  'Instagram teste un fil sans publicités réservé aux abonnés payants',
  'Employer advocacy: why staff posts outperform brand pages on reach',
  'TikTok search is the new SEO for community managers and small brands',
  'Modérer une crise de réputation un dimanche soir sans équipe de permanence',
]
const words = (subject: string) =>
  subject
    .toLowerCase()
    .split(/[^a-zà-ÿ]+/)
    .filter((w) => w.length > 3)
const textOf = (subject: string) =>
  Array.from(
    { length: 12 },
    (_, k) =>
      `${words(subject)
        .slice(k % 3)
        .join(' ')}.`,
  ).join(' ')

const story = (i: number): SeedArticle[] =>
  ['Blog Alpha', 'Média Beta'].map((source, k) => ({
    title: SUBJECTS[i]!,
    text: `${textOf(SUBJECTS[i]!)}${k ? ' Mise à jour du soir.' : ''}`,
    publishedAt: new Date(NOW.getTime() - (i * 5 + k + 1) * 3_600_000),
    source,
  }))

const singles: SeedArticle[] = SUBJECTS.slice(3).map((title, i) => ({
  title,
  text: textOf(title),
  lang: /[:]|search/.test(title) ? 'en' : 'fr',
  publishedAt: new Date(NOW.getTime() - (i + 20) * 3_600_000),
  source: i % 2 ? 'Blog Alpha' : 'Média Beta',
}))

describe('the queue count', () => {
  it('is the number of stories the queue lists, for every filter, before and after decisions', async () => {
    const t = await curatorApp('curator', {
      extra: [...story(0), ...story(1), ...story(2), ...singles],
    })
    const listed = async (query: string) => {
      const res = await (await t.request(`/api/queue?sector=${SECTOR}&limit=500${query}`)).json()
      return {
        total: res.total as number,
        ids: res.stories.map((s: { id: number }) => s.id) as number[],
      }
    }
    const filters = ['', '&lang=fr', '&lang=en', '&minScore=0.3', '&state=reshare']
    const check = async () => {
      for (const f of filters) {
        const { total, ids } = await listed(f)
        expect(ids.length, f).toBe(total)
      }
    }
    const before = await listed('')
    expect(before.total).toBeGreaterThan(5)
    await check()
    // One article of a two-source story decided: the story leaves the list and the count.
    const storyIds = before.ids.filter((id) => t.extraIds.slice(0, 6).includes(id))
    expect(storyIds.length).toBeGreaterThan(0)
    await t.request(`/queue/${storyIds[0]}/decision`, form({ action: 'reshare' }))
    await t.request(
      `/queue/${before.ids.at(-1)}/decision`,
      form({
        action: 'snooze',
        snoozeUntil: new Date(NOW.getTime() + 3 * 86_400_000).toISOString().slice(0, 10),
      }),
    )
    await t.deps.scoring.settled()
    const after = await listed('')
    expect(after.total).toBe(before.total - 2)
    expect((await listed('&state=reshare')).total).toBe(1)
    await check()
  }, 60_000)
})
