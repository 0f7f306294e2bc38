import { and, eq, inArray, notExists, sql } from 'drizzle-orm'
import {
  annotations,
  articleScores,
  articles,
  citations,
  feeds,
  tombstones,
} from '../../db/schema.ts'
import type { Db } from './db.ts'
import { deletionLogStatement } from './deletion-log.ts'
import { feedEventStatement } from './feed-events.ts'
import { DELETED_REASON, type Feed } from './feeds.ts'

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

const IDS_PER_STATEMENT = 500

// Undecided ('new') or skipped, and unannotated: nobody kept them, so they may go with their feed.
const untouched = () =>
  and(
    inArray(articles.status, ['new', 'dismissed']),
    notExists(sql`(select 1 from ${annotations} where ${annotations.articleId} = ${articles.id})`),
  )

/** The statements that delete these articles with their scores and citations, and log it. */
function dropStatements(db: Db, ids: number[], now: Date) {
  const out = []
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const chunk = ids.slice(i, i + IDS_PER_STATEMENT)
    out.push(
      deletionLogStatement(db, chunk, now),
      db.delete(articleScores).where(inArray(articleScores.articleId, chunk)),
      db.delete(citations).where(inArray(citations.articleId, chunk)),
      db.delete(articles).where(inArray(articles.id, chunk)),
    )
  }
  return out
}

/**
 * Deletes a feed in one transaction: its untouched articles go (with scores and citations); the
 * decided or annotated ones stay readable under the feed's name, so the feed row stays for them,
 * off and hidden (DELETED_REASON); with none, the row goes too. Records a 'deleted' event.
 * Returns the ids of the articles removed (for the search index) and how many were kept.
 */
export async function removeFeed(
  db: Db,
  feed: Feed,
  now: Date,
  by: string | null,
): Promise<{ removed: number[]; kept: number }> {
  const all = await db
    .select({ id: articles.id, untouched: sql<number>`${untouched()}` })
    .from(articles)
    .where(eq(articles.feedId, feed.id))
  const removed = all.filter((a) => Number(a.untouched) === 1).map((a) => a.id)
  const kept = all.length - removed.length
  const event = feedEventStatement(db, {
    sectorSlug: feed.sectorSlug,
    feedId: feed.id,
    kind: 'deleted',
    detail: { url: feed.url, name: feed.sourceName, by, removed: removed.length, kept },
    at: now,
  })
  const last = kept
    ? db
        .update(feeds)
        .set({ enabled: false, disabledReason: DELETED_REASON, leaseOwner: null, leaseUntil: null })
        .where(eq(feeds.id, feed.id))
    : db.delete(feeds).where(eq(feeds.id, feed.id))
  await db.batch([
    event,
    ...dropStatements(db, removed, now),
    db.delete(tombstones).where(eq(tombstones.feedId, feed.id)),
    last,
  ])
  return { removed, kept }
}

/**
 * Merges `drop` into `keep` (two feeds of a sector polling one URL), in one transaction: drop's
 * articles move to keep unless keep already has the same entry (GUID); such duplicates go when
 * untouched, and stay on drop otherwise. Drop is turned off, saying into which feed; both get a
 * 'merged' event. Returns how many articles moved and the ids removed.
 */
export async function mergeFeedInto(
  db: Db,
  keep: Feed,
  drop: Feed,
  now: Date,
  url: string,
): Promise<{ moved: number; removed: number[] }> {
  const keepGuids = sql`(select ${articles.guid} from ${articles} where ${articles.feedId} = ${keep.id})`
  const duplicates = await db
    .select({ id: articles.id, untouched: sql<number>`${untouched()}` })
    .from(articles)
    .where(and(eq(articles.feedId, drop.id), sql`${articles.guid} in ${keepGuids}`))
  const removed = duplicates.filter((a) => Number(a.untouched) === 1).map((a) => a.id)
  const movable = db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.feedId, drop.id), sql`${articles.guid} not in ${keepGuids}`))
  const moving = (await movable).map((a) => a.id)
  const moves = []
  for (let i = 0; i < moving.length; i += IDS_PER_STATEMENT) {
    const chunk = moving.slice(i, i + IDS_PER_STATEMENT)
    // updatedAt changes so that the search index takes the new source name.
    moves.push(
      db
        .update(articles)
        .set({ feedId: keep.id, updatedAt: now })
        .where(inArray(articles.id, chunk)),
      db.update(citations).set({ feedId: keep.id }).where(inArray(citations.articleId, chunk)),
    )
  }
  const detail = (other: Feed, role: 'kept' | 'merged') => ({
    url,
    role,
    otherFeedId: other.id,
    otherName: other.sourceName,
    otherUrl: other.declaredUrl,
    moved: moving.length,
    removed: removed.length,
  })
  await db.batch([
    feedEventStatement(db, {
      sectorSlug: keep.sectorSlug,
      feedId: keep.id,
      kind: 'merged',
      detail: detail(drop, 'kept'),
      at: now,
    }),
    feedEventStatement(db, {
      sectorSlug: drop.sectorSlug,
      feedId: drop.id,
      kind: 'merged',
      detail: detail(keep, 'merged'),
      at: now,
    }),
    ...dropStatements(db, removed, now),
    ...moves,
    db
      .update(feeds)
      .set({
        enabled: false,
        disabledReason: `merged into feed ${keep.id} (${keep.sourceName})`,
        url,
      })
      .where(eq(feeds.id, drop.id)),
  ])
  return { moved: moving.length, removed }
}

/** Feeds of the sector, other than this one and not deleted, whose address is this URL. */
export async function feedsAtUrl(db: Db, sectorSlug: string, url: string, except: number) {
  const rows = await db
    .select()
    .from(feeds)
    .where(
      and(
        eq(feeds.sectorSlug, sectorSlug),
        eq(feeds.enabled, true),
        sql`(${feeds.url} = ${url} or ${feeds.declaredUrl} = ${url})`,
        sql`${feeds.id} <> ${except}`,
      ),
    )
  return rows
}
