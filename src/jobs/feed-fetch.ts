import { AppError } from '../lib/errors.ts'
import { DELETED_REASON, getFeed, type Db, type Feed } from '../store/index.ts'
import type { CrawlOptions, CrawlSummary } from './crawl.ts'

/** What "fetch now" can answer: the page and the API say each in the curator's language. */
export const FETCH_OUTCOMES = [
  'ok',
  'not_modified',
  'failed',
  'leased',
  'running',
  'unavailable',
  'disabled',
] as const

export type FetchNowResult =
  | { outcome: 'ok'; articlesNew: number; feed: Feed }
  | { outcome: Exclude<(typeof FETCH_OUTCOMES)[number], 'ok'>; feed: Feed }

/**
 * Crawls one feed at once (the sources page's "fetch now"), through the crawl, so that leases keep
 * it from being fetched twice and its articles are extracted, scored and indexed as usual. Waits at
 * most `waitMs`: a feed with many pages to extract goes on in the background ('running').
 */
export async function fetchFeedNow(
  deps: { db: Db; crawl: ((opts: CrawlOptions) => Promise<CrawlSummary>) | undefined },
  feedId: number,
  waitMs: number,
): Promise<FetchNowResult> {
  const feed = await getFeed(deps.db, feedId)
  if (!feed || feed.disabledReason === DELETED_REASON)
    throw new AppError('feed_not_found', { feedId }, `no feed ${feedId}`)
  if (!feed.enabled) return { outcome: 'disabled', feed }
  if (!deps.crawl) return { outcome: 'unavailable', feed }
  const crawl = deps.crawl({ sectorSlug: feed.sectorSlug, feedUrl: feed.url })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)))
  const summary = await Promise.race([crawl, timeout]).finally(() => clearTimeout(timer))
  const after = (await getFeed(deps.db, feedId)) ?? feed
  if (!summary) {
    crawl.catch(() => {})
    return { outcome: 'running', feed: after }
  }
  if (summary.feedsOk) return { outcome: 'ok', articlesNew: summary.articlesNew, feed: after }
  if (summary.feedsNotModified) return { outcome: 'not_modified', feed: after }
  if (summary.feedsLeased) return { outcome: 'leased', feed: after }
  return { outcome: 'failed', feed: after }
}
