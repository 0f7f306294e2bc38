import { crawlerId, ownerIsGone, refreshFeed, type CrawlDeps } from '../crawl/index.ts'
import { completePending, type CompleteDeps } from '../extract/complete-pending.ts'
import type { Extractor } from '../extract/index.ts'
import type { Clock } from '../lib/clock.ts'
import { errorMessage } from '../lib/errors.ts'
import type { HostLimiter } from '../lib/host-limiter.ts'
import type { Log } from '../lib/log.ts'
import type { SafeFetch } from '../lib/safe-fetch.ts'
import { createSlots, type Slots } from '../lib/slots.ts'
import {
  breakLease,
  claimFeeds,
  createFeedStateWriter,
  countClaimable,
  countLeasedElsewhere,
  latestCrawlRuns,
  markCrawlRunInterrupted,
  openCrawlRuns,
  renewLeases,
  runningLeases,
  startCrawlRun,
  unfinishedCrawlRuns,
  updateCrawlRun,
  type CrawlRun,
  type Db,
  type Feed,
} from '../store/index.ts'

export interface CrawlJobDeps {
  db: Db
  fetch: SafeFetch
  hostLimiter: HostLimiter
  extractor: Extractor
  clock: Clock
  log: Log
  limits: { maxFeedBytes: number; maxPageBytes: number; concurrency: number }
  leaseMs?: number
}

export interface CrawlOptions {
  sectorSlug?: string
  feedUrl?: string
  /** Fetch every enabled feed, due or not. */
  all?: boolean
}

export interface CrawlSummary {
  feedsOk: number
  feedsNotModified: number
  feedsFailed: number
  /** Feeds this crawl had work on that another live crawler held: left to it, not counted as ok. */
  feedsLeased: number
  articlesNew: number
  articlesUpdated: number
  errors: { feedUrl: string; error: string }[]
  /** Sectors that got new or changed articles (to rescore and reindex). */
  sectorsChanged: string[]
}

export interface CrawlProgress extends CrawlSummary {
  /** The run's row in crawl_runs; null until the crawl has claimed a feed (idle crawls leave no row). */
  runId: number | null
  feedsTotal: number
  feedsDone: number
  /** Article pages queued for extraction, extracted (or found a duplicate), and kept as feed content. */
  pagesQueued: number
  pagesExtracted: number
  pagesFailed: number
  current: string | null
}

// The run's row is written at most this often while pages are extracted (and after each feed).
const RUN_WRITE_MS = 1000

/**
 * Frees the leases and closes the runs of crawlers that are gone from this host (kill -9, a crash),
 * so that their feeds are crawled now rather than when the lease runs out, and /crawl stops showing
 * them as running. A crawler on another host keeps its lease until it expires: we cannot tell.
 */
export async function recoverAbandoned(
  deps: { db: Db; clock: Clock; log: Log },
  isGone: (owner: string) => boolean = ownerIsGone,
): Promise<{ leases: number; runs: number }> {
  const now = deps.clock.now()
  let leases = 0
  for (const lease of await runningLeases(deps.db, now)) {
    if (isGone(lease.owner) && (await breakLease(deps.db, lease.id, lease.owner))) leases++
  }
  let runs = 0
  for (const run of await unfinishedCrawlRuns(deps.db)) {
    if (!isGone(run.owner)) continue
    await markCrawlRunInterrupted(deps.db, run.id, now)
    runs++
  }
  if (leases + runs) deps.log.warn('took over the work of a crawler that is gone', { leases, runs })
  return { leases, runs }
}

/** The latest crawl runs (skipping `offset`), those of crawlers found gone marked interrupted first. */
export async function recentCrawlRuns(
  deps: { db: Db; clock: Clock; log: Log },
  limit: number,
  offset = 0,
): Promise<CrawlRun[]> {
  // Best effort: a page must not fail because this write did (a full disk); the next crawl retries.
  await recoverAbandoned(deps).catch(() => {})
  return latestCrawlRuns(deps.db, limit, offset)
}

/**
 * Crawls every due feed: several slots each claim one feed at a time (a lease in the database, so other
 * processes skip it), refresh it, extract its pending articles, release it. Returns the summary.
 */
