import {
  and,
  asc,
  eq,
  gte,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  notInArray,
  or,
  sql,
} from 'drizzle-orm'
import { articles, feeds } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type Feed = typeof feeds.$inferSelect

/** The disabled reason of a deleted feed kept only for the decided or annotated articles it brought. */
export const DELETED_REASON = 'deleted'
const notDeleted = () => or(isNull(feeds.disabledReason), ne(feeds.disabledReason, DELETED_REASON))

export interface ClaimFilter {
  sectorSlug?: string
  feedUrl?: string
  /** With force, every enabled feed not fetched since `since` is taken, due or not. */
  force?: boolean
  since?: Date
  /** Feeds this crawl already handled, so that a feed whose work failed is not taken again in a loop. */
  exclude?: number[]
}

/** The feeds a crawl with this filter has work on, leased or not. */
function wanted(now: Date, f: ClaimFilter) {
  // `id in (…)` rather than a correlated EXISTS: SQLite then answers the OR from two indexes
  // (feeds_due's range and articles_pending), reading the due feeds only, not the whole table.
  const hasPending = sql`${feeds.id} in (select ${articles.feedId} from ${articles} where ${articles.extractState} = 'pending')`
  const due = f.force
    ? or(isNull(feeds.lastFetchedAt), lt(feeds.lastFetchedAt, f.since ?? now))
    : lte(feeds.nextCheckAt, now)
  return and(
    eq(feeds.enabled, true),
    or(due, hasPending),
    f.sectorSlug ? eq(feeds.sectorSlug, f.sectorSlug) : undefined,
    f.feedUrl ? or(eq(feeds.url, f.feedUrl), eq(feeds.declaredUrl, f.feedUrl)) : undefined,
    f.exclude?.length ? notInArray(feeds.id, f.exclude) : undefined,
  )
}

const leaseFree = (now: Date) => or(isNull(feeds.leaseUntil), lt(feeds.leaseUntil, now))
const leaseHeld = (now: Date) => and(isNotNull(feeds.leaseOwner), gte(feeds.leaseUntil, now))
const claimable = (now: Date, f: ClaimFilter) => and(leaseFree(now), wanted(now, f))

/** How many feeds a crawl with this filter would take now (for the progress total). */
export async function countClaimable(db: Db, now: Date, f: ClaimFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(feeds)
    .where(claimable(now, f))
  return Number(row?.n ?? 0)
}

/**
 * Takes the lease on one claimable feed in a single UPDATE, so that concurrent crawlers (processes or
 * machines sharing a libSQL server) never fetch the same feed at once.
 */
export async function claimFeed(
  db: Db,
  opts: { owner: string; now: Date; leaseMs: number } & ClaimFilter,
): Promise<Feed | null> {
  const [row] = await claimFeeds(db, { ...opts, limit: 1 })
  return row ?? null
}

/**
 * Leases up to `limit` claimable feeds, the longest due first, in one short write: a crawler takes a
 * batch per transaction rather than one feed each.
 */
export async function claimFeeds(
  db: Db,
  opts: { owner: string; now: Date; leaseMs: number; limit: number } & ClaimFilter,
): Promise<Feed[]> {
  const pick = db
    .select({ id: feeds.id })
    .from(feeds)
    .where(claimable(opts.now, opts))
    .orderBy(asc(feeds.nextCheckAt), asc(feeds.id))
    .limit(opts.limit)
  const rows = await db
    .update(feeds)
    .set({ leaseOwner: opts.owner, leaseUntil: new Date(opts.now.getTime() + opts.leaseMs) })
    .where(and(sql`${feeds.id} in ${pick}`, claimable(opts.now, opts)))
    .returning()
  return rows.sort((a, b) => a.nextCheckAt.getTime() - b.nextCheckAt.getTime() || a.id - b.id)
}

export async function renewLease(
  db: Db,
  feedId: number,
  owner: string,
  until: Date,
): Promise<void> {
  await db
    .update(feeds)
    .set({ leaseUntil: until })
    .where(and(eq(feeds.id, feedId), eq(feeds.leaseOwner, owner)))
}

/** Extends every lease this crawler holds (those it is working on and those it has taken and not started). */
export async function renewLeases(db: Db, owner: string, until: Date): Promise<void> {
  await db.update(feeds).set({ leaseUntil: until }).where(eq(feeds.leaseOwner, owner))
}

export async function releaseLease(db: Db, feedId: number, owner: string): Promise<void> {
  await db
    .update(feeds)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(feeds.id, feedId), eq(feeds.leaseOwner, owner)))
}

/** Leases still running now, with their owners (to find those of crawlers that are gone). */
export async function runningLeases(db: Db, now: Date): Promise<{ id: number; owner: string }[]> {
  const rows = await db
    .select({ id: feeds.id, owner: feeds.leaseOwner })
    .from(feeds)
    .where(leaseHeld(now))
  return rows.map((r) => ({ id: r.id, owner: r.owner! }))
}

