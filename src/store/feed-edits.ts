import { eq } from 'drizzle-orm'
import { feeds } from '../../db/schema.ts'
import type { Db } from './db.ts'
import type { Feed } from './feeds.ts'

export type FeedEdit = Partial<Pick<Feed, 'sourceName' | 'kind' | 'enabled' | 'disabledReason'>>

/** An administrator's edit of a feed (name, kind, on/off). Returns the feed as saved, or null if unknown. */
export async function editFeed(db: Db, feedId: number, edit: FeedEdit): Promise<Feed | null> {
  if (!Object.keys(edit).length) {
    const [row] = await db.select().from(feeds).where(eq(feeds.id, feedId))
    return row ?? null
  }
  const [row] = await db.update(feeds).set(edit).where(eq(feeds.id, feedId)).returning()
  return row ?? null
}
