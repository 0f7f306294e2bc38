import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import { articles, feeds, followedSearches, searchAlerts, users } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type FollowedSearch = typeof followedSearches.$inferSelect
export type SearchAlertEvery = (typeof searchAlerts.$inferSelect)['every']

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
  await db.delete(searchAlerts).where(eq(searchAlerts.searchId, id))
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
 * Turns a followed search's email alert on or off for this curator. Turned on, it alerts what Vigie
 * sees from now on, not what it already holds; on again, it keeps its clock. Returns the search, or
 * null when it is not followed.
 */
export async function setSearchAlert(
  db: Db,
  input: { searchId: number; userId: number; on: boolean; every?: SearchAlertEvery },
  now: Date,
): Promise<FollowedSearch | null> {
  const [row] = await db
    .select()
    .from(followedSearches)
    .where(eq(followedSearches.id, input.searchId))
  if (!row) return null
  const mine = and(eq(searchAlerts.searchId, input.searchId), eq(searchAlerts.userId, input.userId))
  if (!input.on) await db.delete(searchAlerts).where(mine)
  else {
    const values = { searchId: input.searchId, userId: input.userId, alertedUntil: now }
    const insert = db.insert(searchAlerts).values({ ...values, every: input.every ?? 'hour' })
    await (input.every
      ? insert.onConflictDoUpdate({
          target: [searchAlerts.searchId, searchAlerts.userId],
          set: { every: input.every },
        })
      : insert.onConflictDoNothing())
  }
  return row
}

/** A curator's alerts, in every sector: the search, how often, and up to when it was sent. */
export async function searchAlertsOf(db: Db, userId: number) {
  return db
    .select({
      searchId: followedSearches.id,
      sectorSlug: followedSearches.sectorSlug,
      query: followedSearches.query,
      every: searchAlerts.every,
      alertedUntil: searchAlerts.alertedUntil,
    })
    .from(searchAlerts)
    .innerJoin(followedSearches, eq(followedSearches.id, searchAlerts.searchId))
    .where(eq(searchAlerts.userId, userId))
    .orderBy(asc(followedSearches.sectorSlug), asc(followedSearches.query))
}

/** The addresses each of these searches alerts, in the order they were asked for. */
export async function alertRecipientsOf(db: Db, searchIds: number[]) {
  const byId = new Map<number, string[]>(searchIds.map((id) => [id, []]))
  if (!searchIds.length) return byId
  const rows = await db
    .select({ searchId: searchAlerts.searchId, email: users.email })
    .from(searchAlerts)
    .innerJoin(users, eq(users.id, searchAlerts.userId))
    .where(inArray(searchAlerts.searchId, searchIds))
    .orderBy(sql`${searchAlerts}.rowid`)
  for (const r of rows) byId.get(r.searchId)?.push(r.email)
  return byId
}

/**
 * Every email alert of a followed search, in every sector: the search, the curator's address and
 * language, and up to when it has been sent to them.
 */
export async function searchAlertsToCheck(db: Db) {
  return db
    .select({
      search: followedSearches,
      userId: searchAlerts.userId,
      email: users.email,
      locale: users.locale,
      alertedUntil: searchAlerts.alertedUntil,
      every: searchAlerts.every,
    })
    .from(searchAlerts)
    .innerJoin(followedSearches, eq(followedSearches.id, searchAlerts.searchId))
    .innerJoin(users, eq(users.id, searchAlerts.userId))
    .orderBy(asc(searchAlerts.searchId), asc(searchAlerts.userId))
}

/**
 * Moves a curator's alert of a search from `from` to `to`, if no other process has moved it since:
 * the one that does sends the alert. A failed send moves it back.
 */
export async function moveSearchAlert(
  db: Db,
  alert: { searchId: number; userId: number },
  from: Date,
  to: Date,
): Promise<boolean> {
  const moved = await db
    .update(searchAlerts)
    .set({ alertedUntil: to })
    .where(
      and(
        eq(searchAlerts.searchId, alert.searchId),
        eq(searchAlerts.userId, alert.userId),
        eq(searchAlerts.alertedUntil, from),
      ),
    )
    .returning({ searchId: searchAlerts.searchId })
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
      excerpt: sql<string | null>`coalesce(${articles.excerpt}, substr(${articles.text}, 1, 400))`,
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
