import type { Clock } from '../lib/clock.ts'
import { decodeBody } from '../lib/decode.ts'
import { errorMessage } from '../lib/errors.ts'
import type { HostLimiter } from '../lib/host-limiter.ts'
import type { Log } from '../lib/log.ts'
import type { SafeFetch } from '../lib/safe-fetch.ts'
import type { Slots } from '../lib/slots.ts'
import { citationsOf } from '../directory/index.ts'
import {
  citationStatements,
  findByCanonical,
  pendingArticles,
  tombstoneArticle,
  updateArticleStatement,
  type Db,
} from '../store/index.ts'
import type { Extracted, Extractor, FeedFallback } from './index.ts'

export interface CompleteDeps {
  db: Db
  fetch: SafeFetch
  hostLimiter: HostLimiter
  extractor: Extractor
  clock: Clock
  log: Log
  maxPageBytes: number
  /**
   * Bounds the pages being fetched or waiting for a worker, across every feed of a crawl. Pages
   * fetched faster than the workers extract them would pile up in memory.
   */
  pageSlots: Slots
  /** Told how many pages are queued for extraction, then how each one ended (the crawl's progress). */
  onPages?: (e: { queued: number } | { result: keyof CompleteOutcome }) => void
}

export interface CompleteOutcome {
  extracted: number
  feedOnly: number
  merged: number
}

type Pending = Awaited<ReturnType<typeof pendingArticles>>[number]

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5'

/** What fetching and extracting one page needs (the crawl's CompleteDeps have all of it). */
export type PageDeps = Pick<
  CompleteDeps,
  'fetch' | 'hostLimiter' | 'extractor' | 'maxPageBytes' | 'pageSlots'
>

/** Fetches a page through the host limiter and extracts it; throws on a failed fetch or a non-HTML answer. */
export async function fetchAndExtract(
  deps: PageDeps,
  url: string,
  feed?: FeedFallback,
): Promise<Extracted> {
  let release = () => {}
  try {
    const res = await deps.hostLimiter.run(url, async () => {
      // Only once the host lets us in: a slot held while waiting for a slow host stalls the others.
      release = await deps.pageSlots.hold()
      return deps.fetch.fetch({ url, maxBytes: deps.maxPageBytes, accept: PAGE_ACCEPT })
    })
    if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status} from ${res.url}`)
    if (res.contentType && !/html|xml/i.test(res.contentType)) {
      throw new Error(`not an HTML page (${res.contentType.split(';')[0]})`)
    }
    const { text } = decodeBody(res.body, res.contentType, 'html')
    return await deps.extractor.extract({ html: text, url: res.url, ...(feed && { feed }) })
  } finally {
    release()
  }
}

/** An extracted page as article columns (what the page says; the feed's title and author go first). */
export function pageColumns(page: Extracted) {
  return {
    title: page.title,
    author: page.author,
    siteName: page.siteName,
    image: page.image,
    lang: page.lang,
    excerpt: page.excerpt,
    wordCount: page.wordCount,
    readingMinutes: page.readingMinutes,
    html: page.html,
    text: page.text,
    profileSignals: page.profiles ? { ...page.profiles } : null,
  }
}

/**
 * Fetches and extracts every pending article of a feed. A page that cannot be fetched or extracted
 * keeps the feed's own (sanitised) content and says why; nothing is lost.
 */
export async function completePending(
  deps: CompleteDeps,
  feedId: number,
  parallel = 4,
): Promise<CompleteOutcome> {
  const outcome: CompleteOutcome = { extracted: 0, feedOnly: 0, merged: 0 }
  const queue = await pendingArticles(deps.db, feedId)
  if (queue.length) deps.onPages?.({ queued: queue.length })
  const work = async () => {
    for (let a = queue.shift(); a; a = queue.shift()) {
      const result = await completeOne(deps, a)
      outcome[result]++
      deps.onPages?.({ result })
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, work))
  return outcome
}

async function completeOne(deps: CompleteDeps, a: Pending): Promise<keyof CompleteOutcome> {
  const feed: FeedFallback = {
    title: a.title || null,
    author: a.author,
    publishedAt: a.publishedFromFeed ? a.publishedAt : null,
    summary: a.feedSummary,
    contentHtml: a.feedHtml,
  }
  let page: Extracted
  let failure: string | null = null
  try {
    page = await fetchAndExtract(deps, a.url, feed)
  } catch (err) {
    failure = errorMessage(err)
    page = await deps.extractor.fromFeed({ url: a.url, feed })
  }
  const now = deps.clock.now()
  const canonicalUrl = page.canonicalUrl && !failure ? page.canonicalUrl : a.canonicalUrl
  const merge = async () => {
    const twin = await findByCanonical(deps.db, a.sectorSlug, canonicalUrl, a.id)
    if (!twin) return false
    // The page says it is an article we already have (another feed, or a tracking URL): keep one.
    await tombstoneArticle(deps.db, a.id, `duplicate of article ${twin.id}`, now)
    return true
  }
  if (canonicalUrl !== a.canonicalUrl && (await merge())) return 'merged'
  const pagePublishedAt =
    !a.publishedFromFeed && page.publishedAt ? new Date(page.publishedAt) : a.publishedAt
  const publishedAt = Number.isNaN(pagePublishedAt.getTime()) ? a.publishedAt : pagePublishedAt
  const update = updateArticleStatement(deps.db, a.id, {
    ...pageColumns(page),
    canonicalUrl,
    title: a.title || page.title,
    author: a.author ?? page.author,
    publishedAt,
    extractState: failure ? 'feed_only' : 'ok',
    extractError: failure,
    extractAttempts: a.extractAttempts + 1,
    updatedAt: now,
    linksAt: now,
  })
  // The body's links go into the sector's citation graph with the body: the directory reads none.
  const links = citationsOf({ ...a, canonicalUrl, publishedAt, html: page.html })
  try {
    await deps.db.batch([update, ...citationStatements(deps.db, [a.id], links)])
  } catch (err) {
    // Another crawler stored the same canonical URL between our check and this write.
    if (/UNIQUE/i.test(errorMessage(err)) && (await merge())) return 'merged'
    throw err
  }
  if (failure) deps.log.info('kept feed content', { articleId: a.id, url: a.url, error: failure })
  return failure ? 'feedOnly' : 'extracted'
}
