import type { Listing } from '../extract/index.ts'
import { decodeBody } from '../lib/decode.ts'
import { errorMessage } from '../lib/errors.ts'
import type { HostLimiter } from '../lib/host-limiter.ts'
import type { FetchResponse, SafeFetch } from '../lib/safe-fetch.ts'
import { COMMON_FEED_PATHS, htmlFeedLinks } from './html-feed-links.ts'
import { listingEntries } from './listing-entries.ts'
import { parseFeed, type FeedEntry, type ParsedFeed } from './parse-feed.ts'

export interface FeedDiscoveryDeps {
  fetch: Pick<SafeFetch, 'fetch'>
  /** One request at a time per host, spaced: discovery asks a site for up to a dozen addresses. */
  hostLimiter: HostLimiter
  maxPageBytes: number
  maxFeedBytes: number
  now?: () => Date
  /** Finds the articles a page lists (the extraction workers'), to check a page followed without a feed. */
  listArticles?: (input: { html: string; url: string }) => Promise<Listing>
}

/** What a page offered as a source without a feed lists: its articles, or why it cannot be read. */
export type PageListing =
  | { reached: true; title: string | null; entries: FeedEntry[]; url: string }
  | { reached: false; reason: string }

export type FeedDiscovery =
  | {
      found: true
      feedUrl: string
      feed: ParsedFeed
      /** direct: the address was the feed; link: announced by the page; path: a common path. */
      via: 'direct' | 'link' | 'path'
      /** The page's final address when it was HTML (after redirects), else null. */
      siteUrl: string | null
    }
  | {
      found: false
      /** Why nothing was found, for the suggestion's error and the add form. */
      reason: string
      /** False when the address itself could not be fetched (down, refused, not found). */
      reached: boolean
    }

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, application/rss+xml;q=0.8, */*;q=0.5'
const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5'
// Announced feeds are tried first; a page announcing more than a few is listing other sites'.
const MAX_ANNOUNCED = 4

function isJson(res: FetchResponse) {
  if (/json/i.test(res.contentType ?? '')) return true
  return res.body.subarray(0, 64).toString('latin1').trimStart().startsWith('{')
}

async function asFeed(res: FetchResponse, now: Date): Promise<ParsedFeed | null> {
  if (res.status < 200 || res.status >= 300 || !res.body.length) return null
  const { text } = decodeBody(res.body, res.contentType, isJson(res) ? 'json' : 'xml')
  try {
    return await parseFeed(text, { url: res.url, now })
  } catch {
    return null
  }
}

/**
 * Finds the feed of an address: the address itself when it is a feed, else what its page announces
 * with `<link rel="alternate">`, else the first common path (/feed, /rss.xml...) that parses as a
 * feed. Every request goes through the SSRF-safe fetcher: an announced private address is refused
 * before any connection. Failures are returned, never thrown.
 */
export async function discoverFeed(deps: FeedDiscoveryDeps, url: string): Promise<FeedDiscovery> {
  const now = deps.now?.() ?? new Date()
  const get = (target: string, accept: string, maxBytes: number) =>
    deps.hostLimiter.run(target, () => deps.fetch.fetch({ url: target, accept, maxBytes }))
  let page: FetchResponse
  try {
    page = await get(url, PAGE_ACCEPT, Math.max(deps.maxPageBytes, deps.maxFeedBytes))
  } catch (err) {
    return { found: false, reason: errorMessage(err), reached: false }
  }
  if (page.status < 200 || page.status >= 300)
    return { found: false, reason: `${url} answered HTTP ${page.status}`, reached: false }
  const direct = await asFeed(page, now)
  if (direct) return { found: true, feedUrl: page.url, feed: direct, via: 'direct', siteUrl: null }

  const { text } = decodeBody(page.body, page.contentType, 'html')
  const announced = htmlFeedLinks(text, page.url).slice(0, MAX_ANNOUNCED)
  const origin = new URL(page.url).origin
  const guessed = COMMON_FEED_PATHS.map((p) => origin + p).filter((u) => !announced.includes(u))
  const tries: [string, 'link' | 'path'][] = [
    ...announced.map((u) => [u, 'link'] as [string, 'link']),
    ...guessed.map((u) => [u, 'path'] as [string, 'path']),
  ]
  const refused: string[] = []
  for (const [candidate, via] of tries) {
    let res: FetchResponse
    try {
      res = await get(candidate, FEED_ACCEPT, deps.maxFeedBytes)
    } catch (err) {
      refused.push(errorMessage(err))
      continue
    }
    const feed = await asFeed(res, now)
    if (feed) return { found: true, feedUrl: res.url, feed, via, siteUrl: page.url }
  }
  const why = announced.length
    ? `no feed found: the ${announced.length} announced by the page did not answer as feeds, nor did the common paths`
    : 'no feed found: the page announces none and no common feed path answers with a feed'
  return {
    found: false,
    reason: refused.length ? `${why} (${refused[0]})` : why,
    reached: true,
  }
}

/** Reads the page at `url` as a source without a feed would be read: the articles it lists. */
export async function listPage(deps: FeedDiscoveryDeps, url: string): Promise<PageListing> {
  if (!deps.listArticles) return { reached: false, reason: 'pages cannot be read here' }
  try {
    const page = await deps.hostLimiter.run(url, () =>
      deps.fetch.fetch({ url, accept: PAGE_ACCEPT, maxBytes: deps.maxPageBytes }),
    )
    if (page.status < 200 || page.status >= 300)
      return { reached: false, reason: `${url} answered HTTP ${page.status}` }
    const { text } = decodeBody(page.body, page.contentType, 'html')
    const listing = await deps.listArticles({ html: text, url: page.url })
    return { reached: true, title: listing.title, entries: listingEntries(listing), url: page.url }
  } catch (err) {
    return { reached: false, reason: errorMessage(err) }
  }
}
