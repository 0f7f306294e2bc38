import { and, eq, gte, inArray, lte, or, sql } from 'drizzle-orm'
import { annotations, articleScores, articles } from '../../db/schema.ts'
import type { Db } from './db.ts'

export interface QueueCountFilter {
  now: Date
  /** Article statuses listed; by default the undecided ones (new, or snoozed until before now). */
  statuses?: string[]
  since?: Date
  until?: Date
  feedIds?: number[]
  lang?: string
  minScore?: number
  tag?: string
}

/**
 * How many stories of a sector the queue lists with these filters: one query on the sector's scores
 * (scores_sector_score, articles by primary key). Undecided lists leave out stories the curator has
 * decided in another article, as the queue does.
 */
export async function countQueueStories(
  db: Db,
  sectorSlug: string,
  f: QueueCountFilter,
): Promise<number> {
  const undecided = or(
    eq(articles.status, 'new'),
    and(eq(articles.status, 'snoozed'), lte(articles.snoozeUntil, f.now)),
  )
  const since = f.since ? sql`${articles.publishedAt} >= ${f.since.getTime()}` : undefined
  const decidedStory = sql`${articleScores.storyId} in (select s2.story_id from ${articleScores} s2 join ${articles} a2 on a2.id = s2.article_id where s2.sector_slug = ${sectorSlug} ${f.since ? sql`and a2.published_at >= ${f.since.getTime()}` : sql``} and (a2.status in ('approved', 'rejected', 'reshared') or (a2.status = 'snoozed' and a2.snooze_until > ${f.now.getTime()})))`
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${articleScores.storyId})` })
    .from(articleScores)
    .innerJoin(articles, eq(articles.id, articleScores.articleId))
    .where(
      and(
        eq(articleScores.sectorSlug, sectorSlug),
        f.statuses ? inArray(articles.status, f.statuses) : undecided,
        f.statuses ? undefined : sql`not ${decidedStory}`,
        since,
        f.until ? lte(articles.publishedAt, f.until) : undefined,
        f.feedIds ? inArray(articles.feedId, f.feedIds) : undefined,
        f.lang ? eq(articles.lang, f.lang) : undefined,
        f.minScore != null ? gte(articleScores.score, f.minScore) : undefined,
        f.tag ? taggedWith(f.tag) : undefined,
      ),
    )
  return Number(row?.n ?? 0)
}

const taggedWith = (tag: string) =>
  sql`exists (select 1 from ${annotations}, json_each(${annotations.tags}) j where ${annotations.articleId} = ${articles.id} and j.value = ${tag})`

/** The articles of a sector annotated with this tag. */
export async function articlesTagged(db: Db, sectorSlug: string, tag: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    sql`select ${annotations.articleId} as id from ${annotations}, json_each(${annotations.tags}) j where ${annotations.sectorSlug} = ${sectorSlug} and j.value = ${tag}`,
  )
  return rows.map((r) => Number(r.id))
}

/** The tags of these articles' annotations, by article. */
export async function tagsOf(db: Db, articleIds: number[]): Promise<Map<number, string[]>> {
  if (!articleIds.length) return new Map()
  const rows = await db
    .select({ id: annotations.articleId, tags: annotations.tags })
    .from(annotations)
    .where(inArray(annotations.articleId, articleIds))
  return new Map(rows.filter((r) => r.tags.length).map((r) => [r.id, r.tags]))
}
