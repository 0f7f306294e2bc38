import { and, eq, sql } from 'drizzle-orm'
import {
  articleScores,
  articles,
  citations,
  feeds,
  personAliasPins,
  personSources,
  shortlists,
} from '../../db/schema.ts'
import type { Db } from './db.ts'
import { hostOf } from './directory-citations.ts'

// What the directory is computed from, counted by SQLite: a sector's articles are a hundred thousand
// rows and more, and reading them into the process cost seconds and hundreds of megabytes. Rows come
// back as one JSON array built by SQLite (the driver costs far more per row than SQLite does).

const WEEK_MS = 7 * 86_400_000

/**
 * The week of a date column: 0 for the 7 days up to `now`, up to weeks - 1; -1 for any other time.
 * Cast, as the driver binds numbers as reals and the division would not be a whole week.
 */
const weekOf = (column: unknown, now: Date, weeks: number) => {
  const at = now.getTime()
  return sql`case when ${column} <= ${at} and ${column} > ${at - weeks * WEEK_MS}
    then cast((${at} - ${column}) / ${WEEK_MS} as integer) else -1 end`
}

/** The figures of a set of articles, summed over their bylines. */
export interface BylineFigures {
  articles: number
  /** per week, latest first (index 0: the 7 days up to now) */
  weekly: number[]
  lastPublishedAt: Date | null
  scoreSum: number
  scored: number
  shortlisted: number
  /** approved, reshared or rejected */
  decided: number
  /** approved or reshared */
  approved: number
}

/** The articles of a source under one byline as written (null: none), counted; first by feed and id. */
export interface BylineRow {
  feedId: number
  author: string | null
  figures: BylineFigures
}

/**
 * Per source and byline: how many articles, per week, last date, scores, shortlisted and decided.
 * A few thousand rows for a hundred thousand articles; what a source's and a person's figures add up.
 */
async function bylineFigures(
  db: Db,
  sectorSlug: string,
  now: Date,
  weeks: number,
): Promise<BylineRow[]> {
  const perWeek = sql.join(
    Array.from({ length: weeks }, (_, w) => sql`sum(w = ${sql.raw(String(w))})`),
    sql`, `,
  )
  const rows = await db.all<{ list: string }>(sql`
    with listed(id) as (
      select cast(json_extract(j.value, '$.id') as integer)
      from ${shortlists}, json_each(${shortlists.items}) j
      where ${shortlists.sectorSlug} = ${sectorSlug}),
    a as (
      select id, feed_id, author, published_at, status, ${weekOf(articles.publishedAt, now, weeks)} as w
      from ${articles} where +${articles.sectorSlug} = ${sectorSlug})
    select json_group_array(json_array(feed_id, author, n, last, score_sum, scored, shortlisted,
      decided, approved, json(weekly))) as list from (
      select a.feed_id, a.author, min(a.id) as first, count(*) as n, max(a.published_at) as last,
        coalesce(sum(s.score), 0) as score_sum, count(s.score) as scored,
        sum(a.id in (select id from listed)) as shortlisted,
        sum(a.status in ('approved', 'reshared', 'rejected')) as decided,
        sum(a.status in ('approved', 'reshared')) as approved,
        json_array(${perWeek}) as weekly
      from a left join ${articleScores} s on s.article_id = a.id
      group by a.feed_id, a.author
      order by a.feed_id, first)`)
  const out: BylineRow[] = []
  for (const [
    feedId,
    author,
    n,
    last,
    scoreSum,
    scored,
    shortlisted,
    decided,
    approved,
    weekly,
  ] of JSON.parse(rows[0]?.list ?? '[]'))
    out.push({
      feedId,
      author,
      figures: {
        articles: n,
        weekly,
        lastPublishedAt: last === null ? null : new Date(last),
        scoreSum,
        scored,
        shortlisted,
        decided,
        approved,
      },
    })
  return out
}

/**
 * For sources whose site address says no host: the hosts their articles are on, counted (on the
 * scheme and authority of the address, which the caller reads a host from).
 */
