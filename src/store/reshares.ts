import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { articles, channels, reshares } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type ReshareRow = typeof reshares.$inferSelect
export type ReshareState = ReshareRow['state']
export type NewReshare = Omit<typeof reshares.$inferInsert, 'id'>

/** Inserts posts in one transaction; a repeated idempotency key is left as it is (a double submit). */
export async function insertReshares(db: Db, rows: NewReshare[]): Promise<ReshareRow[]> {
  if (!rows.length) return []
  const [first, ...rest] = rows.map((r) =>
    db.insert(reshares).values(r).onConflictDoNothing().returning(),
  )
  const inserted = await db.batch([first!, ...rest])
  return inserted.flat()
}

export async function getReshare(db: Db, id: number): Promise<ReshareRow | null> {
  const [row] = await db.select().from(reshares).where(eq(reshares.id, id))
  return row ?? null
}

const withChannel = {
  id: reshares.id,
  articleId: reshares.articleId,
  sectorSlug: reshares.sectorSlug,
  channelId: reshares.channelId,
  channelName: channels.name,
  channelKind: channels.kind,
  text: reshares.text,
  state: reshares.state,
  scheduledAt: reshares.scheduledAt,
  attempts: reshares.attempts,
  nextAttemptAt: reshares.nextAttemptAt,
  remoteId: reshares.remoteId,
  remoteUrl: reshares.remoteUrl,
  error: reshares.error,
  createdBy: reshares.createdBy,
  createdAt: reshares.createdAt,
  sentAt: reshares.sentAt,
}

/** An article's posts, newest first, with their channel. */
export function resharesOfArticle(db: Db, articleId: number) {
  return db
    .select(withChannel)
    .from(reshares)
    .innerJoin(channels, eq(channels.id, reshares.channelId))
    .where(eq(reshares.articleId, articleId))
    .orderBy(desc(reshares.createdAt), desc(reshares.id))
}

/** A sector's posts scheduled in [from, to), in time order, with their channel and article title. */
export function calendarOf(db: Db, sectorSlug: string, from: Date, to: Date) {
  return db
    .select({ ...withChannel, title: articles.title, url: articles.url })
    .from(reshares)
    .innerJoin(channels, eq(channels.id, reshares.channelId))
    .innerJoin(articles, eq(articles.id, reshares.articleId))
    .where(
      and(
        eq(reshares.sectorSlug, sectorSlug),
        gte(reshares.scheduledAt, from),
        lt(reshares.scheduledAt, to),
      ),
    )
    .orderBy(asc(reshares.scheduledAt), asc(reshares.id))
}

export type ReshareView = Awaited<ReturnType<typeof resharesOfArticle>>[number]

/** The slots a channel's live posts hold from `from` on (cancelled and failed posts free theirs). */
export async function takenSlots(db: Db, channelId: number, from: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: reshares.scheduledAt })
    .from(reshares)
    .where(
      and(
        eq(reshares.channelId, channelId),
        gte(reshares.scheduledAt, from),
        inArray(reshares.state, ['scheduled', 'sending', 'sent']),
      ),
    )
  return rows.map((r) => r.at)
}

/**
 * Leases up to `limit` posts to `owner`, in one statement so that two senders never take the same:
 * scheduled posts that are due, and posts left 'sending' by a sender whose lease ran out (they are
 * reconciled, not blindly resent).
 */
