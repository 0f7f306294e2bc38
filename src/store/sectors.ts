import { and, eq, inArray, sql } from 'drizzle-orm'
import { feeds, sectors } from '../../db/schema.ts'
import type { Db } from './db.ts'

export interface SectorInput {
  slug: string
  name: string
  language: string
  profile: unknown
  file: string | null
  public?: boolean
  timezone?: string
  hashtags?: string[]
  digest?: { time: string; to: string[] } | null
  sources: {
    name: string
    siteUrl: string | null
    feedUrl: string
    /** A page whose listed articles are followed (a site without a feed); false by default. */
    noFeed?: boolean
    kind: 'blog' | 'media' | 'influencer'
    people: { name: string; handles?: Record<string, string> }[]
  }[]
}

/**
 * Makes the database agree with the sector files: upserts sectors and their declared feeds (keeping
 * fetch state), and disables YAML feeds that were removed from the file rather than deleting their articles.
 */
export async function syncSectors(db: Db, inputs: SectorInput[], now: Date): Promise<void> {
  for (const s of inputs) {
    const row = {
      name: s.name,
      language: s.language,
      profile: s.profile,
      sourceFile: s.file,
      public: s.public ?? false,
      timezone: s.timezone ?? 'Europe/Paris',
      hashtags: s.hashtags ?? [],
      digest: s.digest ?? null,
      updatedAt: now,
    }
    const sourceRows = s.sources.map((src) => ({
      sectorSlug: s.slug,
      declaredUrl: src.feedUrl,
      url: src.feedUrl,
      siteUrl: src.siteUrl,
      sourceName: src.name,
      kind: src.kind,
      sourceType: src.noFeed ? ('page' as const) : ('feed' as const),
      people: src.people,
      origin: 'yaml' as const,
      createdAt: now,
    }))
    // Statements small enough for SQLite's bound-variable limit (10 per row), in one transaction.
    const upserts = []
    for (let i = 0; i < sourceRows.length; i += SOURCES_PER_INSERT)
      upserts.push(
        db
          .insert(feeds)
          .values(sourceRows.slice(i, i + SOURCES_PER_INSERT))
          .onConflictDoUpdate({
            target: [feeds.sectorSlug, feeds.declaredUrl],
            set: {
              siteUrl: sql`excluded.site_url`,
              sourceName: sql`excluded.source_name`,
              kind: sql`excluded.kind`,
              sourceType: sql`excluded.source_type`,
              people: sql`excluded.people`,
              // Written back into the file: on again (a feed the curator turned off or deleted stays so).
              enabled: sql`case when ${feeds.disabledReason} = ${REMOVED_FROM_FILE} then 1 else ${feeds.enabled} end`,
              disabledReason: sql`case when ${feeds.disabledReason} = ${REMOVED_FROM_FILE} then null else ${feeds.disabledReason} end`,
            },
          }),
      )
    // The declared URLs go in as one JSON array (one variable, whatever the number of sources).
    const declared = JSON.stringify(s.sources.map((src) => src.feedUrl))
    const removed = db
      .update(feeds)
      .set({ enabled: false, disabledReason: REMOVED_FROM_FILE })
      .where(
        and(
          eq(feeds.sectorSlug, s.slug),
          eq(feeds.origin, 'yaml'),
          eq(feeds.enabled, true),
          sql`${feeds.declaredUrl} not in (select value from json_each(${declared}))`,
        ),
      )
    await db.batch([
      db
        .insert(sectors)
        .values({ slug: s.slug, ...row })
        .onConflictDoUpdate({ target: sectors.slug, set: row }),
      ...upserts,
      removed,
    ])
  }
}

const SOURCES_PER_INSERT = 500
const REMOVED_FROM_FILE = 'removed from the sector file'

export interface SectorSummary {
  slug: string
  name: string
  language: string
  feeds: number
  feedsEnabled: number
  feedsFailing: number
  articles: number
  lastCrawlAt: Date | null
}

/** The sectors' names, for navigation: nothing counted (pages pay only for what they show). */
export async function listSectorNames(
  db: Db,
): Promise<{ slug: string; name: string; language: string; timezone: string }[]> {
  return db
    .select({
      slug: sectors.slug,
      name: sectors.name,
      language: sectors.language,
      timezone: sectors.timezone,
    })
    .from(sectors)
    .orderBy(sectors.slug)
}

/** The time zone of the sector an article belongs to (null when there is no such article). */
export async function timezoneOfArticle(db: Db, articleId: number): Promise<string | null> {
  const rows = await db.all<{ timezone: string }>(
    sql`select s.timezone from articles a join sectors s on s.slug = a.sector_slug where a.id = ${articleId}`,
  )
  return rows[0]?.timezone ?? null
}

/** Whether a sector has any article yet (a fresh install's queue says what to do instead). */
export async function sectorHasArticles(db: Db, slug: string): Promise<boolean> {
  const rows = await db.all(sql`select 1 from articles where sector_slug = ${slug} limit 1`)
  return rows.length > 0
}

/** Sectors with feed counts and the time their last crawl finished. */
export async function listSectors(db: Db, slugs?: string[]): Promise<SectorSummary[]> {
  const rows = await db
    .select({
      slug: sectors.slug,
      name: sectors.name,
      language: sectors.language,
      feeds: sql<number>`(select count(*) from feeds f where f.sector_slug = ${sectors.slug})`,
      feedsEnabled: sql<number>`(select count(*) from feeds f where f.sector_slug = ${sectors.slug} and f.enabled = 1)`,
      feedsFailing: sql<number>`(select count(*) from feeds f where f.sector_slug = ${sectors.slug} and f.enabled = 1 and f.error_count > 0)`,
      articles: sql<number>`(select count(*) from articles a where a.sector_slug = ${sectors.slug})`,
      lastCrawlAt: sql<
        number | null
      >`(select max(f.last_fetched_at) from feeds f where f.sector_slug = ${sectors.slug})`,
    })
    .from(sectors)
    .where(slugs?.length ? inArray(sectors.slug, slugs) : undefined)
    .orderBy(sectors.slug)
  return rows.map((r) => ({
    ...r,
    lastCrawlAt: r.lastCrawlAt == null ? null : new Date(Number(r.lastCrawlAt)),
  }))
}

export async function getSector(db: Db, slug: string) {
  const [row] = await db.select().from(sectors).where(eq(sectors.slug, slug))
  return row ?? null
}
