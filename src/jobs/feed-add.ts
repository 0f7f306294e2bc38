import type { FeedDiscovery, PageListing } from '../crawl/index.ts'
import { AppError } from '../lib/errors.ts'
import { localHostOf } from '../lib/ip-guard.ts'
import { addFeeds, adoptAddedArticles, type Db, type Feed } from '../store/index.ts'

import { MAX_FEED_NAME, MAX_FEED_URL } from '../sectors/index.ts'

export interface FeedToAdd {
  url: string
  title: string
  siteUrl: string | null
  kind?: Feed['kind']
  /** 'page': a site without a feed, followed through the articles this page lists. */
  sourceType?: Feed['sourceType']
}

export interface FeedAddDeps {
  db: Db
  allowHosts: readonly string[]
  now: Date
  /** Autodiscovery through the safe fetcher; without it addresses are taken as typed. */
  findFeed?: (url: string) => Promise<FeedDiscovery>
  /** Reads a page as a source without a feed would be; without it a page is taken as typed. */
  listPage?: (url: string) => Promise<PageListing>
}

/** A name cut to the limit at a character boundary, with an ellipsis saying so. */
export const fitName = (name: string) => {
  const chars = [...name.trim()]
  return chars.length <= MAX_FEED_NAME
    ? chars.join('')
    : chars.slice(0, MAX_FEED_NAME - 1).join('') + '…'
}

/**
 * Adds feeds to a sector, refusing at entry those whose host is private or local (unless allowed):
 * they would only fail at every fetch. Names longer than the limit are cut, never refused (OPML
 * exports carry long titles). Returns what was added, already there, and refused with the host.
 */
export async function addSectorFeeds(
  deps: FeedAddDeps,
  sectorSlug: string,
  list: FeedToAdd[],
  origin: Feed['origin'],
) {
  const refused: { url: string; host: string }[] = []
  const accepted: FeedToAdd[] = []
  const { feeds: resolved, noFeed } = await resolveSiteAddresses(deps, list)
  for (const feed of resolved) {
    const host = localHostOf(feed.url, deps.allowHosts)
    if (host) refused.push({ url: feed.url, host })
    else if (feed.url.length <= MAX_FEED_URL)
      accepted.push({ ...feed, title: fitName(feed.title) || new URL(feed.url).hostname })
  }
  const added = await addFeeds(deps.db, sectorSlug, accepted, origin, deps.now)
  if (added) await adoptAddedArticles(deps.db, sectorSlug)
  return { added, existing: accepted.length - added, refused, noFeed }
}

/** The same for one feed typed in a form or sent to the API: a refusal is a validation error. */
export async function addOneFeed(
  deps: FeedAddDeps,
  sectorSlug: string,
  feed: FeedToAdd,
  origin: Feed['origin'],
): Promise<number> {
  return (await addFeedByAddress(deps, sectorSlug, feed, origin)).added
}

/**
 * addOneFeed, saying which feed was added: a site's address (a page answering HTML) is replaced
 * by the feed its autodiscovery finds; a site without any feed is a validation error.
 */
export async function addFeedByAddress(
  deps: FeedAddDeps,
  sectorSlug: string,
  typed: FeedToAdd,
  origin: Feed['origin'],
): Promise<{ added: number; feed: FeedToAdd }> {
  let feed = typed
  if (typed.sourceType === 'page') feed = await checkedPage(deps, typed)
  else if (deps.findFeed && !localHostOf(typed.url, deps.allowHosts)) {
    const found = await deps.findFeed(typed.url)
    if (found.found) feed = discovered(typed, found)
    else if (found.reached)
      throw new AppError(
        'validation_failed',
        { field: 'url', reason: 'no_feed' },
        `no feed found at ${typed.url}: ${found.reason}`,
      )
  }
  const asTyped = { ...deps, findFeed: undefined }
  const { added, refused } = await addSectorFeeds(asTyped, sectorSlug, [feed], origin)
  if (refused.length)
    throw new AppError(
      'validation_failed',
      { field: 'url', reason: 'local_address', host: refused[0]!.host },
      `${refused[0]!.host} is a private or local address: Vigie does not fetch it (VIGIE_ALLOW_HOSTS can allow it)`,
    )
  return { added, feed }
}

// A page followed without a feed must list articles now: a page listing none would only fail at
// every crawl. A page that cannot be reached now is taken as typed, as a feed would be.
async function checkedPage(deps: FeedAddDeps, typed: FeedToAdd): Promise<FeedToAdd> {
  if (!deps.listPage || localHostOf(typed.url, deps.allowHosts)) return typed
  const page = await deps.listPage(typed.url)
  if (!page.reached) return typed
  if (page.entries.length === 0)
    throw new AppError(
      'validation_failed',
      { field: 'url', reason: 'no_articles' },
      `no article links found on ${typed.url}: give the page that lists the site’s articles (its blog or news page)`,
    )
  const derived = !typed.title.trim() || typed.title === new URL(typed.url).hostname
  return {
    ...typed,
    title: derived && page.title ? page.title : typed.title,
    siteUrl: typed.siteUrl ?? page.url,
  }
}

// A name made from the address is replaced by the feed's own title; one typed by a person is kept.
function discovered(typed: FeedToAdd, found: Extract<FeedDiscovery, { found: true }>): FeedToAdd {
  let derived = false
  try {
    derived = !typed.title.trim() || typed.title === new URL(typed.url).hostname
  } catch {}
  return {
    ...typed,
    url: found.via === 'direct' ? typed.url : found.feedUrl,
    title: derived && found.feed.title ? found.feed.title : typed.title,
    siteUrl: typed.siteUrl ?? found.siteUrl ?? found.feed.siteUrl,
  }
}

// Most lists are of feeds; only entries that look like a site's home (a bare origin, or a feed
// address equal to the site address) are looked up, a few at a time, and at most this many.
const SITE_LOOKUPS_MAX = 100
const SITE_LOOKUPS_PARALLEL = 4

function looksLikeSite(f: FeedToAdd): boolean {
  try {
    const u = new URL(f.url)
    return (u.pathname === '/' && !u.search) || f.siteUrl === f.url
  } catch {
    return false
  }
}

/** The list with site addresses replaced by their discovered feeds, and the sites without one. */
async function resolveSiteAddresses(deps: FeedAddDeps, list: FeedToAdd[]) {
  const noFeed: { url: string; reason: string }[] = []
  const findFeed = deps.findFeed
  if (!findFeed) return { feeds: list, noFeed }
  const sites = list
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => looksLikeSite(f) && !localHostOf(f.url, deps.allowHosts))
    .slice(0, SITE_LOOKUPS_MAX)
  const out: (FeedToAdd | null)[] = [...list]
  let next = 0
  const worker = async () => {
    for (let k = next++; k < sites.length; k = next++) {
      const { f, i } = sites[k]!
      const found = await findFeed(f.url)
      if (found.found) out[i] = discovered(f, found)
      else if (found.reached) {
        out[i] = null
        noFeed.push({ url: f.url, reason: found.reason })
      }
    }
  }
  await Promise.all(Array.from({ length: SITE_LOOKUPS_PARALLEL }, worker))
  return { feeds: out.filter((f): f is FeedToAdd => !!f), noFeed }
}