export async function runCrawl(
  deps: CrawlJobDeps,
  opts: CrawlOptions = {},
  onProgress: (p: CrawlProgress) => void = () => {},
): Promise<CrawlSummary> {
  const owner = crawlerId()
  const leaseMs = deps.leaseMs ?? 5 * 60_000
  await recoverAbandoned(deps)
  const startedAt = deps.clock.now()
  // Feeds to skip for the rest of this crawl: those that crashed or had article pages to extract (a
  // feed whose work failed must not be taken again in a loop). Feeds that only got a new due time
  // leave the due range by themselves, so this list stays small at 50,000 feeds.
  const handled: number[] = []
  let feedsTaken = 0
  const filter = {
    sectorSlug: opts.sectorSlug,
    feedUrl: opts.feedUrl,
    force: opts.all || !!opts.feedUrl,
    since: startedAt,
    exclude: handled,
  }
  const progress: CrawlProgress = {
    runId: null,
    feedsTotal: await countClaimable(deps.db, startedAt, filter),
    feedsDone: 0,
    pagesQueued: 0,
    pagesExtracted: 0,
    pagesFailed: 0,
    feedsOk: 0,
    feedsNotModified: 0,
    feedsFailed: 0,
    feedsLeased: 0,
    articlesNew: 0,
    articlesUpdated: 0,
    errors: [],
    sectorsChanged: [],
    current: null,
  }
  // Pages fetched and not yet extracted, for the whole crawl: enough to keep every worker busy,
  // few enough that pages do not pile up in memory (measured at 5,000 pages: 64 waiting pages
  // doubled the main thread's heap; 4 per worker cost no throughput). Per-host politeness, not
  // this, is what paces a crawl of real sites.
  const pageSlots = createSlots(deps.extractor.workers * 4)
  // The run is recorded once the crawl has work (a feed claimed): the loop's idle ticks leave no row.
  let started: Promise<number> | null = null
  const runStarted = () =>
    (started ??= startCrawlRun(deps.db, owner, opts.sectorSlug ?? null, startedAt, countsOf(progress)).then(
      (id) => (progress.runId = id),
    ))
  // Writes of the run's counts, one at a time and at most every RUN_WRITE_MS; the total
  // is recounted then: the feeds taken so far plus those still claimable (feeds fall due meanwhile,
  // others are taken by another crawler).
  let lastWrite = 0
  let writing: Promise<void> = Promise.resolve()
  const writeRun = () => {
    if (!started || performance.now() - lastWrite < RUN_WRITE_MS) return writing
    lastWrite = performance.now()
    writing = writing.then(async () => {
      const id = await runStarted()
      const left = await countClaimable(deps.db, deps.clock.now(), filter)
      progress.feedsTotal = Math.max(feedsTaken + left, progress.feedsDone)
      await updateCrawlRun(deps.db, id, countsOf(progress))
    }).catch((err) => deps.log.warn('crawl progress not saved', { error: errorMessage(err) }))
    return writing
  }
  const onPages = (e: { queued: number } | { result: string }) => {
    if ('queued' in e) progress.pagesQueued += e.queued
    else if (e.result === 'feedOnly') progress.pagesFailed++
    else progress.pagesExtracted++
    onProgress(progress)
    void writeRun()
  }
  onProgress(progress)

  const writer = createFeedStateWriter(deps.db, owner, (err) =>
    deps.log.warn('feed states not saved (their leases run out)', { error: errorMessage(err) }),
  )
  const stateDeps = { ...deps, saveState: writer.saveState }
  // Feeds are leased a batch at a time (one short write) and handed to the slots from memory.
  const taken: Feed[] = []
  let claiming: Promise<void> | null = null
  let exhausted = false
  const nextFeed = async (): Promise<Feed | null> => {
    while (!taken.length && !exhausted) {
      claiming ??= (async () => {
        await writer.flush()
        const batch = await claimFeeds(deps.db, {
          owner,
          now: deps.clock.now(),
          leaseMs,
          limit: deps.limits.concurrency * 4,
          ...filter,
        })
        if (!batch.length) exhausted = true
        taken.push(...batch)
      })().finally(() => (claiming = null))
      await claiming
    }
    return taken.shift() ?? null
  }
  // One statement keeps every lease of this crawler alive, the feeds in hand and those waiting.
  const heartbeat = setInterval(
    () => void renewLeases(deps.db, owner, new Date(deps.clock.now().getTime() + leaseMs)).catch(() => {}),
    Math.max(50, leaseMs / 3),
  )
  const slot = async () => {
    for (;;) {
      const feed = await nextFeed()
      if (!feed) return
      feedsTaken++
      await runStarted()
      progress.current = feed.url
      try {
        if (await crawlOne(stateDeps, feed, filter.force, progress, pageSlots, onPages)) handled.push(feed.id)
      } catch (err) {
        handled.push(feed.id)
        progress.feedsFailed++
        progress.errors.push({ feedUrl: feed.url, error: errorMessage(err) })
        deps.log.error('crawl of a feed crashed', { feedId: feed.id, error: errorMessage(err) })
      } finally {
        await writer.release(feed.id)
      }
      progress.feedsDone++
      progress.feedsTotal = Math.max(progress.feedsTotal, progress.feedsDone)
      await writeRun()
      onProgress(progress)
    }
  }
  await Promise.all(Array.from({ length: deps.limits.concurrency }, slot)).finally(() => clearInterval(heartbeat))
  await writer.flush()
  progress.feedsLeased = await countLeasedElsewhere(deps.db, deps.clock.now(), { ...filter, owner })
  if (progress.feedsLeased) deps.log.warn('feeds left to another crawler that holds them', { feeds: progress.feedsLeased })
  progress.current = null
  // Done: every feed the crawl took is done, so that is the total (those left to another crawler
  // are counted apart, in feedsLeased).
  progress.feedsTotal = progress.feedsDone
  await writing
  if (started) await updateCrawlRun(deps.db, await started, countsOf(progress), deps.clock.now())
  onProgress(progress)
  const {
    runId: _r,
    feedsTotal: _t,
    feedsDone: _d,
    pagesQueued: _q,
    pagesExtracted: _e,
    pagesFailed: _f,
    current: _c,
    ...summary
  } = progress
  return summary
}

