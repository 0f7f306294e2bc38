import { and, desc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm'
import { articleScores, articles, feeds, sectorModels, shortlists, storyDecisions } from '../../db/schema.ts'
import type { Db } from './db.ts'
import { afterScoresStatements } from './story-decisions.ts'

export type ArticleScore = typeof articleScores.$inferSelect

/** Writes scores (and stories) for many articles: multi-row upserts, all in one transaction. */
export async function saveScores(db: Db, rows: (typeof articleScores.$inferInsert)[]): Promise<void> {
  const statements = []
  for (let i = 0; i < rows.length; i += 200) {
    statements.push(
      db
        .insert(articleScores)
        .values(rows.slice(i, i + 200))
        .onConflictDoUpdate({
          target: articleScores.articleId,
          set: {
            score: sql`excluded.score`,
            explanation: sql`excluded.explanation`,
            storyId: sql`excluded.story_id`,
            simhash: sql`excluded.simhash`,
            computedAt: sql`excluded.computed_at`,
          },
        }),
    )
  }
  if (!statements.length) return
  // Each score gets its article's date; a decided article that scoring moves to another story takes the
  // story's decided state with it.
  // A score computed in the background for an article deleted meanwhile (its feed was deleted) goes too.
  const ids = rows.map((r) => r.articleId!)
  const orphans = db
    .delete(articleScores)
    .where(
      and(
        inArray(articleScores.articleId, ids),
        sql`not exists (select 1 from ${articles} where ${articles.id} = ${articleScores.articleId})`,
      ),
    )
  await db.batch([...statements, orphans, ...afterScoresStatements(db, ids)] as unknown as [
    (typeof statements)[0],
  ])
}

/** The score explanations of these articles (kept out of list queries: they are large). */
export async function explanationsFor(db: Db, ids: number[]): Promise<Map<number, unknown>> {
  const out = new Map<number, unknown>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .select({ id: articleScores.articleId, explanation: articleScores.explanation })
      .from(articleScores)
      .where(inArray(articleScores.articleId, ids.slice(i, i + 500)))
    for (const r of rows) out.set(r.id, r.explanation)
  }
  return out
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

/**
 * The articles of a sector to score: published since `since`, or these ids. With `withText: false`
 * the text and excerpt come back empty (for callers that already have the article analysed).
 */
export async function articlesForScoring(
  db: Db,
  sectorSlug: string,
  opts: { since?: Date; ids?: number[]; withText?: boolean } = {},
): Promise<ScoringRow[]> {
  const columns =
    opts.withText === false ? { ...scoringColumns, text: sql<string>`''`, excerpt: sql<string | null>`null` } : scoringColumns
  return db
    .select(columns)
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .where(
      and(
        // Given ids, read those rows by key: left to itself, SQLite walked the sector's whole index for them
        // (100 ms for ten ids at a million articles). The unary + keeps the sector test off the indexes.
        opts.ids
          ? sql`+${articles.sectorSlug} = ${sectorSlug}`
          : eq(articles.sectorSlug, sectorSlug),
        opts.since ? sql`${articles.publishedAt} >= ${opts.since.getTime()}` : undefined,
        opts.ids ? inArray(articles.id, opts.ids) : undefined,
      ),
    )
}

export async function getModel(db: Db, sectorSlug: string) {
  const [row] = await db.select().from(sectorModels).where(eq(sectorModels.sectorSlug, sectorSlug))
  return row ?? null
}

/** How many decisions the saved model has learned (0: none saved): whether a model read before is still it. */
export async function modelDecisionsSeen(db: Db, sectorSlug: string): Promise<number> {
  const [row] = await db
    .select({ seen: sectorModels.decisionsSeen })
    .from(sectorModels)
    .where(eq(sectorModels.sectorSlug, sectorSlug))
  return row?.seen ?? 0
}

/**
 * Saves the model learned from one more decision, only if it is still the one read (compare-and-set
 * on decisionsSeen, which every save raises by one). False when another decision saved first: read
 * again and learn again, or that decision's update would be lost.
 */
export async function saveNextModel(db: Db, sectorSlug: string, model: unknown, seenBefore: number, now: Date): Promise<boolean> {
  const decisionsSeen = seenBefore + 1
  const rows = await db
    .insert(sectorModels)
    .values({ sectorSlug, model, decisionsSeen, updatedAt: now })
    .onConflictDoUpdate({
      target: sectorModels.sectorSlug,
      set: { model, decisionsSeen, updatedAt: now },
      setWhere: eq(sectorModels.decisionsSeen, seenBefore),
    })
    .returning({ seen: sectorModels.decisionsSeen })
  return rows.length > 0
}

export interface QueueRow extends Omit<ArticleScore, 'simhash'> {
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
  opts: {
    now: Date
    statuses?: string[]
    since?: Date
    until?: Date
    ids?: number[]
    storyId?: number
    minScore?: number
    limit?: number
    /** Leave the (large) explanations out, e.g. to pick a shortlist among thousands; they come back null. */
    explain?: boolean
    /**
     * Leave out an undecided article whose story the curator has judged through another of its articles
     * (rejected, skipped, approved or snoozed it): the story is decided, as in the queue.
     */
    judgedStoriesOut?: boolean
  },
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
      explanation: opts.explain === false ? sql<unknown>`null` : articleScores.explanation,
      storyId: articleScores.storyId,
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
        // The same on the score's copy of the date, read in the rank index: rows out of the dates are
        // skipped without reading their articles (a shortlist's two days among a window of thirty).
        opts.since ? sql`${articleScores.publishedAt} >= ${opts.since.getTime()}` : undefined,
        opts.until ? lte(articleScores.publishedAt, opts.until) : undefined,
        opts.ids ? inArray(articles.id, opts.ids) : undefined,
        opts.storyId != null ? eq(articleScores.storyId, opts.storyId) : undefined,
        opts.minScore != null ? gte(articleScores.score, opts.minScore) : undefined,
        opts.judgedStoriesOut
          ? sql`(${articles.status} in ('approved', 'reshared') or not exists (select 1 from ${storyDecisions} d where d.sector_slug = ${articleScores.sectorSlug} and d.story_id = ${articleScores.storyId} and d.article_id <> ${articles.id} and (d.hidden_until is null or d.hidden_until > ${opts.now.getTime()})))`
          : undefined,
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

/** Replaces a day's shortlist (the curator made it again). */
export async function replaceShortlist(db: Db, sectorSlug: string, day: string, items: unknown, now: Date) {
  await db
    .insert(shortlists)
    .values({ sectorSlug, day, items, createdAt: now })
    .onConflictDoUpdate({ target: [shortlists.sectorSlug, shortlists.day], set: { items, createdAt: now } })
}

/** Saves a day's shortlist once: the first one produced for a date is the one kept. */
export async function saveShortlist(db: Db, sectorSlug: string, day: string, items: unknown, now: Date) {
  await db.insert(shortlists).values({ sectorSlug, day, items, createdAt: now }).onConflictDoNothing()
  return (await getShortlist(db, sectorSlug, day))!
}
