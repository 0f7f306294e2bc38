import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { citations, feeds, sourceSuggestions } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type SourceSuggestion = typeof sourceSuggestions.$inferSelect
export type SuggestionStatus = SourceSuggestion['status']

export interface ListSuggestionsOptions {
  /** Defaults to 'new': what a curator still has to decide on. */
  status?: SuggestionStatus | 'all'
  limit?: number
}

/** A sector's suggestions, best first: distinct citing sources, then citations, then affinity. */
export async function listSuggestions(
  db: Db,
  sectorSlug: string,
  opts: ListSuggestionsOptions = {},
): Promise<SourceSuggestion[]> {
  const status = opts.status ?? 'new'
  const q = db
    .select()
    .from(sourceSuggestions)
    .where(
      status === 'all'
        ? eq(sourceSuggestions.sectorSlug, sectorSlug)
        : and(eq(sourceSuggestions.sectorSlug, sectorSlug), eq(sourceSuggestions.status, status)),
    )
    .orderBy(
      desc(sourceSuggestions.citingSources),
      desc(sourceSuggestions.citations),
      sql`coalesce(${sourceSuggestions.affinity}, -1) desc`,
      asc(sourceSuggestions.host),
    )
  return opts.limit ? q.limit(opts.limit) : q
}

export async function getSuggestion(
  db: Db,
  sectorSlug: string,
  host: string,
): Promise<SourceSuggestion | null> {
  const rows = await db
    .select()
    .from(sourceSuggestions)
    .where(and(eq(sourceSuggestions.sectorSlug, sectorSlug), eq(sourceSuggestions.host, host)))
  return rows[0] ?? null
}

/** How often each host is linked from the sector's articles, and from how many distinct feeds. */
export async function citedHosts(db: Db, sectorSlug: string) {
  return db
    .select({
      host: citations.targetHost,
      citations: sql<number>`count(*)`,
      citingSources: sql<number>`count(distinct ${citations.feedId})`,
      sampleUrl: sql<string>`min(${citations.targetUrl})`,
    })
    .from(citations)
    .where(eq(citations.sectorSlug, sectorSlug))
    .groupBy(citations.targetHost)
}

/** The site and feed addresses of every feed of the sector, to tell followed hosts apart. */
export async function sectorFeedAddresses(db: Db, sectorSlug: string) {
  return db
    .select({ url: feeds.url, siteUrl: feeds.siteUrl })
    .from(feeds)
    .where(eq(feeds.sectorSlug, sectorSlug))
}

export interface SuggestionCounts {
  host: string
  siteUrl: string
  citations: number
  citingSources: number
}

/**
 * Writes the latest counts of these hosts; a host's status, feed and affinity are kept, so a
 * dismissed or followed suggestion stays so on every recomputation.
 */
export async function upsertSuggestionCounts(
  db: Db,
  sectorSlug: string,
  rows: SuggestionCounts[],
  now: Date,
) {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200)
    await db
      .insert(sourceSuggestions)
      .values(
        chunk.map((r) => ({
          ...r,
          sectorSlug,
          status: 'new' as const,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [sourceSuggestions.sectorSlug, sourceSuggestions.host],
        set: {
          citations: sql`excluded.citations`,
          citingSources: sql`excluded.citing_sources`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
  }
}

/** New suggestions whose hosts are no longer cited (or now followed) are removed; decided ones stay. */
export async function pruneNewSuggestions(db: Db, sectorSlug: string, keepHosts: string[]) {
  const current = await db
    .select({ host: sourceSuggestions.host })
    .from(sourceSuggestions)
    .where(and(eq(sourceSuggestions.sectorSlug, sectorSlug), eq(sourceSuggestions.status, 'new')))
  const keep = new Set(keepHosts)
  const gone = current.map((r) => r.host).filter((h) => !keep.has(h))
  for (let i = 0; i < gone.length; i += 500)
    await db
      .delete(sourceSuggestions)
      .where(
        and(
          eq(sourceSuggestions.sectorSlug, sectorSlug),
          eq(sourceSuggestions.status, 'new'),
          inArray(sourceSuggestions.host, gone.slice(i, i + 500)),
        ),
      )
}

export type SuggestionCheck = Pick<SourceSuggestion, 'feedUrl' | 'title' | 'affinity' | 'error'>

/** Records what autodiscovery found (or why it found nothing) for one host. */
export async function recordSuggestionCheck(
  db: Db,
  sectorSlug: string,
  host: string,
  check: SuggestionCheck,
  now: Date,
) {
  await db
    .update(sourceSuggestions)
    .set({ ...check, checkedAt: now, updatedAt: now })
    .where(and(eq(sourceSuggestions.sectorSlug, sectorSlug), eq(sourceSuggestions.host, host)))
}

/** New suggestions never checked, or checked before `staleBefore`, best first. */
export async function suggestionsToCheck(
  db: Db,
  sectorSlug: string,
  staleBefore: Date,
  limit: number,
): Promise<SourceSuggestion[]> {
  return db
    .select()
    .from(sourceSuggestions)
    .where(
      and(
        eq(sourceSuggestions.sectorSlug, sectorSlug),
        eq(sourceSuggestions.status, 'new'),
        sql`(${sourceSuggestions.checkedAt} is null or ${sourceSuggestions.checkedAt} < ${staleBefore.getTime()})`,
      ),
    )
    .orderBy(
      desc(sourceSuggestions.citingSources),
      desc(sourceSuggestions.citations),
      asc(sourceSuggestions.host),
    )
    .limit(limit)
}

export async function setSuggestionStatus(
  db: Db,
  sectorSlug: string,
  host: string,
  status: SuggestionStatus,
  now: Date,
): Promise<boolean> {
  const res = await db
    .update(sourceSuggestions)
    .set({ status, updatedAt: now })
    .where(and(eq(sourceSuggestions.sectorSlug, sectorSlug), eq(sourceSuggestions.host, host)))
    .returning({ host: sourceSuggestions.host })
  return res.length > 0
}
