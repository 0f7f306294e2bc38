import { and, asc, eq, gt, inArray, ne, notInArray, or, sql } from 'drizzle-orm'
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

/** Extracted articles changed after `since`, in pages ordered by (updatedAt, id). */
export async function articlesChangedSince(
  db: Db,
  sectorSlug: string,
  since: Date | null,
  after: { at: Date; id: number } | null,
  limit = 500,
) {
  const from = after ?? (since ? { at: since, id: Number.MAX_SAFE_INTEGER } : null)
  return db
    .select({
      id: articles.id,
      feedId: articles.feedId,
      url: articles.url,
      canonicalUrl: articles.canonicalUrl,
      html: articles.html,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
      siteUrl: feeds.siteUrl,
    })
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .where(
      and(
        eq(articles.sectorSlug, sectorSlug),
        ne(articles.extractState, 'pending'),
        from
          ? or(
              gt(articles.updatedAt, from.at),
              and(eq(articles.updatedAt, from.at), gt(articles.id, from.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(articles.updatedAt), asc(articles.id))
    .limit(limit)
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

/** Everything the directory is computed from, for one sector. */
export async function directorySources(db: Db, sectorSlug: string) {
  const [feedRows, articleRows, citationRows, links, listed, pins] = await Promise.all([
    db
      .select({ id: feeds.id, url: feeds.url, siteUrl: feeds.siteUrl, people: feeds.people })
      .from(feeds)
      .where(eq(feeds.sectorSlug, sectorSlug)),
    db
      .select({
        id: articles.id,
        feedId: articles.feedId,
        author: articles.author,
        url: articles.url,
        canonicalUrl: articles.canonicalUrl,
        publishedAt: articles.publishedAt,
        status: articles.status,
        score: articleScores.score,
        signals: articles.profileSignals,
      })
      .from(articles)
      .leftJoin(articleScores, eq(articleScores.articleId, articles.id))
      .where(eq(articles.sectorSlug, sectorSlug)),
    db
      .select({
        articleId: citations.articleId,
        feedId: citations.feedId,
        targetHost: citations.targetHost,
        targetUrl: citations.targetUrl,
        publishedAt: citations.publishedAt,
      })
      .from(citations)
      .innerJoin(articles, eq(articles.id, citations.articleId))
      .where(eq(citations.sectorSlug, sectorSlug)),
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
    citations: citationRows,
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
  const ids: number[] = []
  for (const p of dir.people) {
    if (p.id !== null) {
      ids.push(p.id)
      continue
    }
    const [row] = await db
      .insert(people)
      .values({ sectorSlug, name: p.name, normName: p.normName, createdAt: now, updatedAt: now })
      .returning({ id: people.id })
    ids.push(row!.id)
  }
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
