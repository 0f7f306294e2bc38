import { inArray, sql } from 'drizzle-orm'
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

// The articles' curation state read through its covering index (by id): status comes after the bodies
// in an article's row, and without statistics the planner would read every row of the window.
export const articleStatesAs = (alias: string) => sql`${articles} ${sql.raw(alias)} indexed by articles_queue_state`

/**
 * How many stories of a sector the queue lists with these filters: one pass over the sector's scores
 * and its articles' states. Undecided lists leave out stories the curator has decided in another
 * article, as the queue does.
 */
export async function countQueueStories(
  db: Db,
  sectorSlug: string,
  f: QueueCountFilter,
): Promise<number> {
  const now = f.now.getTime()
  const listed = f.statuses
    ? sql`a.status in (${sql.join(
        f.statuses.map((s) => sql`${s}`),
        sql`, `,
      )})`
    : sql`(a.status = 'new' or (a.status = 'snoozed' and a.snooze_until <= ${now}))`
  const decided = sql`(a.status in ('approved', 'rejected', 'reshared') or (a.status = 'snoozed' and a.snooze_until > ${now}))`
  const where = [
    sql`s.sector_slug = ${sectorSlug}`,
    f.since ? sql`a.published_at >= ${f.since.getTime()}` : undefined,
    f.until ? sql`a.published_at <= ${f.until.getTime()}` : undefined,
    f.feedIds ? sql`a.feed_id in (${sql.join(f.feedIds.map((id) => sql`${id}`), sql`, `)})` : undefined,
    f.lang ? sql`a.lang = ${f.lang}` : undefined,
    f.minScore != null ? sql`s.score >= ${f.minScore}` : undefined,
    f.tag ? taggedWith(f.tag) : undefined,
  ].filter((c) => c !== undefined)
  // A story is listed if one of its articles is; an undecided list also drops it if any of its
  // articles in the window is decided (whatever the other filters).
  const storyFilter = f.statuses
    ? sql`max(${listed} and ${sql.join(where, sql` and `)}) = 1`
    : sql`max(${listed} and ${sql.join(where, sql` and `)}) = 1 and max(${decided}) = 0`
  const windowOnly = f.since ? sql`and a.published_at >= ${f.since.getTime()}` : sql``
  const [row] = await db.all<{ n: number }>(
    sql`select count(*) as n from (select s.story_id from ${articleScores} s join ${articleStatesAs('a')} on a.id = s.article_id where s.sector_slug = ${sectorSlug} ${windowOnly} group by s.story_id having ${storyFilter})`,
  )
  return Number(row?.n ?? 0)
}

const taggedWith = (tag: string) =>
  sql`exists (select 1 from ${annotations}, json_each(${annotations.tags}) j where ${annotations.articleId} = a.id and j.value = ${tag})`

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
