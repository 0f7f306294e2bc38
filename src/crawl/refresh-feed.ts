import { createHash } from 'node:crypto'
import { canonicalizeUrl } from '../lib/canonical-url.ts'
import type { Clock } from '../lib/clock.ts'
import { decodeBody } from '../lib/decode.ts'
import { errorMessage } from '../lib/errors.ts'
import type { HostLimiter } from '../lib/host-limiter.ts'
import type { Log } from '../lib/log.ts'
import type { SafeFetch } from '../lib/safe-fetch.ts'
import {
  findByGuids,
  findTombstones,
  insertArticleStatement,
  updateArticleStatement,
  updateFeedStatement,
  updateFeed,
  type Db,
  type Feed,
  type FeedPatch,
} from '../store/index.ts'
import type { Listing } from '../extract/index.ts'
import { listingEntries } from './listing-entries.ts'
import { mergeMovedFeed } from './merge-moved.ts'
import { FeedParseError } from './feed-types.ts'
import { parseFeed, type FeedEntry } from './parse-feed.ts'
import { backoffMs, intervalAfterNotModified, intervalFromEntries, nextCheck } from './schedule.ts'

export interface CrawlDeps {
  db: Db
  fetch: SafeFetch
  hostLimiter: HostLimiter
  clock: Clock
  log: Log
  maxFeedBytes: number
  /**
   * Where a fetch's outcome without new entries (304, failure) is written; the crawl job passes a
   * writer that batches many feeds per transaction. Defaults to one UPDATE now.
   */
  saveState?: (feedId: number, patch: FeedPatch) => Promise<void>
  /** Finds the articles a page lists (the extraction workers' findListedArticles), for page sources. */
  listArticles?: (input: { html: string; url: string }) => Promise<Listing>
}

export type FeedOutcome =
  | { status: 'ok'; articlesNew: number; articlesUpdated: number }
  | { status: 'not_modified' }
  | { status: 'failed'; error: string }

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5'
const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5'

function bodyKind(contentType: string | null, body: Buffer) {
  if (/json/i.test(contentType ?? '')) return 'json' as const
  const first = body.subarray(0, 64).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart()
  return first.startsWith('{') ? ('json' as const) : ('xml' as const)
}

function entryHash(e: FeedEntry): string {
  return createHash('sha1')
    .update([e.title, e.link ?? '', e.summary ?? '', e.contentHtml ?? '', e.updatedAt?.toISOString() ?? ''].join('\u0000'))
    .digest('hex')
}

const saveState = (deps: CrawlDeps) =>
  deps.saveState ?? ((feedId: number, patch: FeedPatch) => updateFeed(deps.db, feedId, patch))

/** Records a failure without losing the feed: error shown, backoff grows, feed stays enabled. */
async function recordFailure(deps: CrawlDeps, feed: Feed, error: string, status: number | null, retryAfterMs: number | null) {
  const now = deps.clock.now()
  const errorCount = feed.errorCount + 1
  await saveState(deps)(feed.id, {
    lastFetchedAt: now,
    lastStatus: status,
    lastError: error,
    errorCount,
    nextCheckAt: new Date(now.getTime() + backoffMs(errorCount, retryAfterMs)),
  })
  deps.log.warn('feed failed', { feedId: feed.id, url: feed.url, error })
  return { status: 'failed' as const, error }
}

/**
 * Fetches one feed (conditionally), parses it and stores its new and changed entries as pending
 * articles, in one transaction with the feed's new state, so a crash never half-writes a feed.
 */
