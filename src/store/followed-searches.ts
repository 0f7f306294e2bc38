import { and, asc, eq } from 'drizzle-orm'
import { followedSearches } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type FollowedSearch = typeof followedSearches.$inferSelect

/** The searches a sector follows, in the order they were followed. */
export async function listFollowedSearches(db: Db, sectorSlug: string): Promise<FollowedSearch[]> {
  return db
    .select()
    .from(followedSearches)
    .where(eq(followedSearches.sectorSlug, sectorSlug))
    .orderBy(asc(followedSearches.id))
}

/**
 * Follows a search from now on (its results published later are new); following it again keeps the
 * first one, and when it was last opened.
 */
export async function followSearch(
  db: Db,
  input: { sectorSlug: string; query: string; actor?: string | null },
  now: Date,
): Promise<FollowedSearch> {
  await db
    .insert(followedSearches)
    .values({
      sectorSlug: input.sectorSlug,
      query: input.query,
      createdBy: input.actor ?? null,
      createdAt: now,
      seenAt: now,
      newSince: now,
    })
    .onConflictDoNothing()
  return (await followedSearchOf(db, input.sectorSlug, input.query))!
}

/** Stops following a search: the search it was, or null when it was not followed. */
export async function unfollowSearch(db: Db, id: number): Promise<FollowedSearch | null> {
  const [row] = await db.delete(followedSearches).where(eq(followedSearches.id, id)).returning()
  return row ?? null
}

/** The sector's followed search with this query, if any. */
export async function followedSearchOf(
  db: Db,
  sectorSlug: string,
  query: string,
): Promise<FollowedSearch | null> {
  const [row] = await db
    .select()
    .from(followedSearches)
    .where(and(eq(followedSearches.sectorSlug, sectorSlug), eq(followedSearches.query, query)))
  return row ?? null
}

// Openings of a followed search closer together than this are one visit.
const VISIT_MS = 30 * 60_000

/**
 * The search is opened now: what it finds from now on is new. A visit starts when it was last opened
 * VISIT_MS ago or more, and its results published since that opening are marked new; within a visit
 * (the next page of results, a reload) the marks stay. Returns where this visit's new results start.
 */
export async function openFollowedSearch(db: Db, row: FollowedSearch, now: Date): Promise<Date> {
  const newSince = now.getTime() - row.seenAt.getTime() >= VISIT_MS ? row.seenAt : row.newSince
  await db
    .update(followedSearches)
    .set({ seenAt: now, newSince })
    .where(eq(followedSearches.id, row.id))
  return newSince
}
