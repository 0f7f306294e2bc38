import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import {
  articles,
  directoryStats,
  feeds,
  people,
  personSources,
  profiles,
} from '../../db/schema.ts'
import { AppError } from '../lib/errors.ts'
import type { Db } from './db.ts'
import type { DirectoryFigures, DirectoryHandle } from './directory-read.ts'

/** One source (a feed of a sector) of the directory, with its figures and handles, or not_found. */
export async function directorySourceOrThrow(db: Db, id: number) {
  const [feed] = await db
    .select({
      id: feeds.id,
      sectorSlug: feeds.sectorSlug,
      name: feeds.sourceName,
      kind: feeds.kind,
      siteUrl: feeds.siteUrl,
      feedUrl: feeds.url,
      enabled: feeds.enabled,
    })
    .from(feeds)
    .where(eq(feeds.id, id))
  if (!feed) throw new AppError('not_found', { field: 'id', id })
  const subject = (t: typeof directoryStats | typeof profiles) =>
    and(eq(t.sectorSlug, feed.sectorSlug), eq(t.subject, 'source'), eq(t.subjectId, id))
  const [[stats], handleRows] = await Promise.all([
    db.select().from(directoryStats).where(subject(directoryStats)),
    db.select().from(profiles).where(subject(profiles)),
  ])
  const figures: DirectoryFigures | null = stats
    ? (({ sectorSlug, subject, subjectId, computedAt, ...rest }) => rest)(stats)
    : null
  const handles: DirectoryHandle[] = handleRows
    .filter((h) => h.signal !== 'curator-removed')
    .map((h) => ({
      network: h.network,
      handle: h.handle,
      url: h.url,
      signal: h.signal,
      articleId: h.articleId,
    }))
  return { ...feed, figures, handles, computedAt: stats?.computedAt ?? null }
}

/**
 * A source's place by influence among the sector's sources (1 = most influential), ties broken as
 * the directory's table does (distinct citing sources, then articles); sources with equal figures
 * share a rank. Counted in SQL: the page need not read the whole directory.
 */
export async function sourceInfluenceRank(
  db: Db,
  sectorSlug: string,
  f: { influence: number; citingSources: number; articles: number } | null,
) {
  const influence = f?.influence ?? 0
  const citing = f?.citingSources ?? 0
  const count = f?.articles ?? 0
  const inf = sql`coalesce(${directoryStats.influence}, 0)`
  const cit = sql`coalesce(${directoryStats.citingSources}, 0)`
  const [row] = await db
    .select({
      ahead: sql<number>`coalesce(sum(${inf} > ${influence} or (${inf} = ${influence} and (${cit} > ${citing}
        or (${cit} = ${citing} and coalesce(${directoryStats.articles}, 0) > ${count})))), 0)`,
      total: sql<number>`count(*)`,
    })
    .from(feeds)
    .leftJoin(
      directoryStats,
      and(
        eq(directoryStats.sectorSlug, feeds.sectorSlug),
        eq(directoryStats.subject, 'source'),
        eq(directoryStats.subjectId, feeds.id),
      ),
    )
    .where(eq(feeds.sectorSlug, sectorSlug))
  return { rank: Number(row?.ahead ?? 0) + 1, of: Number(row?.total ?? 0) }
}

/** The people who write on a source, most articles there first. */
export async function writersOfSource(db: Db, sectorSlug: string, feedId: number) {
  const rows = await db
    .select({
      id: people.id,
      name: sql<string>`coalesce(${people.curatorName}, ${people.name})`,
      articles: sql<number>`sum(${personSources.articles})`,
    })
    .from(personSources)
    .innerJoin(people, eq(people.id, personSources.personId))
    .where(and(eq(personSources.sectorSlug, sectorSlug), eq(personSources.feedId, feedId)))
    .groupBy(people.id)
    .orderBy(desc(sql`sum(${personSources.articles})`), people.id)
  return rows.map((r) => ({ ...r, articles: Number(r.articles) }))
}

/** A source's latest articles, with their address (whose host tells the site when the feed does not). */
export async function latestArticlesOfSource(db: Db, feedId: number, limit = 20) {
  return db
    .select({
      id: articles.id,
      title: articles.title,
      author: articles.author,
      url: articles.url,
      canonicalUrl: articles.canonicalUrl,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .where(eq(articles.feedId, feedId))
    .orderBy(desc(articles.publishedAt))
    .limit(limit)
}

/** The sector's sources with their site and feed addresses, for telling which of them a link is to. */
export async function sectorSourceSites(db: Db, sectorSlug: string) {
  return db
    .select({ id: feeds.id, name: feeds.sourceName, siteUrl: feeds.siteUrl, url: feeds.url })
    .from(feeds)
    .where(eq(feeds.sectorSlug, sectorSlug))
}

/**
 * The directory's person for each (sector, source, normalised byline name) given, by the key
 * `sector|feedId|normName`: what links an article's author to their entry.
 */
export async function peopleOfBylines(
  db: Db,
  bylines: { sectorSlug: string; feedId: number; normName: string }[],
): Promise<Map<string, number>> {
  if (!bylines.length) return new Map()
  const keys = bylines.map((b) => [b.sectorSlug, b.feedId, b.normName])
  const rows = await db.all<{
    sectorSlug: string
    feedId: number
    normName: string
    personId: number
  }>(sql`
    select ${personSources.sectorSlug} as sectorSlug, ${personSources.feedId} as feedId,
      ${personSources.normName} as normName, ${personSources.personId} as personId
    from json_each(${JSON.stringify(keys)}) j
      join ${personSources} on ${personSources.sectorSlug} = json_extract(j.value, '$[0]')
        and ${personSources.feedId} = json_extract(j.value, '$[1]')
        and ${personSources.normName} = json_extract(j.value, '$[2]')`)
  return new Map(rows.map((r) => [`${r.sectorSlug}|${r.feedId}|${r.normName}`, r.personId]))
}

/** The byline, source and sector of these articles, to link their authors to the directory. */
export async function bylinesOfArticles(db: Db, ids: number[]) {
  if (!ids.length) return []
  return db
    .select({
      id: articles.id,
      sectorSlug: articles.sectorSlug,
      feedId: articles.feedId,
      author: articles.author,
    })
    .from(articles)
    .where(inArray(articles.id, ids))
}
