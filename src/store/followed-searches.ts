import { and, asc, desc, eq, gt, inArray, lte } from 'drizzle-orm'
import { articles, feeds, followedSearches, users } from '../../db/schema.ts'
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

/**
 * Turns a followed search's email alert on (to this address) or off. Turned on, it alerts what Vigie
 * sees from now on, not what it already holds.
 */
export async function setSearchAlert(db: Db, id: number, to: string | null, now: Date) {
  const [row] = await db
    .update(followedSearches)
    .set({ alertTo: to, alertedUntil: to ? now : null })
    .where(eq(followedSearches.id, id))
    .returning()
  return row ?? null
}

/**
 * The followed searches with an email alert, in every sector, with the language of the account it goes
 * to. An alert whose curator's account is gone is not sent.
 */
export async function searchesWithAlerts(db: Db) {
  return db
    .select({ search: followedSearches, locale: users.locale })
    .from(followedSearches)
    .innerJoin(users, eq(users.email, followedSearches.alertTo))
    .orderBy(asc(followedSearches.id))
}

/**
 * Moves a search's alert from `from` to `to`, if no other process has moved it since: the one that
 * does sends the alert. A failed send moves it back.
 */
export async function moveSearchAlert(db: Db, id: number, from: Date, to: Date): Promise<boolean> {
  const moved = await db
    .update(followedSearches)
    .set({ alertedUntil: to })
    .where(and(eq(followedSearches.id, id), eq(followedSearches.alertedUntil, from)))
    .returning({ id: followedSearches.id })
  return moved.length === 1
}

/** Of these articles, those Vigie first saw after `after` and by `until`, newest first. */
export async function articlesSeenBetween(db: Db, ids: number[], after: Date, until: Date) {
  if (!ids.length) return []
  return db
    .select({
      id: articles.id,
      title: articles.title,
      url: articles.url,
      source: feeds.sourceName,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .where(
      and(
        inArray(articles.id, ids),
        gt(articles.firstSeenAt, after),
        lte(articles.firstSeenAt, until),
      ),
    )
    .orderBy(desc(articles.publishedAt))
}
