import { AppError } from '../lib/errors.ts'
import { localHostOf } from '../lib/ip-guard.ts'
import { addFeeds, type Db, type Feed } from '../store/index.ts'

import { MAX_FEED_NAME, MAX_FEED_URL } from '../sectors/index.ts'

export interface FeedToAdd {
  url: string
  title: string
  siteUrl: string | null
  kind?: Feed['kind']
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
  deps: { db: Db; allowHosts: readonly string[]; now: Date },
  sectorSlug: string,
  list: FeedToAdd[],
  origin: Feed['origin'],
) {
  const refused: { url: string; host: string }[] = []
  const accepted: FeedToAdd[] = []
  for (const feed of list) {
    const host = localHostOf(feed.url, deps.allowHosts)
    if (host) refused.push({ url: feed.url, host })
    else if (feed.url.length <= MAX_FEED_URL)
      accepted.push({ ...feed, title: fitName(feed.title) || new URL(feed.url).hostname })
  }
  const added = await addFeeds(deps.db, sectorSlug, accepted, origin, deps.now)
  return { added, existing: accepted.length - added, refused }
}

/** The same for one feed typed in a form or sent to the API: a refusal is a validation error. */
export async function addOneFeed(
  deps: { db: Db; allowHosts: readonly string[]; now: Date },
  sectorSlug: string,
  feed: FeedToAdd,
  origin: Feed['origin'],
): Promise<number> {
  const { added, refused } = await addSectorFeeds(deps, sectorSlug, [feed], origin)
  if (refused.length)
    throw new AppError(
      'validation_failed',
      { field: 'url', reason: 'local_address', host: refused[0]!.host },
      `${refused[0]!.host} is a private or local address: Vigie does not fetch it (VIGIE_ALLOW_HOSTS can allow it)`,
    )
  return added
}
