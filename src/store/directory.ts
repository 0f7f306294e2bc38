import { and, asc, eq, gt, inArray, ne, notInArray, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import {
  articles,
  citations,
  directoryRuns,
  directoryStats,
  feeds,
  people,
  personSources,
  profiles,
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

/** The sector's latest article change: a run reads the links of changes up to it, no later. */
export async function latestArticleChange(db: Db, sectorSlug: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<number | null>`max(${articles.updatedAt})` })
    .from(articles)
    .where(eq(articles.sectorSlug, sectorSlug))
  return row?.at == null ? null : new Date(Number(row.at))
}

/**
 * The ids of the extracted articles changed after `since` (all when null) and up to `until` whose
 * links extraction did not store (those stored before it did, or by another path), in id order (their
 * links are then written in the citations' key order, not at random places of it). Read from the index.
 */
export async function articlesChangedSince(
  db: Db,
  sectorSlug: string,
  since: Date | null,
  until: Date,
): Promise<number[]> {
  const [row] = await db.all<{ ids: string }>(sql`
    select json_group_array(id) as ids from (
      select ${articles.id} as id from ${articles} indexed by articles_sector_updated_links
      where ${articles.sectorSlug} = ${sectorSlug}
        and ${articles.updatedAt} > ${since?.getTime() ?? -1}
        and ${articles.updatedAt} <= ${until.getTime()}
        and ${articles.extractState} != 'pending'
        and ${articles.linksAt} is null
      order by ${articles.id})`)
  return JSON.parse(row?.ids ?? '[]') as number[]
}

/**
 * What reading an article's links needs, for these articles: read as one JSON array built by SQLite
 * (the driver costs more per row and per column than SQLite does).
 */
export async function articlesForLinks(db: Db, ids: number[]) {
  if (!ids.length) return []
  const [row] = await db.all<{ list: string }>(sql`
    select json_group_array(json_array(a.id, a.feed_id, a.url, a.canonical_url, a.html,
      a.published_at, f.site_url)) as list
    from json_each(${JSON.stringify(ids)}) j
      join ${articles} a on a.id = j.value
      left join ${feeds} f on f.id = a.feed_id`)
  type Row = [number, number, string, string, string | null, number, string | null]
  return (JSON.parse(row?.list ?? '[]') as Row[]).map(
    ([id, feedId, url, canonicalUrl, html, publishedAt, siteUrl]) => ({
      id,
      feedId,
      url,
      canonicalUrl,
      html,
      publishedAt: new Date(publishedAt),
      siteUrl,
    }),
  )
}

/**
 * Replaces the links of these articles with those given, in one batch. The rows go in as one JSON
 * parameter per chunk: building and binding thousands of parameters cost more than the insert.
 */
export async function replaceCitations(db: Db, articleIds: number[], rows: CitationRow[]) {
  if (!articleIds.length) return
  const [first, ...rest] = citationStatements(db, articleIds, rows)
  await db.batch([first!, ...rest])
}

/** The statements replacing these articles' links, for a batch that also writes the articles. */
export function citationStatements(
  db: Db,
  articleIds: number[],
  rows: CitationRow[],
): BatchItem<'sqlite'>[] {
  const steps: BatchItem<'sqlite'>[] = [
    db.run(sql`delete from ${citations}
      where ${citations.articleId} in (select value from json_each(${JSON.stringify(articleIds)}))`),
  ]
  // In the order of the host index: rows of ascending articles go at the end of the key anyway,
  // while those of one host land on the same index pages instead of all over it.
  const sorted = [...rows].sort((a, b) =>
    a.targetHost < b.targetHost ? -1 : a.targetHost > b.targetHost ? 1 : 0,
  )
  for (let i = 0; i < sorted.length; i += 5000) {
    const chunk = sorted
      .slice(i, i + 5000)
      .map((r) => [
        r.articleId,
        r.sectorSlug,
        r.feedId,
        r.targetHost,
        r.targetUrl,
        r.publishedAt.getTime(),
      ])
    steps.push(
      db.run(sql`insert or ignore into ${citations} (article_id, sector_slug, feed_id, target_host,
        target_url, published_at)
        select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
        from json_each(${JSON.stringify(chunk)})`),
    )
  }
  return steps
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
