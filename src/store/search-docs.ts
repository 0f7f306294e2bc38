import { and, eq, gt, inArray, sql } from 'drizzle-orm'
import { annotations, articles, feeds, sectors } from '../../db/schema.ts'
import type { Db } from './db.ts'
import { nextTurn } from '../lib/next-turn.ts'

const VERSIONS_PAGE = 5_000

/** Every article's id and last change (ms): what the search index compares itself with. */
export async function articleVersions(db: Db): Promise<Map<number, number>> {
  // In pages by id, as numbers, letting requests through between pages: one query held a million rows
  // as objects with a Date each at once (600 MB of heap at 1M articles, on every start and after every
  // crawl) and held the event loop for its 9 s (the embedded driver reads synchronously).
  const out = new Map<number, number>()
  let after = 0
  for (;;) {
    const rows = await db
      .select({ id: articles.id, updatedAt: sql<number>`${articles.updatedAt}` })
      .from(articles)
      .where(gt(articles.id, after))
      .orderBy(articles.id)
      .limit(VERSIONS_PAGE)
    for (const r of rows) out.set(r.id, Number(r.updatedAt))
    if (rows.length < VERSIONS_PAGE) return out
    after = rows.at(-1)!.id
    await nextTurn()
  }
}

/**
 * Id and last change of the articles changed after `since` (ms), read from the (sector, updated_at)
 * index, in the configured sectors and `moreSectors`: what a sync after a crawl compares, in proportion
 * to what changed rather than to the table.
 */
export async function articleVersionsSince(
  db: Db,
  since: number,
  moreSectors: string[] = [],
): Promise<Map<number, number>> {
  const configured = await db.select({ slug: sectors.slug }).from(sectors)
  const slugs = [...new Set([...configured.map((r) => r.slug), ...moreSectors])]
  if (!slugs.length) return new Map()
  const rows = await db
    .select({ id: articles.id, updatedAt: sql<number>`${articles.updatedAt}` })
    .from(articles)
    .where(and(inArray(articles.sectorSlug, slugs), gt(articles.updatedAt, new Date(since))))
  return new Map(rows.map((r) => [r.id, Number(r.updatedAt)]))
}

/** What the search index needs of these articles, with their feed's source name and the curator's tags. */
export async function searchDocRows(db: Db, ids: number[]) {
  const out = []
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .select({
        id: articles.id,
        sectorSlug: articles.sectorSlug,
        feedId: articles.feedId,
        source: feeds.sourceName,
        lang: articles.lang,
        publishedAt: articles.publishedAt,
        firstSeenAt: articles.firstSeenAt,
        status: articles.status,
        title: articles.title,
        excerpt: articles.excerpt,
        text: articles.text,
        feedSummary: articles.feedSummary,
        author: articles.author,
        siteName: articles.siteName,
        updatedAt: articles.updatedAt,
        tags: annotations.tags,
      })
      .from(articles)
      .leftJoin(feeds, eq(feeds.id, articles.feedId))
      .leftJoin(annotations, eq(annotations.articleId, articles.id))
      .where(inArray(articles.id, ids.slice(i, i + 500)))
    out.push(...rows)
  }
  return out
}
