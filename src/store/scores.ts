import { and, desc, eq, inArray, lte, or, sql } from 'drizzle-orm'
import { articleScores, articles, feeds, sectorModels, shortlists } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type ArticleScore = typeof articleScores.$inferSelect

/** Writes scores (and stories) for many articles, a few hundred statements per transaction. */
export async function saveScores(db: Db, rows: (typeof articleScores.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) =>
      db
        .insert(articleScores)
        .values(r)
        .onConflictDoUpdate({
          target: articleScores.articleId,
          set: { score: r.score, explanation: r.explanation, storyId: r.storyId, simhash: r.simhash, computedAt: r.computedAt },
        }),
    )
    if (chunk.length) await db.batch(chunk as [(typeof chunk)[0], ...typeof chunk])
  }
}

export interface ScoringRow {
  id: number
  sectorSlug: string
  feedId: number
  source: string
  sourceKind: 'blog' | 'media' | 'influencer'
  lang: string | null
  title: string
  text: string
  excerpt: string | null
  publishedAt: Date
  url: string
  status: string
  updatedAt: Date
}

const scoringColumns = {
  id: articles.id,
  sectorSlug: articles.sectorSlug,
  feedId: articles.feedId,
  source: feeds.sourceName,
  sourceKind: feeds.kind,
  lang: articles.lang,
  title: articles.title,
  text: sql<string>`coalesce(${articles.text}, ${articles.feedSummary}, '')`,
  excerpt: articles.excerpt,
  publishedAt: articles.publishedAt,
  url: articles.url,
  status: articles.status,
  updatedAt: articles.updatedAt,
}

/** The articles of a sector to score: published since `since`, or these ids. */
export async function articlesForScoring(db: Db, sectorSlug: string, opts: { since?: Date; ids?: number[] } = {}): Promise<ScoringRow[]> {
  return db
    .select(scoringColumns)
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .where(
      and(
        eq(articles.sectorSlug, sectorSlug),
        opts.since ? sql`${articles.publishedAt} >= ${opts.since.getTime()}` : undefined,
        opts.ids ? inArray(articles.id, opts.ids) : undefined,
      ),
    )
}

export async function getModel(db: Db, sectorSlug: string) {
  const [row] = await db.select().from(sectorModels).where(eq(sectorModels.sectorSlug, sectorSlug))
  return row ?? null
}

export async function saveModel(db: Db, sectorSlug: string, model: unknown, decisionsSeen: number, now: Date) {
  await db
    .insert(sectorModels)
    .values({ sectorSlug, model, decisionsSeen, updatedAt: now })
    .onConflictDoUpdate({ target: sectorModels.sectorSlug, set: { model, decisionsSeen, updatedAt: now } })
}

export interface QueueRow extends ArticleScore {
  url: string
  title: string
  source: string
  feedId: number
  author: string | null
  lang: string | null
  publishedAt: Date
  status: string
  excerpt: string | null
}

/** Scored articles of a sector, best first: by default the undecided ones (new, or snoozed until before now). */
export async function scoredArticles(
  db: Db,
  sectorSlug: string,
  opts: { now: Date; statuses?: string[]; since?: Date; until?: Date; ids?: number[]; limit?: number },
): Promise<QueueRow[]> {
  const undecided = or(
    eq(articles.status, 'new'),
    and(eq(articles.status, 'snoozed'), lte(articles.snoozeUntil, opts.now)),
  )
  return db
    .select({
      articleId: articleScores.articleId,
      sectorSlug: articleScores.sectorSlug,
      score: articleScores.score,
      explanation: articleScores.explanation,
      storyId: articleScores.storyId,
      simhash: articleScores.simhash,
      computedAt: articleScores.computedAt,
      url: articles.url,
      title: articles.title,
      source: feeds.sourceName,
      feedId: articles.feedId,
      author: articles.author,
      lang: articles.lang,
      publishedAt: articles.publishedAt,
      status: articles.status,
      excerpt: articles.excerpt,
    })
    .from(articleScores)
    .innerJoin(articles, eq(articles.id, articleScores.articleId))
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .where(
      and(
        eq(articleScores.sectorSlug, sectorSlug),
        opts.statuses ? inArray(articles.status, opts.statuses) : undecided,
        opts.since ? sql`${articles.publishedAt} >= ${opts.since.getTime()}` : undefined,
        opts.until ? lte(articles.publishedAt, opts.until) : undefined,
        opts.ids ? inArray(articles.id, opts.ids) : undefined,
      ),
    )
    .orderBy(desc(articleScores.score), desc(articles.publishedAt))
    .limit(opts.limit ?? 100_000)
}

export async function getShortlist(db: Db, sectorSlug: string, day: string) {
  const [row] = await db
    .select()
    .from(shortlists)
    .where(and(eq(shortlists.sectorSlug, sectorSlug), eq(shortlists.day, day)))
  return row ?? null
}

/** Saves a day's shortlist once: the first one produced for a date is the one kept. */
export async function saveShortlist(db: Db, sectorSlug: string, day: string, items: unknown, now: Date) {
  await db.insert(shortlists).values({ sectorSlug, day, items, createdAt: now }).onConflictDoNothing()
  return (await getShortlist(db, sectorSlug, day))!
}