/** Crawls one feed; true when it had article pages to extract (so it is not taken again this crawl). */
async function crawlOne(
  deps: CrawlJobDeps & { saveState: CrawlDeps['saveState'] },
  feed: Feed,
  force: boolean,
  progress: CrawlProgress,
  pageSlots: Slots,
  onPages: CompleteDeps['onPages'],
) {
  const due = force || feed.nextCheckAt.getTime() <= deps.clock.now().getTime()
  if (due) {
    const outcome = await refreshFeed(
      {
        ...deps,
        maxFeedBytes: deps.limits.maxFeedBytes,
        listArticles: (input) => deps.extractor.listing(input),
      },
      feed,
    )
    if (outcome.status === 'ok') {
      progress.feedsOk++
      progress.articlesNew += outcome.articlesNew
      progress.articlesUpdated += outcome.articlesUpdated
    } else if (outcome.status === 'not_modified') progress.feedsNotModified++
    else {
      progress.feedsFailed++
      progress.errors.push({ feedUrl: feed.url, error: outcome.error })
    }
  }
  const done = await completePending(
    { ...deps, maxPageBytes: deps.limits.maxPageBytes, pageSlots, onPages },
    feed.id,
  )
  if (done.extracted + done.feedOnly > 0 && !progress.sectorsChanged.includes(feed.sectorSlug)) {
    progress.sectorsChanged.push(feed.sectorSlug)
  }
  return done.extracted + done.feedOnly + done.merged > 0 || !due
}

function countsOf(p: CrawlProgress) {
  return {
    feedsTotal: p.feedsTotal,
    feedsDone: p.feedsDone,
    feedsOk: p.feedsOk,
    feedsNotModified: p.feedsNotModified,
    feedsFailed: p.feedsFailed,
    feedsLeased: p.feedsLeased,
    articlesNew: p.articlesNew,
    articlesUpdated: p.articlesUpdated,
    errors: p.errors.length,
    pagesQueued: p.pagesQueued,
    pagesExtracted: p.pagesExtracted,
    pagesFailed: p.pagesFailed,
  }
}

/** A crawl's progress and whether it runs; errorCount when only the count is known (another process's run). */
export type CrawlStatus = CrawlProgress & { running: boolean; errorCount?: number }

/**
 * What the crawl page shows: this process's crawl while it runs, else a crawl another process runs
 * (cron `vigie crawl`, read from its run's row), else the latest run, this process's own figures when
 * it is that run (they carry the errors).
 */
export async function currentCrawl(
  db: Db,
  own: CrawlStatus | null,
  isGone: (owner: string) => boolean = ownerIsGone,
): Promise<CrawlStatus | null> {
  if (own?.running) return own
  const open = (await openCrawlRuns(db, 5)).find((r) => !isGone(r.owner))
  if (open) return { ...statusOf(open), running: true, errorCount: open.errors }
  const [last] = await latestCrawlRuns(db, 1)
  if (!last || (own && own.runId === last.id)) return own
  return { ...statusOf(last), running: false, errorCount: last.errors }
}

function statusOf(r: CrawlRun): CrawlProgress {
  return {
    runId: r.id,
    feedsTotal: r.feedsTotal,
    feedsDone: r.feedsDone,
    feedsOk: r.feedsOk,
    feedsNotModified: r.feedsNotModified,
    feedsFailed: r.feedsFailed,
    feedsLeased: r.feedsLeased,
    articlesNew: r.articlesNew,
    articlesUpdated: r.articlesUpdated,
    pagesQueued: r.pagesQueued,
    pagesExtracted: r.pagesExtracted,
    pagesFailed: r.pagesFailed,
    // The row keeps how many errors, not which: those are in the feeds' own state (/sources).
    errors: [],
    sectorsChanged: [],
    current: null,
  }
}
