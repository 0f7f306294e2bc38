import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { feedEvents } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type FeedEvent = typeof feedEvents.$inferSelect
export type FeedEventKind = 'deleted' | 'merged' | 'moved' | 'fetched'
export type NewFeedEvent = Omit<typeof feedEvents.$inferInsert, 'id' | 'kind'> & {
  kind: FeedEventKind
}

/** The statement recording a feed event; unexecuted, so that it joins the change's batch. */
export function feedEventStatement(db: Db, event: NewFeedEvent) {
  return db.insert(feedEvents).values(event)
}

export async function recordFeedEvent(db: Db, event: NewFeedEvent): Promise<void> {
  await feedEventStatement(db, event)
}

/** A feed's history, latest first. */
export async function feedHistory(db: Db, feedId: number, limit = 50): Promise<FeedEvent[]> {
  return db
    .select()
    .from(feedEvents)
    .where(eq(feedEvents.feedId, feedId))
    .orderBy(desc(feedEvents.at), desc(feedEvents.id))
    .limit(limit)
}

/** The histories of a sector's feeds, by feed id, oldest first within each feed. */
export async function sectorFeedHistories(
  db: Db,
  sectorSlug: string,
  feedIds: number[],
): Promise<Map<number, FeedEvent[]>> {
  const out = new Map<number, FeedEvent[]>()
  for (let i = 0; i < feedIds.length; i += 500) {
    const rows = await db
      .select()
      .from(feedEvents)
      .where(
        and(
          eq(feedEvents.sectorSlug, sectorSlug),
          inArray(feedEvents.feedId, feedIds.slice(i, i + 500)),
        ),
      )
      .orderBy(asc(feedEvents.at), asc(feedEvents.id))
    for (const row of rows) out.set(row.feedId, [...(out.get(row.feedId) ?? []), row])
  }
  return out
}
