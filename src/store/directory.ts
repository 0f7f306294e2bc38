import { and, asc, eq, gt, inArray, ne, notInArray, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import {
  articleScores,
  articles,
  citations,
  directoryRuns,
  directoryStats,
  feeds,
  people,
  personAliasPins,
  personSources,
  profiles,
  shortlists,
} from '../../db/schema.ts'
import type { Db } from './db.ts'
import { hostOf } from './directory-citations.ts'

/** Profile rows a curator wrote: a handle they added, or a found one they removed (kept hidden). */
export const CURATOR_SIGNALS = ['curator', 'curator-removed']

export type CitationRow = typeof citations.$inferInsert
export type DirectoryStatsRow = typeof directoryStats.$inferInsert
export type ProfileRow = typeof profiles.$inferInsert

/** Until when the sector's article links were read (null: never). */
export async function directoryScannedUntil(db: Db, sectorSlug: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: directoryRuns.scannedUntil })
    .from(directoryRuns)
    .where(eq(directoryRuns.sectorSlug, sectorSlug))
  return row?.at ?? null
}

/**
 * The extracted articles changed after `since` (all when null), oldest change first: ids and times
 * only, in one pass over the articles_sector_updated index.
 */
export async function articlesChangedSince(db: Db, sectorSlug: string, since: Date | null) {
  return db
    .select({ id: articles.id, updatedAt: articles.updatedAt })
    .from(articles)
    .where(
      and(
        eq(articles.sectorSlug, sectorSlug),
        ne(articles.extractState, 'pending'),
        since ? gt(articles.updatedAt, since) : undefined,
      ),
    )
    .orderBy(asc(articles.updatedAt), asc(articles.id))
}

/** What reading an article's links needs, for these articles (by primary key). */
export async function articlesForLinks(db: Db, ids: number[]) {
  if (!ids.length) return []
  return db
    .select({
      id: articles.id,
      feedId: articles.feedId,
      url: articles.url,
      canonicalUrl: articles.canonicalUrl,
      html: articles.html,
      publishedAt: articles.publishedAt,
      siteUrl: feeds.siteUrl,
    })
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .where(inArray(articles.id, ids))
}