async function articleOrigins(db: Db, sectorSlug: string, feedIds: number[]) {
  if (!feedIds.length) return []
  const origin = (column: unknown) =>
    sql`case when instr(substr(${column}, 9), '/') > 0
      then substr(${column}, 1, instr(substr(${column}, 9), '/') + 8) else ${column} end`
  const rows = await db.all<{ list: string }>(sql`
    select json_group_array(json_array(feed_id, canonical, url, n)) as list from (
      select ${articles.feedId} as feed_id, ${origin(articles.canonicalUrl)} as canonical,
        ${origin(articles.url)} as url, count(*) as n
      from ${articles}
      where ${articles.sectorSlug} = ${sectorSlug}
        and ${articles.feedId} in (select value from json_each(${JSON.stringify(feedIds)}))
      group by 1, 2, 3)`)
  return (JSON.parse(rows[0]?.list ?? '[]') as [number, string, string, number][]).map(
    ([feedId, canonicalUrl, url, articles]) => ({ feedId, canonicalUrl, url, articles }),
  )
}

/**
 * The sector's links counted per citing source, cited host and week of the citing article: how many
 * distinct articles link there. An article is in one source and one week, so sums of these counts
 * are counts of distinct articles.
 */
async function citationCounts(db: Db, sectorSlug: string, now: Date, weeks: number) {
  // As columns, the host as its rank among the distinct hosts: a few numbers per count, not an
  // object and a copy of the host's name each (a sector's counts are hundreds of thousands).
  const [row] = await db.all<{
    hosts: string
    feeds: string
    hostIndex: string
    weeks: string
    counts: string
  }>(sql`
    with counts as materialized (
      select ${citations.feedId} as feed_id, ${citations.targetHost} as host,
        ${weekOf(citations.publishedAt, now, weeks)} as week,
        count(distinct ${citations.articleId}) as n
      from ${citations}
      where +${citations.sectorSlug} = ${sectorSlug}
      group by 1, 2, 3),
    ranked as materialized (
      select feed_id, host, dense_rank() over (order by host) - 1 as h, week, n from counts)
    select
      (select json_group_array(host) from (select distinct host from ranked order by host)) as hosts,
      json_group_array(feed_id) as feeds, json_group_array(h) as hostIndex,
      json_group_array(week) as weeks, json_group_array(n) as counts
    from ranked`)
  return {
    hosts: JSON.parse(row?.hosts ?? '[]') as string[],
    feedId: JSON.parse(row?.feeds ?? '[]') as number[],
    host: JSON.parse(row?.hostIndex ?? '[]') as number[],
    week: JSON.parse(row?.weeks ?? '[]') as number[],
    articles: JSON.parse(row?.counts ?? '[]') as number[],
  }
}

/** An article of another source linking to one of a byline's articles, and its week. */
export interface CitingArticle {
  articleId: number
  feedId: number
  week: number
}

/**
 * Links from an article to another source's article of the sector (what a person's citations are),
 * per cited source and byline, each citing article once: matched on the cited article's canonical
 * address through its index, a trailing slash aside, and on its own address when that differs.
 */
