import { eq, inArray } from 'drizzle-orm'
import { annotations, articles, feeds } from '../../db/schema.ts'
import type { Db } from './db.ts'

/** Every article's id and last change (ms): what the search index compares itself with. */
export async function articleVersions(db: Db): Promise<Map<number, number>> {
  const rows = await db.select({ id: articles.id, updatedAt: articles.updatedAt }).from(articles)
  return new Map(rows.map((r) => [r.id, r.updatedAt.getTime()]))
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
