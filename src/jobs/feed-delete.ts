import { AppError } from '../lib/errors.ts'
import type { Clock } from '../lib/clock.ts'
import type { SearchIndex } from '../search/index.ts'
import { saveSourceRemoval } from '../sectors/index.ts'
import { DELETED_REASON, getFeed, removeFeed, type Db } from '../store/index.ts'
import type { Scoring } from './scoring.ts'

export interface FeedDeleteDeps {
  db: Db
  clock: Clock
  feedsDir: string
  search: SearchIndex | null
  scoring: Pick<Scoring, 'rescoreSector'>
}

/**
 * Deletes a feed: out of its sector's file first (the file is what a reload reads), then out of the
 * database with its untouched articles, then out of the search index; the sector is rescored, as a
 * removed article may have led a story. Decided and annotated articles stay, under the feed's name.
 */
export async function deleteFeed(deps: FeedDeleteDeps, feedId: number, by: string | null) {
  const feed = await getFeed(deps.db, feedId)
  if (!feed || feed.disabledReason === DELETED_REASON)
    throw new AppError('feed_not_found', { feedId }, `no feed ${feedId}`)
  if (feed.origin === 'yaml')
    await saveSourceRemoval(deps.feedsDir, feed.sectorSlug, feed.declaredUrl)
  const { removed, kept } = await removeFeed(deps.db, feed, deps.clock.now(), by)
  if (removed.length) {
    await deps.search?.remove(removed)
    await deps.scoring.rescoreSector(feed.sectorSlug)
  }
  return { feed, removed: removed.length, kept }
}
