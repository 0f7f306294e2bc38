import { and, desc, eq, gte, ne } from 'drizzle-orm'
import { articleScores, articles, storySplits } from '../../db/schema.ts'
import type { Db } from './db.ts'

/**
 * Records that an article is not the same story as the others scoring put it with: one pair per
 * other member of its story as last scored. Null for an unknown article; otherwise its sector and
 * the articles it is now kept apart from (none if it is alone, or not scored yet).
 */
export async function separateFromStory(
  db: Db,
  articleId: number,
  actor: string | null,
  now: Date,
): Promise<{ sectorSlug: string; apartFrom: number[] } | null> {
  const [own] = await db
    .select({ sectorSlug: articleScores.sectorSlug, storyId: articleScores.storyId })
    .from(articleScores)
    .where(eq(articleScores.articleId, articleId))
  if (!own) {
    const sectorSlug = await sectorOf(db, articleId)
    return sectorSlug ? { sectorSlug, apartFrom: [] } : null
  }
  const others = await db
    .select({ id: articleScores.articleId })
    .from(articleScores)
    .where(
      and(
        eq(articleScores.sectorSlug, own.sectorSlug),
        eq(articleScores.storyId, own.storyId),
        ne(articleScores.articleId, articleId),
      ),
    )
  const apartFrom = others.map((o) => o.id)
  if (apartFrom.length)
    await db
      .insert(storySplits)
      .values(
        apartFrom.map((id) => ({
          sectorSlug: own.sectorSlug,
          articleId: Math.min(id, articleId),
          apartFromId: Math.max(id, articleId),
          separatedId: articleId,
          actor,
          createdAt: now,
        })),
      )
      .onConflictDoNothing()
  return { sectorSlug: own.sectorSlug, apartFrom }
}

/**
 * The pairs of articles a sector's curator kept apart since this date: a pair is recorded while
 * both articles are in the scoring window, so older ones are about articles out of it.
 */
export async function storySplitsSince(
  db: Db,
  sectorSlug: string,
  since: Date,
): Promise<[number, number][]> {
  const rows = await db
    .select({ a: storySplits.articleId, b: storySplits.apartFromId })
    .from(storySplits)
    .where(and(eq(storySplits.sectorSlug, sectorSlug), gte(storySplits.createdAt, since)))
    .orderBy(storySplits.articleId, storySplits.apartFromId)
  return rows.map((r) => [r.a, r.b])
}

/**
 * Undoes the latest "not the same story" of an article (taken out of its story then, not another
 * taken out of a story it was in): the pairs recorded with it are forgotten, so scoring may group
 * them again. Null for an unknown article; else its sector and the articles no longer kept apart.
 */
export async function undoSeparation(
  db: Db,
  articleId: number,
): Promise<{ sectorSlug: string; rejoined: number[] } | null> {
  const mine = eq(storySplits.separatedId, articleId)
  const [latest] = await db
    .select({ at: storySplits.createdAt })
    .from(storySplits)
    .where(mine)
    .orderBy(desc(storySplits.createdAt))
    .limit(1)
  if (!latest) {
    const sectorSlug = await sectorOf(db, articleId)
    return sectorSlug ? { sectorSlug, rejoined: [] } : null
  }
  const gone = await db
    .delete(storySplits)
    .where(and(mine, eq(storySplits.createdAt, latest.at)))
    .returning()
  return {
    sectorSlug: gone[0]!.sectorSlug,
    rejoined: gone.map((p) => (p.articleId === articleId ? p.apartFromId : p.articleId)),
  }
}

/** The article's sector, or null for an unknown article. */
async function sectorOf(db: Db, articleId: number): Promise<string | null> {
  const [article] = await db
    .select({ sectorSlug: articles.sectorSlug })
    .from(articles)
    .where(eq(articles.id, articleId))
  return article?.sectorSlug ?? null
}
