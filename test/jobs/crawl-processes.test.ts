import { asc } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { crawlRuns } from '../../db/schema.ts'
import { articleCounts, blogsOnServer, vigie } from '../helpers/crawl-processes.ts'

const FEEDS = 12
const PER_FEED = 3
const all = {
  total: FEEDS * PER_FEED,
  distinctUrls: FEEDS * PER_FEED,
  pending: 0,
  ok: FEEDS * PER_FEED,
}

describe('several crawler processes on one database file', () => {
  it('never fetch the same feed twice: each feed is leased by one process', async () => {
    const { db, env, feedHits } = await blogsOnServer({
      feeds: FEEDS,
      perFeed: PER_FEED,
      pageDelayMs: 30,
    })
    const runs = await Promise.all([1, 2, 3].map(() => vigie(['crawl', '--json'], env).done))
    for (const r of runs) expect(r.code, r.stderr).toBe(0)
    const summaries = runs.map((r) => JSON.parse(r.stdout))
    expect(summaries.reduce((n, s) => n + s.feedsOk, 0)).toBe(FEEDS)
    expect(summaries.reduce((n, s) => n + s.articlesNew, 0)).toBe(FEEDS * PER_FEED)
    expect([...feedHits.values()]).toEqual(Array(FEEDS).fill(1))
    expect(await articleCounts(db)).toEqual(all)
  }, 60_000)
})

describe('a crawler killed mid-crawl', () => {
  it('leaves no duplicate, and the next crawl, started at once, takes its feeds over and finishes them', async () => {
    // Leases as long as in production: the next crawl must not wait for them to run out.
    const { db, env } = await blogsOnServer({
      feeds: FEEDS,
      perFeed: PER_FEED,
      pageDelayMs: 250,
      leaseMs: 300_000,
    })
    const { child, done } = vigie(['crawl', '--json'], env)
    for (let i = 0; i < 400; i++) {
      const c = await articleCounts(db)
      if (c.ok >= 2 && c.pending > 0) break
      await new Promise((r) => setTimeout(r, 50))
    }
    child.kill('SIGKILL')
    await done
    const mid = await articleCounts(db)
    expect(mid.pending).toBeGreaterThan(0)
    expect(mid.total).toBe(mid.distinctUrls)

    const next = await vigie(['crawl', '--json', '--all'], env).done
    expect(next.code, next.stderr).toBe(0)
    expect(JSON.parse(next.stdout)).toMatchObject({ feedsLeased: 0, feedsFailed: 0 })
    expect(await articleCounts(db)).toEqual(all)
    const runs = await db.db.select().from(crawlRuns).orderBy(asc(crawlRuns.id))
    expect(runs).toHaveLength(2)
    expect(runs[0]).toMatchObject({ finishedAt: null, interruptedAt: expect.any(Date) })
    expect(runs[1]).toMatchObject({
      finishedAt: expect.any(Date),
      interruptedAt: null,
      feedsDone: FEEDS,
    })

    const again = await vigie(['crawl', '--json', '--all'], env).done
    expect(JSON.parse(again.stdout)).toMatchObject({
      articlesNew: 0,
      feedsFailed: 0,
      feedsLeased: 0,
    })
    expect((await articleCounts(db)).total).toBe(FEEDS * PER_FEED)
  }, 90_000)
})
