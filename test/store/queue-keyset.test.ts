import { describe, expect, it } from 'vitest'
import { queueCount, queueNeighbours, queueOf, type QueueFilters } from '../../src/jobs/queue.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { sql } from 'drizzle-orm'
import { recordDecision, saveScores, writeAnnotation } from '../../src/store/index.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const NOW = new Date('2026-11-20T10:00:00Z')
const DAY = 86_400_000

interface Row {
  id: number
  story: number
  score: number
  lang: 'fr' | 'en'
  publishedAt: Date
  status: 'new' | 'approved' | 'rejected' | 'snoozedFuture' | 'snoozedPast'
  feedId: number
  tags: string[]
}

/**
 * 320 articles in about 200 stories: scores on a coarse grid (many ties, within and across stories),
 * some stories of several articles, some articles out of the 30-day window, some decided or snoozed.
 */
async function fixture() {
  const database = await tempDb()
  await seedShippedSectors(database, NOW)
  let seed = 12345
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647
  const N = 320
  const list = Array.from({ length: N }, (_, i) => ({
    title: `Billet ${i} : animer une communauté sur LinkedIn`,
    text: `Un billet numéro ${i} sur la gestion de communauté et les réseaux sociaux.`,
    lang: (i % 3 === 0 ? 'en' : 'fr') as 'fr' | 'en',
    // Most in the window, one in ten 35 to 45 days old (out of it).
    publishedAt: new Date(NOW.getTime() - (i % 10 === 9 ? 35 + (i % 11) : (i % 29) + 0.5) * DAY),
    source: `Source ${i % 9}`,
  }))
  const ids = await seedArticles(database, SECTOR, list)
  const feedOf = new Map(
    (
      await database.db.all<{ id: number; feedId: number }>(
        sql`select id, feed_id as feedId from articles`,
      )
    ).map((r) => [Number(r.id), Number(r.feedId)]),
  )
  const rows: Row[] = []
  for (let i = 0; i < N; i++) {
    // About 60% alone; the rest join one of the 40 previous articles' stories.
    const story = i > 40 && rand() < 0.4 ? rows[i - 1 - Math.floor(rand() * 40)]!.story : ids[i]!
    rows.push({
      id: ids[i]!,
      story,
      score: Math.round(rand() * 20) / 20,
      lang: list[i]!.lang,
      publishedAt: list[i]!.publishedAt,
      status: 'new',
      feedId: feedOf.get(ids[i]!)!,
      // One in seven tagged by the curator.
      tags: i % 7 === 3 ? ['veille'] : [],
    })
  }
  await saveScores(
    database.db,
    rows.map((r) => ({
      articleId: r.id,
      sectorSlug: SECTOR,
      score: r.score,
      explanation: { reason: 'test' },
      storyId: r.story,
      computedAt: NOW,
    })),
  )
  const decide = async (r: Row, status: Row['status']) => {
    r.status = status
    const action = status === 'approved' ? 'approve' : status === 'rejected' ? 'reject' : 'snooze'
    const snoozeUntil =
      status === 'snoozedFuture' ? new Date(NOW.getTime() + 2 * DAY) : new Date(NOW.getTime() - DAY)
    await recordDecision(
      database.db,
      { articleId: r.id, action, snoozeUntil },
      new Date(NOW.getTime() - 2 * DAY),
    )
  }
  for (const r of rows.filter((r) => r.tags.length)) {
    await writeAnnotation(
      database.db,
      {
        articleId: r.id,
        sectorSlug: SECTOR,
        note: '',
        tags: r.tags,
        commentary: '',
        baseVersion: 0,
        userId: null,
      },
      NOW,
    )
  }
  for (let i = 5; i < N; i += 23) await decide(rows[i]!, 'approved')
  for (let i = 11; i < N; i += 31) await decide(rows[i]!, 'rejected')
  for (let i = 17; i < N; i += 37) await decide(rows[i]!, 'snoozedFuture')
  for (let i = 2; i < N; i += 41) await decide(rows[i]!, 'snoozedPast')
  return { database, rows, deps: { db: database.db, clock: fixedClock(NOW) } }
}

const WINDOW_START = NOW.getTime() - 30 * DAY

/** The queue computed from the rows by its definition, as the list of each story's card id. */
function expected(rows: Row[], f: QueueFilters = {}): number[] {
  const inWindow = rows.filter((r) => r.publishedAt.getTime() >= WINDOW_START)
  const hidden = new Set(
    inWindow.filter((r) => r.status !== 'new' && r.status !== 'snoozedPast').map((r) => r.story),
  )
  const listed = inWindow.filter(
    (r) =>
      (r.status === 'new' || r.status === 'snoozedPast') &&
      !hidden.has(r.story) &&
      (!f.lang || r.lang === f.lang) &&
      (!f.feedIds || f.feedIds.includes(r.feedId)) &&
      (!f.tag || r.tags.includes(f.tag)),
  )
  const rank = (a: Row, b: Row) => b.score - a.score || b.id - a.id
  const heads = new Map<number, Row>()
  for (const r of listed) {
    const h = heads.get(r.story)
    if (!h || rank(r, h) < 0) heads.set(r.story, r)
  }
  return [...heads.values()].sort(rank).map((r) => r.id)
}

/** Every page of the queue, each read after the last card of the one before. */
async function pagesAfter(deps: Parameters<typeof queueOf>[0], f: QueueFilters, size: number) {
  const pages: number[][] = []
  let after: number | undefined
  for (;;) {
    const cards = await queueOf(deps, SECTOR, { ...f, limit: size, after, explain: false })
    if (!cards.length) return pages
    pages.push(cards.map((c) => c.id))
    after = cards.at(-1)!.id
  }
}

