import type { Clock } from '../lib/clock.ts'
import type { Log } from '../lib/log.ts'
import { feedsAtUrl, mergeFeedInto, type Db, type Feed } from '../store/index.ts'

/**
 * A feed that moved permanently to an address another feed of its sector already polls: the two
 * become one. The older feed stays (its articles and decisions were there first) and takes the
 * other's articles; the newer one is turned off. A feed another crawler holds right now is left
 * for a later crawl. Says whether `feed` is the one that stays ('kept'), went ('merged'), or neither.
 */
export async function mergeMovedFeed(
  deps: { db: Db; clock: Clock; log: Log },
  feed: Feed,
  url: string,
): Promise<'kept' | 'merged' | null> {
  const now = deps.clock.now()
  const [other] = await feedsAtUrl(deps.db, feed.sectorSlug, url, feed.id)
  if (!other) return null
  const heldElsewhere =
    other.leaseOwner !== null &&
    other.leaseOwner !== feed.leaseOwner &&
    (other.leaseUntil?.getTime() ?? 0) >= now.getTime()
  if (heldElsewhere) return null
  const feedIsOlder =
    feed.createdAt.getTime() < other.createdAt.getTime() ||
    (feed.createdAt.getTime() === other.createdAt.getTime() && feed.id < other.id)
  const [keep, drop] = feedIsOlder ? [feed, other] : [other, feed]
  const { moved, removed } = await mergeFeedInto(deps.db, keep, drop, now, url)
  deps.log.info('feeds merged: one URL', {
    kept: keep.id,
    merged: drop.id,
    url,
    moved,
    removed: removed.length,
  })
  return feedIsOlder ? 'kept' : 'merged'
}
