import { describe, expect, it } from 'vitest'
import { writeAnnotation } from '../../src/store/index.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { NOW, SECTOR } from '../fixtures/http/curator-articles.ts'
import type { SeedArticle } from '../helpers/seed.ts'

const cardIds = (html: string) =>
  [...html.matchAll(/<article class="story-card" id="card-(\d+)"/g)].map((m) => Number(m[1]))

// Words enough for every article to be a story of its own (no two texts alike).
const WORDS =
  'linkedin instagram tiktok newsletter podcast webinaire modération communauté engagement algorithme carrousel reels influence marque employeur crise réputation avis clients veille concurrence budget campagne audience portée abonnés story live vidéo format texte image sondage hashtag événement salon conférence recrutement ambassadeurs collaborateurs formation outil tableau mesure statistiques rapport étude baromètre tendance'.split(
    ' ',
  )

/** 80 articles of distinct stories, published over the last two days. */
function manyStories(): SeedArticle[] {
  let seed = 7
  const next = () => (seed = (seed * 48271) % 2147483647) % WORDS.length
  return Array.from({ length: 80 }, (_, i) => {
    const words = Array.from({ length: 60 }, next).map((k) => WORDS[k])
    return {
      title: `Note ${i} : ${words.slice(0, 6).join(' ')}`,
      text: `${words.join(' ')} ${i}`,
      publishedAt: new Date(NOW.getTime() - (i + 1) * 30 * 60_000),
      source: `Source ${i % 7}`,
    }
  })
}

