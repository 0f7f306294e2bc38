import { describe, expect, it } from 'vitest'
import { crawlRuns } from '../../db/schema.ts'
import { loadConfig } from '../../src/config.ts'
import { currentCrawl } from '../../src/jobs/crawl.ts'
import { startCrawlLoop } from '../../src/jobs/loop.ts'
import { openServices } from '../../src/jobs/services.ts'
import { silentLog } from '../../src/lib/log.ts'
import { blogsOnServer, vigie } from '../helpers/crawl-processes.ts'

const until = async (what: () => Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('crawl runs as the crawl page reads them', () => {
  it("follow a cron crawl's feeds and pages from the database while it runs, with the right totals", async () => {
    const { db, env } = await blogsOnServer({ feeds: 3, perFeed: 6, pageDelayMs: 300 })
    const crawl = vigie(['crawl', '--json'], env)
    const seen: { total: number; done: number; queued: number; handled: number }[] = []
    // Sampled while another process crawls: what the page shows without a crawler of its own.
    await until(async () => {
      const s = await currentCrawl(db.db, null)
      if (s?.running) {
        seen.push({
          total: s.feedsTotal,
          done: s.feedsDone,
          queued: s.pagesQueued,
          handled: s.pagesExtracted + s.pagesFailed,
        })
      }
      return s?.running === false
    }, 60_000)
    const run = await crawl.done
    expect(run.code, run.stderr).toBe(0)
    // Never "0 / 0": the total is known from the start, and never below what is done.
    expect(seen.length).toBeGreaterThan(2)
    expect(seen.every((s) => s.total === 3 && s.done <= s.total)).toBe(true)
    // Pages show up as queued before they are all extracted (the stall the page used to hide).
    expect(seen.some((s) => s.queued > 0 && s.handled < s.queued)).toBe(true)
    const rows = await db.db.select().from(crawlRuns)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      feedsTotal: 3,
      feedsDone: 3,
      pagesQueued: 18,
      pagesExtracted: 18,
      pagesFailed: 0,
    })
    expect(rows[0]!.finishedAt).toBeInstanceOf(Date)
  }, 90_000)

  it('the background loop records its crawl, and its idle ticks add no run', async () => {
    const { db, env } = await blogsOnServer({ feeds: 2, perFeed: 3, pageDelayMs: 0 })
    const services = await openServices(
      loadConfig({ ...env, VIGIE_CRAWL_ON_START: '1', VIGIE_CRAWL_INTERVAL_S: '1' }),
      silentLog,
    )
    const loop = startCrawlLoop(services)
    try {
      await until(async () => {
        const [row] = await db.db.select().from(crawlRuns)
        return !!row?.finishedAt
      })
      // Three more ticks with nothing due.
      await new Promise((r) => setTimeout(r, 3500))
      const rows = await db.db.select().from(crawlRuns)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({
        feedsDone: 2,
        feedsTotal: 2,
        pagesQueued: 6,
        pagesExtracted: 6,
      })
      // The page's status, idle now, is this process's last crawl (with its figures).
      const s = await currentCrawl(db.db, loop.status())
      expect(s).toMatchObject({
        running: false,
        runId: rows[0]!.id,
        feedsDone: 2,
        pagesExtracted: 6,
      })
    } finally {
      await loop.stop()
      await services.close?.()
    }
  }, 60_000)
})
