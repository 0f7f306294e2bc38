import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm'
import {
  annotations,
  articleScores,
  articles,
  feeds,
  storyDecisions,
  tombstones,
} from '../../db/schema.ts'
import type { Db } from './db.ts'
import { deletionLogStatement } from './deletion-log.ts'

export type Article = typeof articles.$inferSelect
export type NewArticle = typeof articles.$inferInsert

/** Articles of a feed already stored under these GUIDs, with what is needed to see whether they changed. */
export async function findByGuids(db: Db, feedId: number, guids: string[]) {
  const found = new Map<string, { id: number; feedContentHash: string | null }>()
  for (let i = 0; i < guids.length; i += 500) {
    const rows = await db
      .select({ id: articles.id, guid: articles.guid, feedContentHash: articles.feedContentHash })
      .from(articles)
      .where(and(eq(articles.feedId, feedId), inArray(articles.guid, guids.slice(i, i + 500))))
    for (const r of rows) found.set(r.guid, r)
  }
  return found
}

/** GUIDs and canonical URLs that were deleted or rejected and must not come back. */
export async function findTombstones(
  db: Db,
  sectorSlug: string,
  feedId: number,
  guids: string[],
  canonicalUrls: string[],
): Promise<{ guids: Set<string>; canonicalUrls: Set<string> }> {
  const out = { guids: new Set<string>(), canonicalUrls: new Set<string>() }
  if (!guids.length && !canonicalUrls.length) return out
  const rows = await db
    .select({
      guid: tombstones.guid,
      feedId: tombstones.feedId,
      canonicalUrl: tombstones.canonicalUrl,
    })
    .from(tombstones)
    .where(
      and(
        eq(tombstones.sectorSlug, sectorSlug),
        or(
          guids.length
            ? and(eq(tombstones.feedId, feedId), inArray(tombstones.guid, guids))
            : undefined,
          canonicalUrls.length ? inArray(tombstones.canonicalUrl, canonicalUrls) : undefined,
        ),
      ),
    )
  for (const r of rows) {
    if (r.guid && r.feedId === feedId) out.guids.add(r.guid)
    if (r.canonicalUrl) out.canonicalUrls.add(r.canonicalUrl)
  }
  return out
}

/** Insert that is a no-op when the (feed, guid) or (sector, canonical URL) is already there. */
export function insertArticleStatement(db: Db, values: NewArticle) {
  return db.insert(articles).values(values).onConflictDoNothing().returning({ id: articles.id })
}

export function updateArticleStatement(db: Db, id: number, patch: Partial<NewArticle>) {
  return db.update(articles).set(patch).where(eq(articles.id, id))
}

export async function pendingArticles(db: Db, feedId: number, limit = 500) {
  return db
    .select({
      id: articles.id,
      url: articles.url,
      canonicalUrl: articles.canonicalUrl,
      sectorSlug: articles.sectorSlug,
      feedId: articles.feedId,
      guid: articles.guid,
      title: articles.title,
      author: articles.author,
      publishedAt: articles.publishedAt,
      publishedFromFeed: articles.publishedFromFeed,
      feedSummary: articles.feedSummary,
      feedHtml: articles.feedHtml,
      extractAttempts: articles.extractAttempts,
      siteUrl: feeds.siteUrl,
    })
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .where(and(eq(articles.feedId, feedId), eq(articles.extractState, 'pending')))
    .orderBy(articles.id)
    .limit(limit)
}

/** Another article of the sector already stored under this canonical URL, if any. */
export async function findByCanonical(
  db: Db,
  sectorSlug: string,
  canonicalUrl: string,
  exceptId: number,
) {
  const [row] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(
      and(
        eq(articles.sectorSlug, sectorSlug),
        eq(articles.canonicalUrl, canonicalUrl),
        sql`${articles.id} <> ${exceptId}`,
      ),
    )
  return row ?? null
}

/**
 * Removes an article and leaves a tombstone (its feed GUID and canonical URL) in one transaction,
 * so that no later crawl brings it back as new.
 */
export async function tombstoneArticle(
  db: Db,
  id: number,
  reason: string,
  now: Date,
): Promise<boolean> {
  const [a] = await db.select().from(articles).where(eq(articles.id, id))
  if (!a) return false
  await db.batch([
    db
      .insert(tombstones)
      .values({
        sectorSlug: a.sectorSlug,
        feedId: a.feedId,
        guid: a.guid,
        canonicalUrl: a.canonicalUrl,
        reason,
        createdAt: now,
      })
      .onConflictDoNothing(),
    db.delete(articles).where(eq(articles.id, id)),
    db.delete(storyDecisions).where(eq(storyDecisions.articleId, id)),
    deletionLogStatement(db, [id], now),
  ])
  return true
}

/**
 * Retention: drops undecided (or skipped), unannotated articles first seen before `before`, leaving
 * tombstones so a feed that still lists them does not bring them back. Approved, rejected, reshared,
 * snoozed or annotated articles are never pruned.
 */
export async function pruneUndecided(db: Db, before: Date, now: Date): Promise<number> {
  const old = await db
    .select({ id: articles.id })
    .from(articles)
    .where(
      and(
        inArray(articles.status, ['new', 'dismissed']),
        lt(articles.firstSeenAt, before),
        sql`not exists (select 1 from ${annotations} where ${annotations.articleId} = ${articles.id})`,
      ),
    )
  for (const { id } of old) await tombstoneArticle(db, id, 'retention', now)
  return old.length
}

export interface ArticleListItem {
  id: number
  url: string
  title: string
  author: string | null
  publishedAt: Date
  lang: string | null
  wordCount: number
  feedUrl: string
  status: string
  extractState: string
}

export async function listArticles(
  db: Db,
  opts: { sectorSlug?: string; limit: number },
): Promise<ArticleListItem[]> {
  return db
    .select({
      id: articles.id,
      url: articles.url,
      title: articles.title,
      author: articles.author,
      publishedAt: articles.publishedAt,
      lang: articles.lang,
      wordCount: articles.wordCount,
      feedUrl: feeds.url,
      status: articles.status,
      extractState: articles.extractState,
    })
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .where(opts.sectorSlug ? eq(articles.sectorSlug, opts.sectorSlug) : undefined)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(opts.limit)
}

export async function getArticle(db: Db, id: number): Promise<Article | null> {
  const [row] = await db.select().from(articles).where(eq(articles.id, id))
  return row ?? null
}

/**
 * Articles by id with their source and text and, when scored, their score explanation (null
 * otherwise); `withText: false` leaves the text out (''): it is most of a row's bytes.
 */
export async function articlesWithScores(db: Db, ids: number[], opts: { withText?: boolean } = {}) {
  if (!ids.length) return []
  return db
    .select({
      id: articles.id,
      sectorSlug: articles.sectorSlug,
      url: articles.url,
      title: articles.title,
      source: feeds.sourceName,
      publishedAt: articles.publishedAt,
      firstSeenAt: articles.firstSeenAt,
      status: articles.status,
      lang: articles.lang,
      excerpt: articles.excerpt,
      text:
        opts.withText === false
          ? sql<string>`''`
          : sql<string>`coalesce(${articles.text}, ${articles.feedSummary}, '')`,
      affinity: articleScores.score,
      explanation: articleScores.explanation,
      storyId: articleScores.storyId,
    })
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .leftJoin(articleScores, eq(articleScores.articleId, articles.id))
    .where(inArray(articles.id, ids))
}

export type ArticleWithScore = Awaited<ReturnType<typeof articlesWithScores>>[number]