export async function leaseDueReshares(
  db: Db,
  owner: string,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ReshareRow[]> {
  const t = now.getTime()
  const due = db
    .select({ id: reshares.id })
    .from(reshares)
    .where(
      and(
        or(
          and(eq(reshares.state, 'scheduled'), lte(reshares.nextAttemptAt, now)),
          eq(reshares.state, 'sending'),
        ),
        or(isNull(reshares.leaseUntil), lt(reshares.leaseUntil, now)),
      ),
    )
    .orderBy(asc(reshares.nextAttemptAt), asc(reshares.id))
    .limit(limit)
  return db
    .update(reshares)
    .set({ leaseOwner: owner, leaseUntil: new Date(t + leaseMs) })
    .where(
      and(inArray(reshares.id, due), or(isNull(reshares.leaseUntil), lt(reshares.leaseUntil, now))),
    )
    .returning()
}

// Every change below is made only by the lease's owner: a sender that lost its lease changes nothing.
const owned = (id: number, owner: string) =>
  and(eq(reshares.id, id), eq(reshares.leaseOwner, owner))

/** Commits 'sending' before the network call; false when the lease was lost. */
export async function markReshareSending(db: Db, id: number, owner: string, now: Date) {
  const rows = await db
    .update(reshares)
    .set({ state: 'sending', attempts: sql`${reshares.attempts} + 1`, updatedAt: now })
    .where(and(owned(id, owner), inArray(reshares.state, ['scheduled', 'sending'])))
    .returning({ id: reshares.id })
  return rows.length > 0
}

export async function markReshareSent(
  db: Db,
  id: number,
  owner: string,
  remote: { id: string | null; url: string | null },
  now: Date,
) {
  await db
    .update(reshares)
    .set({
      state: 'sent',
      remoteId: remote.id,
      remoteUrl: remote.url,
      error: null,
      sentAt: now,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: now,
    })
    .where(owned(id, owner))
}

/** Back to 'scheduled' for another attempt at `nextAttemptAt`, with the error seen. */
export async function markReshareRetry(
  db: Db,
  id: number,
  owner: string,
  error: string,
  nextAttemptAt: Date,
  now: Date,
) {
  await db
    .update(reshares)
    .set({
      state: 'scheduled',
      error,
      nextAttemptAt,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: now,
    })
    .where(owned(id, owner))
}

export async function markReshareFailed(
  db: Db,
  id: number,
  owner: string,
  error: string,
  now: Date,
) {
  await db
    .update(reshares)
    .set({ state: 'failed', error, leaseOwner: null, leaseUntil: null, updatedAt: now })
    .where(owned(id, owner))
}

/**
 * A curator's change to a post that has not gone out: cancel, reschedule, new text, or (failed posts)
 * try again. Null when the post is being sent or already sent.
 */
export async function changeScheduledReshare(
  db: Db,
  id: number,
  change: { state?: 'cancelled' | 'scheduled'; at?: Date; text?: string },
  now: Date,
): Promise<ReshareRow | null> {
  const [row] = await db
    .update(reshares)
    .set({
      ...(change.state ? { state: change.state } : {}),
      ...(change.at ? { scheduledAt: change.at, nextAttemptAt: change.at } : {}),
      ...(change.text !== undefined ? { text: change.text } : {}),
      ...(change.state === 'scheduled' ? { attempts: 0, error: null } : {}),
      updatedAt: now,
    })
    .where(
      and(
        eq(reshares.id, id),
        inArray(reshares.state, ['scheduled', 'failed']),
        or(isNull(reshares.leaseUntil), lt(reshares.leaseUntil, now)),
      ),
    )
    .returning()
  return row ?? null
}

/** Who holds leases on posts right now. */
export async function leaseOwnersOfReshares(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ owner: reshares.leaseOwner })
    .from(reshares)
    .where(and(gte(reshares.leaseUntil, now), sql`${reshares.leaseOwner} is not null`))
  return rows.map((r) => r.owner!).filter(Boolean)
}

/** Lets the posts of a sender that is gone be leased again at once. */
export async function releaseReshareLeasesOf(db: Db, owner: string) {
  await db.update(reshares).set({ leaseUntil: null }).where(eq(reshares.leaseOwner, owner))
}

/** Keeps a post as it is (its outcome unknown) and out of every sender's reach until `until`. */
export async function deferReshare(
  db: Db,
  id: number,
  owner: string,
  error: string,
  until: Date,
  now: Date,
) {
  await db
    .update(reshares)
    .set({ error, leaseOwner: null, leaseUntil: until, updatedAt: now })
    .where(owned(id, owner))
}
