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
    // A source emptied when its site was followed comes back for the site's next hand-added page.
    .onConflictDoUpdate({
      target: [feeds.sectorSlug, feeds.declaredUrl],
      set: { enabled: false, disabledReason: ADDED_BY_HAND },
    })
  const [row] = await db
    .select({ id: feeds.id })
    .from(feeds)
    .where(
      and(eq(feeds.sectorSlug, input.sectorSlug), eq(feeds.declaredUrl, site + HAND_FEED_MARK)),
    )
  return row!.id
}

/**
 * Moves the articles added by hand from a site's own source to the sector's followed feed of that
 * site, once there is one (its feed, or its blog page, followed after they were added), and deletes
 * that source: the cards and the directory then name the site once. Returns the articles moved.
 */
export async function adoptAddedArticles(db: Db, sectorSlug: string): Promise<number> {
  const rows = await db
    .select({
      id: feeds.id,
      url: feeds.url,
      siteUrl: feeds.siteUrl,
      enabled: feeds.enabled,
      disabledReason: feeds.disabledReason,
    })
    .from(feeds)
    .where(eq(feeds.sectorSlug, sectorSlug))
  const isHand = (f: (typeof rows)[number]) => f.disabledReason === ADDED_BY_HAND
  let moved = 0
  for (const hand of rows.filter(isHand)) {
    const host = hostOf(hand.url)
    const followed = rows.find(
      (f) =>
        f.enabled &&
        !isHand(f) &&
        ((f.siteUrl && hostOf(f.siteUrl) === host) || hostOf(f.url) === host),
    )
    if (!followed) continue
    const [movedRows] = await db.batch([
      db
        .update(articles)
        .set({ feedId: followed.id })
        .where(eq(articles.feedId, hand.id))
        .returning({ id: articles.id }),
      db.update(feeds).set({ disabledReason: DELETED_REASON }).where(eq(feeds.id, hand.id)),
    ])
    moved += movedRows.length
  }
  return moved
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
