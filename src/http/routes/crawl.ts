import type { Context, Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { currentCrawl, recentCrawlRuns, type CrawlStatus } from '../../jobs/crawl.ts'
import { countCrawlRuns } from '../../store/index.ts'
import { CrawlPage, type CrawlSnapshot } from '../../../web/views/crawl/crawl-page.tsx'
import type { Translate } from '../../../web/i18n/index.ts'
import { feedErrorOf } from '../../../web/views/sources/feed-problem.tsx'
import type { AppDeps, AppEnv } from '../env.ts'
import { requireRole } from '../middleware/session.ts'
import { canDecide, frameOf, parseWith, renderPage } from './queue.ts'

const TICK_MS = 1000
// How many of the crawl's errors the page lists, latest first.
const LAST_ERRORS = 5
// Runs listed a page at a time, newest first; the page says which of how many it shows.
const RUNS_PER_PAGE = 15
const Query = z.object({
  flash: z.enum(['started', 'alreadyRunning', 'unavailable']).optional(),
  page: z.coerce.number().int().positive().max(100_000).optional(),
})

/**
 * The crawl's status as the page and the event stream show it: 'idle' when nothing runs. A crawl of
 * another process (cron) is read from its run's row.
 */
export async function crawlSnapshot(
  deps: Pick<AppDeps, 'crawler' | 'db'>,
  t: Translate,
): Promise<CrawlSnapshot> {
  const s: CrawlStatus | null = await currentCrawl(deps.db, deps.crawler?.status() ?? null)
  return {
    state: s?.running ? 'running' : 'idle',
    feedsDone: s?.feedsDone ?? 0,
    feedsTotal: s?.feedsTotal ?? 0,
    feedsOk: s?.feedsOk ?? 0,
    feedsFailed: s?.feedsFailed ?? 0,
    feedsLeased: s?.feedsLeased ?? 0,
    articlesNew: s?.articlesNew ?? 0,
    pagesQueued: s?.pagesQueued ?? 0,
    pagesExtracted: s?.pagesExtracted ?? 0,
    pagesFailed: s?.pagesFailed ?? 0,
    errors: s?.errorCount ?? s?.errors.length ?? 0,
    // A sentence the curator understands; the raw error stays as the detail.
    lastErrors: (s?.errors ?? [])
      .slice(-LAST_ERRORS)
      .reverse()
      .map((e) => ({
        feedUrl: e.feedUrl,
        error: feedErrorOf(t, { lastError: e.error, lastStatus: null })?.text ?? e.error,
        detail: e.error,
      })),
    current: s?.running ? (s.current ?? null) : null,
  }
}

const wantsJson = (c: Context<AppEnv>) =>
  (c.req.header('accept') ?? '').includes('application/json')

/** The crawl status page, its live event stream, and "crawl now". */
export function crawlRoutes(app: Hono<AppEnv>) {
  app.get('/crawl', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(Query, c.req.query())
    const { crawler } = c.var.deps
    const total = await countCrawlRuns(c.var.deps.db)
    // A page past the last (an old link) shows the last.
    const page = Math.min(q.page ?? 1, Math.max(1, Math.ceil(total / RUNS_PER_PAGE)))
    // Runs first: reading them marks those of crawlers gone as interrupted.
    const runs = await recentCrawlRuns(c.var.deps, RUNS_PER_PAGE, (page - 1) * RUNS_PER_PAGE)
    return renderPage(
      c,
      CrawlPage({
        frame: frameOf(c, null),
        runs,
        runsPaging: {
          total,
          from: (page - 1) * RUNS_PER_PAGE,
          pageSize: RUNS_PER_PAGE,
          page,
          href: (n) => (n > 1 ? `/crawl?page=${n}` : '/crawl'),
        },
        snapshot: await crawlSnapshot(c.var.deps, c.var.t),
        canCrawl: canDecide(c),
        available: !!crawler,
        flash: q.flash ?? null,
      }),
    )
  })

  // One status event a second while the browser listens; the loop ends when it goes away.
  app.get('/crawl/events', (c) => {
    requireRole(c, 'viewer')
    const { deps, t } = c.var
    const signal = c.req.raw.signal
    return streamSSE(c, async (stream) => {
      let id = 0
      try {
        while (!stream.aborted && !stream.closed && !signal.aborted) {
          const data = JSON.stringify(await crawlSnapshot(deps, t))
          // retry: how long the browser waits before reconnecting after the server restarts.
          await stream.writeSSE({
            event: 'status',
            data,
            id: String(id),
            retry: id === 0 ? 5000 : undefined,
          })
          id++
          await stream.sleep(TICK_MS)
        }
      } catch (err) {
        // A status that cannot be read (the database gone) ends the stream, and the browser comes
        // back after `retry`. The error goes to the app's log: Hono would print it to the console.
        if (!signal.aborted) deps.log.warn('crawl events stopped', { error: String(err) })
      }
    })
  })

  app.post('/crawl', async (c) => {
    requireRole(c, 'curator')
    const { crawler, log } = c.var.deps
    let flash: 'started' | 'alreadyRunning' | 'unavailable' = 'unavailable'
    if (crawler) {
      flash = crawler.status()?.running ? 'alreadyRunning' : 'started'
      // The crawl takes minutes: answer now, the page follows it live.
      void Promise.resolve(crawler.crawlNow()).catch((err) =>
        log.error('crawl now failed', { error: String(err) }),
      )
    }
    if (wantsJson(c))
      return c.json(
        { result: flash, status: await crawlSnapshot(c.var.deps, c.var.t) },
        flash === 'unavailable' ? 503 : 202,
      )
    return c.redirect(`/crawl?flash=${flash}`, 303)
  })
}