/** Replaces the links of these articles with those given, in one batch. */
export async function replaceCitations(db: Db, articleIds: number[], rows: CitationRow[]) {
  if (!articleIds.length) return
  const steps: BatchItem<'sqlite'>[] = [
    db.delete(citations).where(inArray(citations.articleId, articleIds)),
  ]
  for (let i = 0; i < rows.length; i += 500)
    steps.push(
      db
        .insert(citations)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing(),
    )
  await db.batch(steps as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
}

type DirectoryArticle = {
  id: number
  feedId: number
  author: string | null
  url: string
  canonicalUrl: string
  publishedAt: Date
  status: string
  score: number | null
  signals: unknown
}
export type DirectoryCitationCount = {
  feedId: number
  host: string
  week: number
  articles: number
}
export type DirectoryArticleCitation = {
  /** the cited article */
  target: number
  articleId: number
  feedId: number
  publishedAt: Date
}

// A sector's articles and links are hundreds of thousands of rows, and the driver costs far more per
// row than SQLite does: they are read as one JSON array per feed (built by SQLite, parsed at once)
// from a plain scan of the table (`+` keeps SQLite off the index: random row reads cost more).

async function articlesForDirectory(db: Db, sectorSlug: string): Promise<DirectoryArticle[]> {
  const rows = await db.all<{ feedId: number; list: string }>(sql`
    select ${articles.feedId} as feedId, json_group_array(json_array(${articles.id},
      ${articles.author}, ${articles.url}, ${articles.canonicalUrl}, ${articles.publishedAt},
      ${articles.status}, ${articleScores.score}, json(${articles.profileSignals}))) as list
    from ${articles} left join ${articleScores} on ${articleScores.articleId} = ${articles.id}
    where +${articles.sectorSlug} = ${sectorSlug}
    group by ${articles.feedId}`)
  const out: DirectoryArticle[] = []
  for (const { feedId, list } of rows)
    for (const [id, author, url, canonicalUrl, at, status, score, signals] of JSON.parse(list))
      out.push({
        id,
        feedId,
        author,
        url,
        canonicalUrl,
        publishedAt: new Date(at),
        status,
        score,
        signals,
      })
  return out
}

const WEEK_MS = 7 * 86_400_000

/**
 * The sector's links counted by SQLite rather than read one by one: per citing source, cited host
 * and week of the citing article (0 = the 7 days up to `now`, up to weeks - 1; -1 for any other
 * time), how many distinct articles link there. An article is in one source and one week, so sums
 * of these counts are counts of distinct articles.
 */
async function citationCounts(db: Db, sectorSlug: string, now: Date, weeks: number) {
  const at = now.getTime()
  const rows = await db.all<{ list: string }>(sql`
    select json_group_array(json_array(feedId, host, week, n)) as list from (
      select ${citations.feedId} as feedId, ${citations.targetHost} as host,
        case when ${citations.publishedAt} <= ${at} and ${citations.publishedAt} > ${at - weeks * WEEK_MS}
          then (${at} - ${citations.publishedAt}) / ${WEEK_MS} else -1 end as week,
        count(distinct ${citations.articleId}) as n
      from ${citations}
      where +${citations.sectorSlug} = ${sectorSlug}
      group by 1, 2, 3)`)
  const out: DirectoryCitationCount[] = []
  for (const [feedId, host, week, n] of JSON.parse(rows[0]?.list ?? '[]'))
    out.push({ feedId, host, week, articles: n })
  return out
}

/**
 * Links from an article to another source's article of the sector (what a person's citations are):
 * matched on the cited article's canonical address through its index, a trailing slash aside, and
 * on its feed address when that differs.
 */
async function articleCitations(db: Db, sectorSlug: string): Promise<DirectoryArticleCitation[]> {
  const byCanonical = await db.all<{ list: string }>(sql`
    select json_group_array(json_array(a.id, c.article_id, c.feed_id, c.published_at)) as list
    from ${citations} c join ${articles} a indexed by articles_sector_canonical
      on a.sector_slug = c.sector_slug
      and a.canonical_url in (c.target_url, rtrim(c.target_url, '/'), rtrim(c.target_url, '/') || '/')
    where +c.sector_slug = ${sectorSlug} and a.feed_id != c.feed_id`)
  // Articles whose own address is not their canonical one (few): their links by address, looked up
  // by host through the citations' index.
  const moved = await db
    .select({ id: articles.id, feedId: articles.feedId, url: articles.url })
    .from(articles)
    .where(
      and(
        eq(articles.sectorSlug, sectorSlug),
        sql`rtrim(${articles.url}, '/') != rtrim(${articles.canonicalUrl}, '/')`,
      ),
    )
  const keyed = moved.flatMap((a) => {
    const host = hostOf(a.url)
    return host ? [[a.id, a.feedId, a.url.replace(/#.*$/, '').replace(/\/+$/, ''), host]] : []
  })
  const byUrl = keyed.length
    ? await db.all<{ list: string }>(sql`
    with moved(id, feed, url, host) as materialized (
      select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        json_extract(value, '$[3]') from json_each(${JSON.stringify(keyed)}))
    select json_group_array(json_array(moved.id, c.article_id, c.feed_id, c.published_at)) as list
    from moved join ${citations} c indexed by citations_sector_host
      on c.sector_slug = ${sectorSlug} and c.target_host = moved.host
      and rtrim(c.target_url, '/') = moved.url and c.feed_id != moved.feed`)
    : []
  const out: DirectoryArticleCitation[] = []
  for (const rows of [byCanonical, byUrl])
    for (const [target, articleId, feedId, at] of JSON.parse(rows[0]?.list ?? '[]'))
      out.push({ target, articleId, feedId, publishedAt: new Date(at) })
  return out
}

/** Everything the directory is computed from, for one sector. */
export async function directorySources(db: Db, sectorSlug: string, now: Date, weeks: number) {
  const [feedRows, articleRows, counts, cited, links, listed, pins] = await Promise.all([
    db
      .select({ id: feeds.id, url: feeds.url, siteUrl: feeds.siteUrl, people: feeds.people })
      .from(feeds)
      .where(eq(feeds.sectorSlug, sectorSlug)),
    articlesForDirectory(db, sectorSlug),
    citationCounts(db, sectorSlug, now, weeks),
    articleCitations(db, sectorSlug),
    db
      .select({
        feedId: personSources.feedId,
        normName: personSources.normName,
        personId: personSources.personId,
      })
      .from(personSources)
      .where(eq(personSources.sectorSlug, sectorSlug)),
    db
      .select({ id: sql<number>`json_extract(j.value, '$.id')` })
      .from(sql`${shortlists}, json_each(${shortlists.items}) j`)
      .where(eq(shortlists.sectorSlug, sectorSlug)),
    db
      .select({
        feedId: personAliasPins.feedId,
        normName: personAliasPins.normName,
        personId: personAliasPins.personId,
      })
      .from(personAliasPins)
      .where(eq(personAliasPins.sectorSlug, sectorSlug)),
  ])
  const shortlisted = new Set(listed.map((r) => Number(r.id)))
  return {
    feeds: feedRows,
    articles: articleRows.map((a) => ({ ...a, shortlisted: shortlisted.has(a.id) })),
    citationCounts: counts,
    articleCitations: cited,
    existingLinks: links,
    pins,
  }
}

export interface DirectoryWrite {
  people: {
    id: number | null
    name: string
    normName: string
    aliases: { feedId: number; normName: string; name: string; articles: number }[]
    handles: Omit<ProfileRow, 'sectorSlug' | 'subject' | 'subjectId'>[]
    stats: Omit<DirectoryStatsRow, 'sectorSlug' | 'subject' | 'subjectId' | 'computedAt'>
  }[]
  sources: {
    feedId: number
    handles: Omit<ProfileRow, 'sectorSlug' | 'subject' | 'subjectId'>[]
    stats: Omit<DirectoryStatsRow, 'sectorSlug' | 'subject' | 'subjectId' | 'computedAt'>
  }[]
}

/**
 * Saves a recomputed directory: people keep their ids and the curator's fields, people no longer
 * found go unless a curator edited them, and links, handles and figures are replaced as a whole.
 */
export async function saveDirectory(
  db: Db,
  sectorSlug: string,
  dir: DirectoryWrite,
  now: Date,
  scannedUntil: Date,
) {
  // New people in one transaction (one commit, not one per person: a first run finds thousands).
  const fresh = dir.people
    .filter((p) => p.id === null)
    .map((p) =>
      db
        .insert(people)
        .values({ sectorSlug, name: p.name, normName: p.normName, createdAt: now, updatedAt: now })
        .returning({ id: people.id }),
    )
  const [first, ...rest] = fresh
  const inserted = first ? ((await db.batch([first, ...rest])) as { id: number }[][]) : []
  const freshIds = inserted.map((rows) => rows[0]!.id)
  let next = 0
  const ids = dir.people.map((p) => p.id ?? freshIds[next++]!)
  const steps: BatchItem<'sqlite'>[] = [
    db
      .delete(people)
      .where(
        and(
          eq(people.sectorSlug, sectorSlug),
          eq(people.edited, false),
          ids.length ? notInArray(people.id, ids) : undefined,
        ),
      ),
    db.delete(personSources).where(eq(personSources.sectorSlug, sectorSlug)),
    // The curator's handles (added, or hidden) are theirs: found ones never overwrite them.
    db
      .delete(profiles)
      .where(
        and(eq(profiles.sectorSlug, sectorSlug), notInArray(profiles.signal, CURATOR_SIGNALS)),
      ),
    db.delete(directoryStats).where(eq(directoryStats.sectorSlug, sectorSlug)),
  ]
  const links: (typeof personSources.$inferInsert)[] = []
  const handles: ProfileRow[] = []
  const stats: DirectoryStatsRow[] = []
  dir.people.forEach((p, i) => {
    const personId = ids[i]!
    if (p.id !== null)
      steps.push(
        db
          .update(people)
          .set({ name: p.name, normName: p.normName, updatedAt: now })
          .where(eq(people.id, personId)),
      )
    for (const a of p.aliases) links.push({ sectorSlug, personId, ...a })
    for (const h of p.handles)
      handles.push({ sectorSlug, subject: 'person', subjectId: personId, ...h })
    stats.push({ sectorSlug, subject: 'person', subjectId: personId, computedAt: now, ...p.stats })
  })
  for (const s of dir.sources) {
    for (const h of s.handles)
      handles.push({ sectorSlug, subject: 'source', subjectId: s.feedId, ...h })
    stats.push({ sectorSlug, subject: 'source', subjectId: s.feedId, computedAt: now, ...s.stats })
  }
  const chunks = <T>(rows: T[]) =>
    Array.from({ length: Math.ceil(rows.length / 200) }, (_, i) =>
      rows.slice(i * 200, i * 200 + 200),
    )
  for (const c of chunks(links))
    steps.push(db.insert(personSources).values(c).onConflictDoNothing())
  for (const c of chunks(handles)) steps.push(db.insert(profiles).values(c).onConflictDoNothing())
  for (const c of chunks(stats)) steps.push(db.insert(directoryStats).values(c))
  steps.push(
    db
      .insert(directoryRuns)
      .values({ sectorSlug, scannedUntil, computedAt: now })
      .onConflictDoUpdate({
        target: directoryRuns.sectorSlug,
        set: { scannedUntil, computedAt: now },
      }),
  )
  await db.batch(steps as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
}