describe('the queue read from the stored rank', () => {
  it('pages forwards and backwards, counts, and gives prev/next in the queue order, ties included', async () => {
    const { rows, deps } = await fixture()
    const order = expected(rows)
    expect(order.length).toBeGreaterThan(100)
    // Ties: several listed stories share a score.
    const scores = order.map((id) => rows.find((r) => r.id === id)!.score)
    expect(new Set(scores).size).toBeLessThan(scores.length / 4)

    const top = await queueOf(deps, SECTOR, { limit: 1000, explain: false })
    expect(top.map((c) => c.id)).toEqual(order)
    // Each card lists its story's other listed articles.
    for (const c of top) {
      const members = rows.filter(
        (r) =>
          r.story === c.storyId &&
          r.id !== c.id &&
          (r.status === 'new' || r.status === 'snoozedPast') &&
          r.publishedAt.getTime() >= WINDOW_START,
      )
      expect(c.alsoCoveredBy.map((o) => o.id).sort()).toEqual(members.map((m) => m.id).sort())
    }

    const pages = await pagesAfter(deps, {}, 17)
    expect(pages.flat()).toEqual(order)
    expect(pages.slice(0, -1).every((p) => p.length === 17)).toBe(true)
    // Backwards from each page's first card: the page before it.
    for (let p = 1; p < pages.length; p++) {
      const before = await queueOf(deps, SECTOR, {
        limit: 17,
        before: pages[p]![0],
        explain: false,
      })
      expect(before.map((c) => c.id)).toEqual(pages[p - 1])
    }
    expect(await queueCount(deps, SECTOR)).toBe(order.length)
    expect(await queueCount(deps, SECTOR, {}, 10)).toBe(10)

    // With a filter: the language's stories only, each as its best article in that language.
    const english = expected(rows, { lang: 'en' })
    expect((await pagesAfter(deps, { lang: 'en' }, 13)).flat()).toEqual(english)
    expect(await queueCount(deps, SECTOR, { lang: 'en' })).toBe(english.length)

    // Prev/next of every article of a listed story (card or other source) are the stories around it.
    const storyOf = new Map(rows.map((r) => [r.id, r.story]))
    const headOfStory = new Map(order.map((id) => [storyOf.get(id)!, id]))
    for (const r of rows) {
      const near = await queueNeighbours(deps, r.id)
      const head = headOfStory.get(r.story)
      // An article stands where its story does (even one of its articles out of the window).
      const listed = head !== undefined
      if (!listed) {
        expect(near, `article ${r.id}`).toEqual({ card: null, prev: null, next: null })
        continue
      }
      const at = order.indexOf(head)
      expect(near.card?.id).toBe(head)
      expect(near.prev?.id ?? null).toBe(at > 0 ? order[at - 1] : null)
      expect(near.next?.id ?? null).toBe(at + 1 < order.length ? order[at + 1] : null)
    }
  }, 120_000)

  it('lists a few sources, a language or a tag from their own articles: the same stories, pages and count', async () => {
    const { rows, deps } = await fixture()
    const [first, second] = [...new Set(rows.map((r) => r.feedId))]
    for (const f of [
      { feedIds: [first!] },
      { feedIds: [first!, second!] },
      { tag: 'veille' },
      { feedIds: [second!], tag: 'veille' },
      { tag: 'nobody-uses-it' },
      { lang: 'en' },
      { lang: 'en', feedIds: [first!] },
      { lang: 'fr', tag: 'veille' },
      { lang: 'de' },
    ]) {
      const want = expected(rows, f)
      if (!f.tag?.startsWith('nobody') && f.lang !== 'de')
        expect(want.length, JSON.stringify(f)).toBeGreaterThan(2)
      expect((await pagesAfter(deps, f, 4)).flat(), JSON.stringify(f)).toEqual(want)
      expect(await queueCount(deps, SECTOR, f), JSON.stringify(f)).toBe(want.length)
    }
  }, 120_000)

  it('lists every undecided story exactly once across pages while decisions arrive', async () => {
    const { rows, deps } = await fixture()
    const before = expected(rows)
    const seen: number[] = []
    const decided = new Set<number>()
    const decidedAhead = new Set<number>()
    let after: number | undefined
    let round = 0
    for (;;) {
      const cards = await queueOf(deps, SECTOR, { limit: 20, after, explain: false })
      if (!cards.length) break
      seen.push(...cards.map((c) => c.id))
      after = cards.at(-1)!.id
      // Between two pages the curator decides a story already seen and one further down.
      const ahead = before.filter((id) => !seen.includes(id) && !decided.has(id))
      const further = ahead[(round * 3) % Math.max(1, ahead.length)]
      if (further !== undefined) decidedAhead.add(further)
      for (const id of [cards[0]!.id, further].filter((x) => x !== undefined)) {
        decided.add(id)
        await recordDecision(
          deps.db,
          { articleId: id, action: round % 2 ? 'approve' : 'reject' },
          NOW,
        )
      }
      round++
    }
    expect(new Set(seen).size).toBe(seen.length)
    for (const id of before) if (!decided.has(id)) expect(seen, `story of ${id}`).toContain(id)
    // The stories decided before their page was read never showed up.
    expect(decidedAhead.size).toBeGreaterThan(3)
    for (const id of decidedAhead) expect(seen).not.toContain(id)
  }, 120_000)
})
