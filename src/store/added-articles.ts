import { and, eq, or, sql } from 'drizzle-orm'
import { articles, feeds } from '../../db/schema.ts'
import type { Db } from './db.ts'
import { DELETED_REASON } from './feeds.ts'
import { citationStatements, type CitationRow } from './directory.ts'
import { hostOf } from './directory-citations.ts'
import { insertArticleStatement, type NewArticle } from './articles.ts'

/** Why the feed of a site's hand-added articles is never fetched: it is no feed, only their source. */
export const ADDED_BY_HAND = 'articles added by hand'
const HAND_FEED_MARK = '#added-by-hand'

/**
 * The source an article added by hand belongs to: the sector's followed feed of the same site when
 * there is one (so the card names the source the curator knows), else the site's feed of hand-added
 * articles, created on first use (off, never fetched), named after the site.
 */
export async function sourceOfAddedPage(
  db: Db,
  input: { sectorSlug: string; pageUrl: string; siteName: string | null },
  now: Date,
): Promise<number> {
  const page = new URL(input.pageUrl)
  const host = hostOf(input.pageUrl)!
  const candidates = await db
    .select({ id: feeds.id, url: feeds.url, siteUrl: feeds.siteUrl, enabled: feeds.enabled })
    .from(feeds)
    .where(
      and(
        eq(feeds.sectorSlug, input.sectorSlug),
        or(sql`${feeds.disabledReason} is null`, sql`${feeds.disabledReason} <> ${DELETED_REASON}`),
        sql`(${feeds.url} like ${`%${host}%`} or ${feeds.siteUrl} like ${`%${host}%`})`,
      ),
    )
  const same = candidates
    .filter((f) => (f.siteUrl && hostOf(f.siteUrl) === host) || hostOf(f.url) === host)
    .sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.id - b.id)
  if (same[0]) return same[0].id

  const site = `${page.origin}/`
  const name = (input.siteName?.trim() || host).slice(0, 120)
  await db
    .insert(feeds)
    .values({
      sectorSlug: input.sectorSlug,
      declaredUrl: site + HAND_FEED_MARK,
      url: site,
      siteUrl: site,
      title: name,
      sourceName: name,
      origin: 'manual',
      enabled: false,
      disabledReason: ADDED_BY_HAND,
      createdAt: now,
    })
    .onConflictDoNothing()
  const [row] = await db
    .select({ id: feeds.id })
    .from(feeds)
    .where(
      and(eq(feeds.sectorSlug, input.sectorSlug), eq(feeds.declaredUrl, site + HAND_FEED_MARK)),
    )
  return row!.id
}

/**
 * Stores an article added by hand, then its body's citations with the time they were read (one batch:
 * a crash between leaves that time unset, and the directory reads its links on its next pass). Null
 * when the sector already holds its canonical URL (added meanwhile by a crawl or another curator).
 */
export async function insertAddedArticle(
  db: Db,
  values: NewArticle,
  linksOf: (id: number) => CitationRow[],
): Promise<number | null> {
  const [inserted] = await insertArticleStatement(db, values)
  if (!inserted) return null
  await db.batch([
    db.update(articles).set({ linksAt: values.firstSeenAt }).where(eq(articles.id, inserted.id)),
    ...citationStatements(db, [inserted.id], linksOf(inserted.id)),
  ])
  return inserted.id
}