async function citedBylines(db: Db, sectorSlug: string, now: Date, weeks: number) {
  const out = new Map<string, Map<number, CitingArticle>>()
  const add = (feedId: number, author: string | null, citing: [number, number, number][]) => {
    const key = bylineKey(feedId, author)
    const m = out.get(key) ?? new Map<number, CitingArticle>()
    for (const [articleId, from, week] of citing)
      m.set(articleId, { articleId, feedId: from, week })
    out.set(key, m)
  }
  const week = weekOf(sql`c.published_at`, now, weeks)
  // The links are matched on the canonical index alone, then each cited article's row is read in id
  // order for its source and byline (a random row read per link cost more than the match).
  const byCanonical = await db.all<{ list: string }>(sql`
    with hits as materialized (
      select a.id as target, c.article_id as citing, c.feed_id as from_feed, ${week} as week
      from ${citations} c join ${articles} a indexed by articles_sector_canonical
        on a.sector_slug = c.sector_slug
        and a.canonical_url in (c.target_url, rtrim(c.target_url, '/'), rtrim(c.target_url, '/') || '/')
      where +c.sector_slug = ${sectorSlug}
      order by 1)
    select json_group_array(json_array(feed_id, author, json(citing))) as list from (
      select t.feed_id, t.author,
        json_group_array(distinct json_array(h.citing, h.from_feed, h.week)) as citing
      from hits h join ${articles} t on t.id = h.target
      where t.feed_id != h.from_feed
      group by t.feed_id, t.author)`)
  for (const [feedId, author, citing] of JSON.parse(byCanonical[0]?.list ?? '[]'))
    add(feedId, author, citing)
  // Articles whose own address is not their canonical one (few): their links by address, looked up
  // by host through the citations' index.
  const moved = await db
    .select({
      id: articles.id,
      feedId: articles.feedId,
      author: articles.author,
      url: articles.url,
    })
    .from(articles)
    .where(
      // `+`: one pass over the table, not a row read at random per entry of the sector's index.
      and(
        sql`+${articles.sectorSlug} = ${sectorSlug}`,
        sql`rtrim(${articles.url}, '/') != rtrim(${articles.canonicalUrl}, '/')`,
      ),
    )
  const keyed = moved.flatMap((a) => {
    const host = hostOf(a.url)
    return host ? [[a.id, a.feedId, a.url.replace(/#.*$/, '').replace(/\/+$/, ''), host]] : []
  })
  if (!keyed.length) return out
  const byUrl = await db.all<{ list: string }>(sql`
    with moved(id, feed, url, host) as materialized (
      select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        json_extract(value, '$[3]') from json_each(${JSON.stringify(keyed)}))
    select json_group_array(json_array(moved.id, c.article_id, c.feed_id, ${week})) as list
    from moved join ${citations} c indexed by citations_sector_host
      on c.sector_slug = ${sectorSlug} and c.target_host = moved.host
      and rtrim(c.target_url, '/') = moved.url and c.feed_id != moved.feed`)
  const movedById = new Map(moved.map((a) => [a.id, a]))
  for (const [id, articleId, from, w] of JSON.parse(byUrl[0]?.list ?? '[]')) {
    const a = movedById.get(id)!
    add(a.feedId, a.author, [[articleId, from, w]])
  }
  return out
}

/** How a byline's citations are keyed: its source and the byline as written. */
export const bylineKey = (feedId: number, author: string | null) => `${feedId}\n${author ?? ''}`

/** Everything the directory is computed from but the articles' profile signals, for one sector. */
export async function directoryAggregates(db: Db, sectorSlug: string, now: Date, weeks: number) {
  const feedRows = await db
    .select({ id: feeds.id, url: feeds.url, siteUrl: feeds.siteUrl, people: feeds.people })
    .from(feeds)
    .where(eq(feeds.sectorSlug, sectorSlug))
  const withoutSite = feedRows
    .filter((f) => !/^https?:\/\//i.test(f.siteUrl ?? '') || !hostOf(f.siteUrl!))
    .map((f) => f.id)
  const [bylines, origins, counts, cited, existingLinks, pins] = await Promise.all([
    bylineFigures(db, sectorSlug, now, weeks),
    articleOrigins(db, sectorSlug, withoutSite),
    citationCounts(db, sectorSlug, now, weeks),
    citedBylines(db, sectorSlug, now, weeks),
    db
      .select({
        feedId: personSources.feedId,
        normName: personSources.normName,
        personId: personSources.personId,
      })
      .from(personSources)
      .where(eq(personSources.sectorSlug, sectorSlug)),
    db
      .select({
        feedId: personAliasPins.feedId,
        normName: personAliasPins.normName,
        personId: personAliasPins.personId,
      })
      .from(personAliasPins)
      .where(eq(personAliasPins.sectorSlug, sectorSlug)),
  ])
  return {
    feeds: feedRows,
    bylines: bylines.map((b) => ({
      ...b,
      citedBy: [...(cited.get(bylineKey(b.feedId, b.author))?.values() ?? [])],
    })),
    articleOrigins: origins,
    citationCounts: counts,
    existingLinks,
    pins,
  }
}

/**
 * One page of the sector's articles that carry profile signals, by id from `afterId`: what profile
 * discovery reads, a page at a time so that memory does not grow with the sector.
 */
export async function profileSignalsPage(
  db: Db,
  sectorSlug: string,
  afterId: number,
  limit = 2000,
) {
  // `+`: along the primary key from `afterId`, not through the sector's index and a sort.
  const [row] = await db.all<{ list: string }>(sql`
    select json_group_array(json_array(id, feed_id, author, json(profile_signals))) as list from (
      select ${articles.id} as id, ${articles.feedId} as feed_id, ${articles.author} as author,
        ${articles.profileSignals} as profile_signals
      from ${articles}
      where +${articles.sectorSlug} = ${sectorSlug} and ${articles.profileSignals} is not null
        and ${articles.id} > ${afterId}
      order by ${articles.id} limit ${limit})`)
  return (JSON.parse(row?.list ?? '[]') as [number, number, string | null, unknown][]).map(
    ([id, feedId, author, signals]) => ({ id, feedId, author, signals }),
  )
}
