import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import {
  articles,
  directoryRuns,
  directoryStats,
  feeds,
  people,
  personSources,
  profiles,
} from '../../db/schema.ts'
import type { Db } from './db.ts'

type StatsRow = typeof directoryStats.$inferSelect
export type DirectoryFigures = Omit<StatsRow, 'sectorSlug' | 'subject' | 'subjectId' | 'computedAt'>
export interface DirectoryHandle {
  network: string
  handle: string
  url: string | null
  signal: string
  articleId: number | null
}

// A sector's people, figures and handles are thousands of rows each, and the driver costs far more
// per row and column than SQLite does: they are read as one JSON array that SQLite builds.
async function jsonRows<T extends unknown[]>(db: Db, query: SQL): Promise<T[]> {
  const [row] = await db.all<{ list: string | null }>(query)
  return JSON.parse(row?.list ?? '[]') as T[]
}

async function peopleOf(db: Db, sectorSlug: string) {
  const rows = await jsonRows<[number, string, string | null, number]>(
    db,
    sql`select json_group_array(json_array(id, name, curator_name, edited)) as list
      from ${people} where ${people.sectorSlug} = ${sectorSlug}`,
  )
  return rows.map(([id, name, curatorName, edited]) => ({
    id,
    name,
    curatorName,
    edited: !!edited,
  }))
}

async function statsOf(db: Db, where: SQL | undefined) {
  // subject, subject_id, articles, weekly, cited_weekly, last_published_at, affinity,
  // shortlist_share, approve_rate, citations, citing_sources, influence, rising
  type Row = [
    string,
    number,
    number,
    number[],
    number[],
    number | null,
    number | null,
    number | null,
    number | null,
    number,
    number,
    number,
    number,
  ]
  const rows = await jsonRows<Row>(
    db,
    sql`select json_group_array(json_array(subject, subject_id, articles, json(weekly),
        json(cited_weekly), last_published_at, affinity, shortlist_share, approve_rate, citations,
        citing_sources, influence, rising)) as list
      from ${directoryStats} where ${where}`,
  )
  return rows.map(
    ([
      subject,
      subjectId,
      articles,
      weekly,
      citedWeekly,
      last,
      affinity,
      shortlistShare,
      approveRate,
      citations,
      citingSources,
      influence,
      rising,
    ]) => {
      const figures: DirectoryFigures = {
        articles,
        weekly,
        citedWeekly,
        lastPublishedAt: last === null ? null : new Date(last),
        affinity,
        shortlistShare,
        approveRate,
        citations,
        citingSources,
        influence,
        rising: !!rising,
      }
      return { subject, subjectId, figures }
    },
  )
}

async function handlesWhere(db: Db, where: SQL | undefined) {
  const rows = await jsonRows<
    [string, number, string, string, string | null, string, number | null]
  >(
    db,
    sql`select json_group_array(json_array(subject, subject_id, network, handle, url, signal,
        article_id)) as list
      from ${profiles} where ${where}`,
  )
  return rows.map(([subject, subjectId, network, handle, url, signal, articleId]) => ({
    subject,
    subjectId,
    network,
    handle,
    url,
    signal,
    articleId,
  }))
}

/**
 * A sector's directory as last computed: sources and people, most influential first. `only` reads
 * one of the two lists (the other comes back empty): a page showing one tab need not read both.
 */
export async function readDirectory(db: Db, sectorSlug: string, only?: 'source' | 'person') {
  const ofSubject = (t: typeof directoryStats | typeof profiles) =>
    and(eq(t.sectorSlug, sectorSlug), only ? eq(t.subject, only) : undefined)
  const none = Promise.resolve([])
  const [run, feedRows, personRows, stats, handles, links] = await Promise.all([
    db.select().from(directoryRuns).where(eq(directoryRuns.sectorSlug, sectorSlug)),
    db
      .select({
        id: feeds.id,
        name: feeds.sourceName,
        kind: feeds.kind,
        siteUrl: feeds.siteUrl,
        feedUrl: feeds.url,
        enabled: feeds.enabled,
      })
      .from(feeds)
      .where(eq(feeds.sectorSlug, sectorSlug)),
    only === 'source' ? none : peopleOf(db, sectorSlug),
    statsOf(db, ofSubject(directoryStats)),
    handlesWhere(db, ofSubject(profiles)),
    only === 'source'
      ? none
      : db
          .select({ personId: personSources.personId, feedId: personSources.feedId })
          .from(personSources)
          .where(eq(personSources.sectorSlug, sectorSlug)),
  ])
  const statOf = new Map(stats.map((s) => [`${s.subject}:${s.subjectId}`, s.figures]))
  const handlesOf = new Map<string, DirectoryHandle[]>()
  for (const h of handles) {
    if (h.signal === 'curator-removed') continue
    const key = `${h.subject}:${h.subjectId}`
    const entry = {
      network: h.network,
      handle: h.handle,
      url: h.url,
      signal: h.signal,
      articleId: h.articleId,
    }
    const list = handlesOf.get(key)
    if (list) list.push(entry)
    else handlesOf.set(key, [entry])
  }
  const feedName = new Map(feedRows.map((f) => [f.id, f.name]))
  const feedsOf = new Map<number, number[]>()
  for (const l of links) feedsOf.set(l.personId, [...(feedsOf.get(l.personId) ?? []), l.feedId])
  const byInfluence = <T extends { figures: DirectoryFigures | null; name: string }>(a: T, b: T) =>
    (b.figures?.influence ?? 0) - (a.figures?.influence ?? 0) ||
    (b.figures?.citingSources ?? 0) - (a.figures?.citingSources ?? 0) ||
    (b.figures?.articles ?? 0) - (a.figures?.articles ?? 0) ||
    a.name.localeCompare(b.name)
  return {
    computedAt: run[0]?.computedAt ?? null,
    sources: feedRows
      .map((f) => ({
        ...f,
        figures: statOf.get(`source:${f.id}`) ?? null,
        handles: handlesOf.get(`source:${f.id}`) ?? [],
      }))
      .sort(byInfluence),
    people: personRows
      .map((p) => ({
        id: p.id,
        name: p.curatorName ?? p.name,
        edited: p.edited,
        sources: [...new Set((feedsOf.get(p.id) ?? []).map((id) => feedName.get(id)!))].filter(
          Boolean,
        ),
        figures: statOf.get(`person:${p.id}`) ?? null,
        handles: handlesOf.get(`person:${p.id}`) ?? [],
      }))
      .sort(byInfluence),
  }
}

export type Directory = Awaited<ReturnType<typeof readDirectory>>
export type DirectorySource = Directory['sources'][number]
export type DirectoryPerson = Directory['people'][number]

/** The sector a person belongs to, or null when there is no such person. */
export async function sectorOfPerson(db: Db, id: number): Promise<string | null> {
  const [row] = await db
    .select({ sectorSlug: people.sectorSlug })
    .from(people)
    .where(eq(people.id, id))
  return row?.sectorSlug ?? null
}

/** The latest articles of these feeds, for a person's page to pick the ones with their byline. */
export async function latestArticlesOfFeeds(
  db: Db,
  sectorSlug: string,
  feedIds: number[],
  limit = 400,
) {
  if (!feedIds.length) return []
  return db
    .select({
      id: articles.id,
      feedId: articles.feedId,
      title: articles.title,
      author: articles.author,
      url: articles.url,
      canonicalUrl: articles.canonicalUrl,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .where(and(eq(articles.sectorSlug, sectorSlug), inArray(articles.feedId, feedIds)))
    .orderBy(desc(articles.publishedAt))
    .limit(limit)
}