describe('the queue counts and pages through every story', () => {
  it('says how many stories match, and reaches the rest a page at a time, filters kept', async () => {
    const t = await curatorApp('curator', { extra: manyStories() })
    const first = await (await t.request(`/queue?sector=${SECTOR}&lang=fr`)).text()
    const total = Number(/Sujets 1 à 60 sur (\d+)/.exec(first)?.[1])
    expect(total).toBeGreaterThan(60)
    expect(cardIds(first)).toHaveLength(60)
    // The page links keep the filters and give the place in the rank: after the last card shown.
    const lastOfFirst = cardIds(first).at(-1)
    expect(first).toContain(
      `href="/queue?sector=${SECTOR}&amp;lang=fr&amp;after=${lastOfFirst}&amp;page=2" rel="next"`,
    )
    expect(first).not.toContain('rel="prev"')
    const second = await (
      await t.request(`/queue?sector=${SECTOR}&lang=fr&after=${lastOfFirst}&page=2`)
    ).text()
    expect(second).toContain(`Sujets 61 à ${total} sur ${total}`)
    expect(second).not.toContain('rel="next"')
    expect(second).toContain(`href="/queue?sector=${SECTOR}&amp;lang=fr" rel="prev"`)
    const all = [...cardIds(first), ...cardIds(second)]
    expect(new Set(all).size).toBe(total)
    expect(all).toHaveLength(total)
    // Back from the second page by its first card: the first page again.
    const back = await (
      await t.request(`/queue?sector=${SECTOR}&lang=fr&before=${cardIds(second)[0]}&page=1`)
    ).text()
    expect(cardIds(back)).toEqual(cardIds(first))
    expect(back).not.toContain('rel="prev"')
    // The API gives the same total, and the cursor of the next page: the last story listed.
    const api = await (await t.request(`/api/queue?sector=${SECTOR}&lang=fr&limit=50`)).json()
    expect(api).toMatchObject({ total, nextAfter: api.stories[49].id })
    const last = await (
      await t.request(`/api/queue?sector=${SECTOR}&lang=fr&limit=50&after=${api.nextAfter}`)
    ).json()
    expect(last).toMatchObject({ total, nextAfter: null })
    expect([...api.stories, ...last.stories].map((s: { id: number }) => s.id)).toEqual(all)
    // A decided story leaves the count.
    await t.request(`/queue/${all[0]}/decision`, form({ action: 'reject' }))
    const after = await (await t.request(`/queue?sector=${SECTOR}&lang=fr`)).text()
    expect(after).toContain(`sur ${total - 1}`)
  }, 60_000)

  it('pages the API by cursor: a story decided meanwhile is skipped, none comes twice', async () => {
    const t = await curatorApp('curator', { extra: manyStories() })
    const page = async (after?: number) => {
      const res = await t.request(
        `/api/queue?sector=${SECTOR}&limit=10${after ? `&after=${after}` : ''}`,
      )
      expect(res.status).toBe(200)
      return (await res.json()) as { nextAfter: number | null; stories: { id: number }[] }
    }
    const everything: number[] = []
    for (let p = await page(); ; p = await page(p.nextAfter!)) {
      everything.push(...p.stories.map((s) => s.id))
      if (p.nextAfter === null) break
    }
    expect(everything.length).toBeGreaterThan(60)

    const seen: number[] = []
    const decided = new Set<number>()
    const ahead = new Set<number>()
    for (let p = await page(), round = 0; ; p = await page(p.nextAfter!), round++) {
      seen.push(...p.stories.map((s) => s.id))
      if (p.nextAfter === null) break
      // Between two pages: reject the page's last story (the cursor itself) and one further down, with
      // offsets these would shift every later page by two.
      const further = everything.filter((id) => !seen.includes(id) && !decided.has(id))[round]
      if (further !== undefined) ahead.add(further)
      for (const id of [p.nextAfter, further]) {
        if (id === undefined) continue
        decided.add(id)
        const res = await t.request(`/api/articles/${id}/decision`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'reject' }),
        })
        expect(res.status).toBe(200)
      }
    }
    expect(new Set(seen).size).toBe(seen.length)
    const missed = everything.filter((id) => !decided.has(id) && !seen.includes(id))
    expect(missed).toEqual([])
    // Those decided before their page was read never showed up.
    expect(ahead.size).toBeGreaterThan(3)
    expect(seen.filter((id) => ahead.has(id))).toEqual([])

    // A cursor from another sector or from nowhere is refused, not read as "from the top".
    const bad = await t.request(`/api/queue?sector=${SECTOR}&after=999999`)
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ field: 'after' })
  }, 60_000)

  it('lists what was decided "to reshare" apart, and filters by an annotation tag', async () => {
    const t = await curatorApp()
    await t.request(`/queue/${t.ids.reelsEn}/decision`, form({ action: 'reshare' }))
    const queue = await (await t.request(`/queue?sector=${SECTOR}`)).text()
    expect(cardIds(queue)).not.toContain(t.ids.reelsEn)
    const reshare = await (await t.request(`/queue?sector=${SECTOR}&state=reshare`)).text()
    expect(cardIds(reshare)).toEqual([t.ids.reelsEn])
    expect(reshare).toContain('1 sujet')
    expect(reshare).not.toContain('1 sujets')
    expect(reshare).toMatch(
      /<a href="\/queue\?sector=community-management&amp;state=reshare" aria-current="page">À repartager<\/a>/,
    )

    await writeAnnotation(
      t.db.db,
      {
        articleId: t.ids.moderationFr,
        sectorSlug: SECTOR,
        note: '',
        tags: ['modération', 'à relire'],
        commentary: '',
        baseVersion: 0,
        userId: null,
      },
      NOW,
    )
    const tagged = await (
      await t.request(`/queue?sector=${SECTOR}&tag=${encodeURIComponent('à relire')}`)
    ).text()
    expect(cardIds(tagged)).toEqual([t.ids.moderationFr])
    // The card's tags lead to the queue filtered by them.
    expect(tagged).toContain(`href="/queue?sector=${SECTOR}&amp;tag=mod%C3%A9ration"`)
    const none = await (await t.request(`/queue?sector=${SECTOR}&tag=inconnue`)).text()
    expect(cardIds(none)).toEqual([])
    expect(none).toContain('0 sujet')
    const bad = await t.request(`/queue?sector=${SECTOR}&state=archived`)
    expect(bad.status).toBe(400)
  }, 60_000)
})
