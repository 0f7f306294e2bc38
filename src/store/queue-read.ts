import { inArray, sql, type SQL } from 'drizzle-orm'
import { annotations, articleScores, articles, feeds, storyDecisions } from '../../db/schema.ts'
import type { Db } from './db.ts'
import type { QueueRow } from './scores.ts'

/** Which rows the queue lists; by default the undecided ones (new, or snoozed until before now). */
export interface QueueReadFilter {
  now: Date
  /** Article statuses listed instead of the undecided ones (then decided stories are not hidden). */
  statuses?: string[]
  since?: Date
  until?: Date
  feedIds?: number[]
  lang?: string
  minScore?: number
  tag?: string
}

/** A place in the queue's order: score, highest first, then article id, highest first. */
export interface RankKey {
  score: number
  articleId: number
}

export interface QueueHead extends RankKey {
  storyId: number
}

/** The condition a score row `s` of article `a` meets to be listed. */
function listed(f: QueueReadFilter, s: string, a: string): SQL {
  const S = sql.raw(s)
  const A = sql.raw(a)
  const now = f.now.getTime()
  return sql.join(
    [
      f.statuses
        ? sql`${A}.status in (${sql.join(
            f.statuses.map((x) => sql`${x}`),
            sql`, `,
          )})`
        : sql`(${A}.status = 'new' or (${A}.status = 'snoozed' and ${A}.snooze_until <= ${now}))`,
      f.since ? sql`${A}.published_at >= ${f.since.getTime()}` : undefined,
      f.until ? sql`${A}.published_at <= ${f.until.getTime()}` : undefined,
      f.feedIds
        ? sql`${A}.feed_id in (${sql.join(
            f.feedIds.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : undefined,
      f.lang ? sql`${A}.lang = ${f.lang}` : undefined,
      f.minScore != null ? sql`${S}.score >= ${f.minScore}` : undefined,
      f.tag
        ? sql`exists (select 1 from ${annotations} n, json_each(n.tags) j where n.article_id = ${A}.id and j.value = ${f.tag})`
        : undefined,
    ].filter((c) => c !== undefined),
    sql` and `,
  )
}

/**
 * For an undecided list, the condition that the story of score row `s` has no decided article in the
 * window (from the few rows of story_decisions, not the window's articles).
 */
function notHidden(f: QueueReadFilter, s: string): SQL {
  if (f.statuses) return sql`1`
  const S = sql.raw(s)
  return sql`not exists (select 1 from ${storyDecisions} d where d.sector_slug = ${S}.sector_slug and d.story_id = ${S}.story_id ${
    f.since ? sql`and d.published_at >= ${f.since.getTime()}` : sql``
  } and (d.hidden_until is null or d.hidden_until > ${f.now.getTime()}))`
}

/**
 * The window on the score row's copy of the article's date, read in the index: rows out of the window are
 * skipped without reading their articles (a year of old scores outnumbers the window ten to one).
 */
const inWindow = (f: QueueReadFilter, s: string) =>
  f.since ? sql`${sql.raw(s)}.published_at >= ${f.since.getTime()}` : sql`1`

/** Score rows with their articles' states, read from the two covering indexes (no bodies). */
const rowsFrom = (s: string, a: string, rankIndex: string) =>
  sql`${articleScores} ${sql.raw(s)} indexed by ${sql.raw(rankIndex)} join ${articles} ${sql.raw(a)} indexed by articles_queue_state on ${sql.raw(a)}.id = ${sql.raw(s)}.article_id`

/**
 * Past this many articles a filter is common enough that walking the window in rank order finds a
 * page sooner than reading and sorting them all.
 */
const FEW = 2000

/**
 * The articles that a filter on sources, a language or a tag can list, when they are few: the queue then
 * reads those (from the source's or the language's dated index, or the annotations) instead of walking the whole
 * window in rank order to find them. Null when no such filter is set or it matches many.
 */
async function fewCandidates(db: Db, sectorSlug: string, f: QueueReadFilter): Promise<SQL | null> {
  const candidates = [
    f.feedIds
      ? sql`select id from ${articles} indexed by articles_feed_published where feed_id in (${sql.join(
          f.feedIds.map((id) => sql`${id}`),
          sql`, `,
        )}) ${f.since ? sql`and published_at >= ${f.since.getTime()}` : sql``}`
      : null,
    f.lang
      ? sql`select id from ${articles} indexed by articles_sector_lang_published where sector_slug = ${sectorSlug} and lang = ${f.lang} ${
          f.since ? sql`and published_at >= ${f.since.getTime()}` : sql``
        }`
      : null,
    f.tag
      ? sql`select distinct n.article_id as id from ${annotations} n, json_each(n.tags) j where j.value = ${f.tag}`
      : null,
  ]
  for (const q of candidates) {
    if (!q) continue
    const [row] = await db.all<{ n: number }>(
      sql`select count(*) as n from (${q} limit ${FEW + 1})`,
    )
    if (Number(row?.n ?? 0) <= FEW) return q
  }
  return null
}

/** The listed score rows `s` with article states `a`: the few candidates, or the whole sector by rank. */
const listedRows = (few: SQL | null, rankIndex: string) =>
  few
    ? sql`(${few}) c cross join ${articleScores} s cross join ${articles} a indexed by articles_queue_state on s.article_id = c.id and a.id = s.article_id`
    : rowsFrom('s', 'a', rankIndex)

/**
 * The condition that row `s` is its story's card: no other listed row of the story ranks before it.
 * Reads the story's rows from an index (a story has a few articles).
 */
const isStoryHead = (f: QueueReadFilter) =>
  sql`not exists (select 1 from ${rowsFrom('s2', 'a2', 'scores_sector_story')} where s2.sector_slug = s.sector_slug and s2.story_id = s.story_id and s2.score >= s.score and s2.article_id <> s.article_id and (s2.score > s.score or s2.article_id > s.article_id) and ${listed(f, 's2', 'a2')})`

/**
 * The stories of a sector's queue in rank order, each as its best listed article: the `limit` after
 * `after` (or from the top), or the `limit` just before `before`, still best first. Walks the
 * (sector, score, article id) index from the cursor, so a page costs the same at any queue size;
 * a filter that few articles meet reads and sorts those instead.
 */
export async function queueHeads(
  db: Db,
  sectorSlug: string,
  f: QueueReadFilter,
  page: { after?: RankKey; before?: RankKey; limit: number; offset?: number },
): Promise<QueueHead[]> {
  const back = !!page.before
  const key = page.before ?? page.after
  // The first conjunct bounds the index range; the second breaks ties on the article id.
  const keyset = !key
    ? sql`1`
    : back
      ? sql`s.score >= ${key.score} and (s.score > ${key.score} or s.article_id > ${key.articleId})`
      : sql`s.score <= ${key.score} and (s.score < ${key.score} or s.article_id < ${key.articleId})`
  const order = back ? sql`s.score asc, s.article_id asc` : sql`s.score desc, s.article_id desc`
  const few = await fewCandidates(db, sectorSlug, f)
  const rows = await db.all<{ articleId: number; storyId: number; score: number }>(
    sql`select s.article_id as articleId, s.story_id as storyId, s.score as score from ${listedRows(few, 'scores_queue_rank')}
      where s.sector_slug = ${sectorSlug} and ${inWindow(f, 's')} and ${listed(f, 's', 'a')} and ${keyset} and ${isStoryHead(f)} and ${notHidden(f, 's')}
      order by ${order} limit ${page.limit} offset ${page.offset ?? 0}`,
  )
  const heads = rows.map((r) => ({
    articleId: Number(r.articleId),
    storyId: Number(r.storyId),
    score: Number(r.score),
  }))
  return back ? heads.reverse() : heads
}

/**
 * How many stories the queue lists with these filters, counted up to `cap` (a page says "cap+" past
 * it): the cost is that of reading `cap` stories, whatever the size of the window.
 */
export async function countQueueHeads(
  db: Db,
  sectorSlug: string,
  f: QueueReadFilter,
  cap: number,
): Promise<number> {
  const few = await fewCandidates(db, sectorSlug, f)
  const [row] = await db.all<{ n: number }>(
    sql`select count(*) as n from (select distinct s.story_id from ${listedRows(few, f.since ? 'scores_sector_window' : 'scores_queue_rank')}
      where s.sector_slug = ${sectorSlug} and ${inWindow(f, 's')} and ${listed(f, 's', 'a')} and ${notHidden(f, 's')} limit ${cap})`,
  )
  return Number(row?.n ?? 0)
}

/** An article's place in the queue's order (its stored score), or null when it is not scored. */
export async function rankKeyOf(
  db: Db,
  articleId: number,
): Promise<(RankKey & { storyId: number; sectorSlug: string }) | null> {
  const [row] = await db.all<{ score: number; storyId: number; sectorSlug: string }>(
    sql`select score, story_id as storyId, sector_slug as sectorSlug from ${articleScores} where article_id = ${articleId}`,
  )
  return row
    ? {
        articleId,
        score: Number(row.score),
        storyId: Number(row.storyId),
        sectorSlug: row.sectorSlug,
      }
    : null
}

/** The card of one story in this list (its best listed article), or null when the list hides or lacks it. */
export async function storyHeadOf(
  db: Db,
  sectorSlug: string,
  storyId: number,
  f: QueueReadFilter,
): Promise<QueueHead | null> {
  const [row] = await db.all<{ articleId: number; score: number }>(
    sql`select s.article_id as articleId, s.score as score from ${rowsFrom('s', 'a', 'scores_sector_story')}
      where s.sector_slug = ${sectorSlug} and s.story_id = ${storyId} and ${listed(f, 's', 'a')} and ${notHidden(f, 's')}
      order by s.score desc, s.article_id desc limit 1`,
  )
  return row ? { articleId: Number(row.articleId), score: Number(row.score), storyId } : null
}

/**
 * The listed rows of these stories (each story's card and its other sources), best first. The
 * conditions read the articles' states from their covering index (status comes after the bodies in an
 * article's row); the card's fields come from the start of the row.
 */
export async function storyRows(
  db: Db,
  sectorSlug: string,
  storyIds: number[],
  f: QueueReadFilter,
): Promise<QueueRow[]> {
  if (!storyIds.length) return []
  const rows = await db.all<{
    articleId: number
    storyId: number
    score: number
    computedAt: number
    url: string
    title: string
    source: string
    feedId: number
    author: string | null
    lang: string | null
    publishedAt: number
    status: string
    excerpt: string | null
  }>(
    sql`select s.article_id as articleId, s.story_id as storyId, s.score as score, s.computed_at as computedAt,
      c.url as url, c.title as title, f.source_name as source, c.feed_id as feedId, c.author as author, c.lang as lang,
      c.published_at as publishedAt, a.status as status, c.excerpt as excerpt
      from ${rowsFrom('s', 'a', 'scores_sector_story')} join ${articles} c on c.id = s.article_id join ${feeds} f on f.id = c.feed_id
      where s.sector_slug = ${sectorSlug} and s.story_id in (${sql.join(
        storyIds.map((id) => sql`${id}`),
        sql`, `,
      )}) and ${listed(f, 's', 'a')}
      order by s.score desc, s.article_id desc`,
  )
  return rows.map((r) => ({
    articleId: Number(r.articleId),
    sectorSlug,
    score: Number(r.score),
    explanation: null,
    storyId: Number(r.storyId),
    computedAt: new Date(Number(r.computedAt)),
    url: r.url,
    title: r.title,
    source: r.source,
    feedId: Number(r.feedId),
    author: r.author,
    lang: r.lang,
    publishedAt: new Date(Number(r.publishedAt)),
    status: r.status,
    excerpt: r.excerpt,
  }))
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

/**
 * The undecided articles this list shows (all of each story's listed rows, not only its card), published
 * in [from, to), whose stories have nothing published since `before`: what "skip what is older than"
 * leaves behind, read a slice of dates at a time. A story with fresh coverage stays, its older articles too.
 */
export async function staleListedArticleIds(
  db: Db,
  sectorSlug: string,
  f: QueueReadFilter,
  before: Date,
  slice: { from: Date; to: Date },
): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    sql`select s.article_id as id from ${rowsFrom('s', 'a', 'scores_sector_window')}
      where s.sector_slug = ${sectorSlug} and s.published_at >= ${slice.from.getTime()} and s.published_at < ${slice.to.getTime()}
      and ${listed(f, 's', 'a')} and ${notHidden(f, 's')}
      and not exists (select 1 from ${articleScores} s3 indexed by scores_sector_story where s3.sector_slug = s.sector_slug and s3.story_id = s.story_id and s3.published_at >= ${before.getTime()})`,
  )
  return rows.map((r) => Number(r.id))
}
