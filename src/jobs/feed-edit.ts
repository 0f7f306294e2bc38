import { AppError } from '../lib/errors.ts'
import { saveSourceEdit } from '../sectors/index.ts'
import {
  ADDED_BY_HAND,
  editFeed,
  getFeed,
  type Db,
  type Feed,
  type FeedEdit,
} from '../store/index.ts'

export interface FeedChange {
  name?: string
  kind?: Feed['kind']
  enabled?: boolean
  /** Who turns the feed off, said in its disabled reason. */
  by?: string
}

/**
 * An administrator's change of a feed, from the sources page or the API. A feed defined in its
 * sector's file gets its new name or kind written there first: the file is what a reload reads.
 */
export async function changeFeed(
  deps: { db: Db; feedsDir: string },
  feedId: number,
  change: FeedChange,
): Promise<Feed> {
  const before = await getFeed(deps.db, feedId)
  if (!before) throw new AppError('feed_not_found', { feedId }, `no feed ${feedId}`)
  const { name, kind, enabled } = change
  if (enabled && before.disabledReason === ADDED_BY_HAND)
    throw new AppError(
      'validation_failed',
      { field: 'enabled', reason: 'no_feed' },
      'the source of articles added by hand has no feed to fetch: add the site’s feed instead',
    )
  if (before.origin === 'yaml' && (name !== undefined || kind !== undefined)) {
    await saveSourceEdit(deps.feedsDir, before.sectorSlug, before.declaredUrl, { name, kind })
  }
  const edit: FeedEdit = {}
  if (name !== undefined) edit.sourceName = name
  if (kind !== undefined) edit.kind = kind
  if (enabled !== undefined) {
    edit.enabled = enabled
    edit.disabledReason = enabled ? null : `disabled by ${change.by ?? 'an admin'}`
  }
  return (await editFeed(deps.db, feedId, edit))!
}