/** Ends a lease if this owner still holds it: a lease renewed or taken by someone else stays. */
export async function breakLease(db: Db, feedId: number, owner: string): Promise<boolean> {
  const rows = await db
    .update(feeds)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(feeds.id, feedId), eq(feeds.leaseOwner, owner)))
    .returning({ id: feeds.id })
  return rows.length > 0
}

/** How many feeds a crawl with this filter has work on that another crawler holds right now. */
export async function countLeasedElsewhere(
  db: Db,
  now: Date,
  f: ClaimFilter & { owner: string },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(feeds)
    .where(and(wanted(now, f), leaseHeld(now), ne(feeds.leaseOwner, f.owner)))
  return Number(row?.n ?? 0)
}

export type FeedPatch = Partial<
  Pick<
    Feed,
    | 'url'
    | 'title'
    | 'siteUrl'
    | 'etag'
    | 'lastModified'
    | 'lastFetchedAt'
    | 'lastSuccessAt'
    | 'lastStatus'
    | 'lastError'
    | 'errorCount'
    | 'checkIntervalS'
    | 'nextCheckAt'
    | 'enabled'
    | 'disabledReason'
    | 'articlesSeen'
  >
>

/** The statement that records a fetch outcome; returned unexecuted so it can join a batch. */
export function updateFeedStatement(db: Db, feedId: number, patch: FeedPatch) {
  return db.update(feeds).set(patch).where(eq(feeds.id, feedId))
}

export async function updateFeed(db: Db, feedId: number, patch: FeedPatch): Promise<void> {
  await updateFeedStatement(db, feedId, patch)
}

export async function listFeeds(db: Db, sectorSlug?: string): Promise<Feed[]> {
  return db
    .select()
    .from(feeds)
    .where(and(notDeleted(), sectorSlug ? eq(feeds.sectorSlug, sectorSlug) : undefined))
    .orderBy(asc(feeds.sectorSlug), asc(feeds.sourceName))
}

/**
 * A sector's feeds that an OPML export lists: those on, and feeds only (a page followed for a site
 * without a feed is no feed another reader could poll).
 */
export async function exportableFeeds(db: Db, sectorSlug: string): Promise<Feed[]> {
  return (await listFeeds(db, sectorSlug)).filter((f) => f.enabled && f.sourceType === 'feed')
}

/** A sector's feeds by name only (a filter's choices): no state, no bodies. */
export async function listFeedNames(db: Db, sectorSlug: string): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: feeds.id, name: feeds.sourceName })
    .from(feeds)
    .where(and(notDeleted(), eq(feeds.sectorSlug, sectorSlug)))
    .orderBy(asc(feeds.sourceName))
}

export async function getFeed(db: Db, feedId: number): Promise<Feed | null> {
  const [row] = await db.select().from(feeds).where(eq(feeds.id, feedId))
  return row ?? null
}

/**
 * Adds feeds (from OPML or by hand) to a sector; existing URLs are left as they are, except a deleted
 * feed kept for its decided articles, which comes back. Returns how many were new (or back).
 */
export async function addFeeds(
  db: Db,
  sectorSlug: string,
  list: {
    url: string
    title: string
    siteUrl: string | null
    kind?: Feed['kind']
    sourceType?: Feed['sourceType']
  }[],
  origin: Feed['origin'],
  now: Date,
): Promise<number> {
  if (!list.length) return 0
  const rows = list.map((f) => ({
    sectorSlug,
    declaredUrl: f.url,
    url: f.url,
    title: f.title,
    sourceName: f.title,
    siteUrl: f.siteUrl,
    kind: f.kind ?? 'blog',
    sourceType: f.sourceType ?? 'feed',
    origin,
    createdAt: now,
  }))
  // One transaction, in statements small enough for SQLite's bound-variable limit (11 per row).
  const insert = (chunk: typeof rows) =>
    db
      .insert(feeds)
      .values(chunk)
      .onConflictDoUpdate({
        target: [feeds.sectorSlug, feeds.declaredUrl],
        set: {
          enabled: true,
          disabledReason: null,
          url: sql`excluded.url`,
          sourceName: sql`excluded.source_name`,
          title: sql`excluded.title`,
          kind: sql`excluded.kind`,
          sourceType: sql`excluded.source_type`,
          origin: sql`excluded.origin`,
          errorCount: 0,
          lastError: null,
          nextCheckAt: new Date(0),
        },
        setWhere: eq(feeds.disabledReason, DELETED_REASON),
      })
      .returning({ id: feeds.id })
  const statements = []
  for (let i = 0; i < rows.length; i += FEEDS_PER_INSERT)
    statements.push(insert(rows.slice(i, i + FEEDS_PER_INSERT)))
  const [first, ...rest] = statements
  const inserted = await db.batch([first!, ...rest])
  return inserted.reduce((n, r) => n + r.length, 0)
}

const FEEDS_PER_INSERT = 500