export async function refreshFeed(deps: CrawlDeps, feed: Feed): Promise<FeedOutcome> {
  const { db, clock } = deps
  let res
  try {
    res = await deps.hostLimiter.run(feed.url, () =>
      deps.fetch.fetch({
        url: feed.url,
        maxBytes: deps.maxFeedBytes,
        accept: feed.sourceType === 'page' ? PAGE_ACCEPT : FEED_ACCEPT,
        etag: feed.etag,
        lastModified: feed.lastModified,
      }),
    )
  } catch (err) {
    return recordFailure(deps, feed, errorMessage(err), null, null)
  }
  const now = clock.now()
  const movedTo = res.permanentUrl && res.permanentUrl !== feed.url ? res.permanentUrl : null
  // Two feeds of a sector polling one address become one; a feed merged away stores nothing more.
  if (movedTo && (res.status === 304 || (res.status >= 200 && res.status < 300))) {
    if ((await mergeMovedFeed(deps, feed, movedTo)) === 'merged') {
      await updateFeed(db, feed.id, { lastFetchedAt: now, lastStatus: res.status, lastError: null })
      return { status: 'ok', articlesNew: 0, articlesUpdated: 0 }
    }
  }
  if (res.status === 304) {
    const interval = intervalAfterNotModified(feed.checkIntervalS * 1000)
    await (movedTo ? (id: number, patch: FeedPatch) => updateFeed(db, id, patch) : saveState(deps))(feed.id, {
      ...(movedTo ? { url: movedTo } : {}),
      lastFetchedAt: now,
      lastSuccessAt: now,
      lastStatus: 304,
      lastError: null,
      errorCount: 0,
      checkIntervalS: Math.round(interval / 1000),
      nextCheckAt: nextCheck(now, interval, feed.id),
    })
    return { status: 'not_modified' }
  }
  if (res.status === 410) {
    await updateFeed(db, feed.id, {
      lastFetchedAt: now,
      lastStatus: 410,
      enabled: false,
      disabledReason: 'the server says the feed is gone (410)',
      lastError: 'HTTP 410 Gone: feed disabled',
      errorCount: feed.errorCount + 1,
    })
    return { status: 'failed', error: 'HTTP 410 Gone: feed disabled' }
  }
  if (res.status < 200 || res.status >= 300) {
    return recordFailure(deps, feed, `HTTP ${res.status} from ${res.url}`, res.status, res.retryAfterMs)
  }

  let parsed
  try {
    if (feed.sourceType === 'page') parsed = await listedEntries(deps, res.body, res.contentType, res.url)
    else {
      const { text } = decodeBody(res.body, res.contentType, bodyKind(res.contentType, res.body))
      parsed = await parseFeed(text, { url: res.url })
    }
  } catch (err) {
    return recordFailure(deps, feed, errorMessage(err), res.status, null)
  }

  const entries = uniqueByGuid(parsed.entries)
  const existing = await findByGuids(db, feed.id, entries.map((e) => e.guid))
  const fresh = entries.filter((e) => !existing.has(e.guid))
  const canonicalOf = (e: FeedEntry) => canonicalizeUrl(e.link ?? feed.siteUrl ?? res.url)
  const dead = await findTombstones(
    db,
    feed.sectorSlug,
    feed.id,
    fresh.map((e) => e.guid),
    fresh.map((e) => (e.link ? canonicalOf(e) : '')).filter(Boolean),
  )

  const inserts = fresh
    .filter((e) => !dead.guids.has(e.guid) && !(e.link && dead.canonicalUrls.has(canonicalOf(e))))
    .map((e) =>
      insertArticleStatement(db, {
        sectorSlug: feed.sectorSlug,
        feedId: feed.id,
        guid: e.guid,
        url: e.link ?? feed.siteUrl ?? res.url,
        // An entry without a link cannot be deduplicated by URL: key it by its GUID instead.
        canonicalUrl: e.link ? canonicalOf(e) : `guid:${feed.id}:${e.guid}`,
        title: e.title,
        author: e.author,
        publishedAt: e.publishedAt ?? now,
        publishedFromFeed: e.publishedAt != null,
        firstSeenAt: now,
        updatedAt: now,
        feedSummary: e.summary,
        feedHtml: e.contentHtml,
        feedContentHash: entryHash(e),
        extractState: 'pending',
      }),
    )
  // A listing's entry is a title and a link: the article itself is the page, read once.
  const changed = feed.sourceType === 'page' ? [] : entries
  const updates = changed
    .filter((e) => existing.has(e.guid) && existing.get(e.guid)!.feedContentHash !== entryHash(e))
    .map((e) =>
      updateArticleStatement(db, existing.get(e.guid)!.id, {
        title: e.title,
        feedSummary: e.summary,
        feedHtml: e.contentHtml,
        feedContentHash: entryHash(e),
        updatedAt: now,
        extractState: 'pending',
      }),
    )
  const interval = intervalFromEntries(
    entries.map((e) => e.publishedAt),
    feed.checkIntervalS * 1000,
  )
  const feedUpdate = updateFeedStatement(db, feed.id, {
    ...(movedTo ? { url: movedTo } : {}),
    title: parsed.title || feed.title,
    siteUrl: feed.siteUrl ?? parsed.siteUrl,
    etag: res.etag,
    lastModified: res.lastModified,
    lastFetchedAt: now,
    lastSuccessAt: now,
    lastStatus: res.status,
    lastError: null,
    errorCount: 0,
    checkIntervalS: Math.round(interval / 1000),
    nextCheckAt: nextCheck(now, interval, feed.id),
  })
  const results = await db.batch([feedUpdate, ...inserts, ...updates])
  const articlesNew = results
    .slice(1, 1 + inserts.length)
    .filter((r) => Array.isArray(r) && r.length > 0).length
  if (movedTo) deps.log.info('feed moved permanently', { feedId: feed.id, from: feed.url, to: movedTo })
  return { status: 'ok', articlesNew, articlesUpdated: updates.length }
}

/** A page source's listed articles as feed entries, keyed by their canonical address. */
async function listedEntries(
  deps: CrawlDeps,
  body: Buffer,
  contentType: string | null,
  url: string,
): Promise<{ title: string; siteUrl: string; entries: FeedEntry[] }> {
  if (!deps.listArticles) throw new FeedParseError('this crawler cannot read pages without a feed')
  const { text } = decodeBody(body, contentType, 'html')
  const listing = await deps.listArticles({ html: text, url })
  if (listing.articles.length === 0)
    throw new FeedParseError('no article links found on the page (is it the list of the site’s articles?)')
  return {
    title: listing.title ?? '',
    siteUrl: url,
    entries: listingEntries(listing),
  }
}

function uniqueByGuid(entries: FeedEntry[]): FeedEntry[] {
  const seen = new Set<string>()
  return entries.filter((e) => (seen.has(e.guid) ? false : (seen.add(e.guid), true)))
}
