import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { annotations, articles, decisions, feeds, sectors } from '../../db/schema.ts'
import type { Db } from './db.ts'

/** A sector open to the public (`public: true`), or null: private and unknown sectors look alike. */
export async function getPublicSector(db: Db, slug: string) {
  const [row] = await db
    .select({
      slug: sectors.slug,
      name: sectors.name,
      language: sectors.language,
      timezone: sectors.timezone,
      updatedAt: sectors.updatedAt,
    })
    .from(sectors)
    .where(and(eq(sectors.slug, slug), eq(sectors.public, true)))
  return row ?? null
}

export type PublicSector = NonNullable<Awaited<ReturnType<typeof getPublicSector>>>

// When the curator picked it: the latest approve or reshare.
const pickedAt = sql<number>`(select max(${decisions.createdAt}) from ${decisions}
  where ${decisions.articleId} = ${articles.id} and ${decisions.action} in ('approve', 'reshare'))`

/**
 * A page of the sector's picks (approved or reshared), newest pick first, with only what may be
 * public: the article's own metadata and the curator's public commentary (never the note, tags or score).
 */
export async function listPublicPicks(
  db: Db,
  slug: string,
  page: { offset: number; limit: number },
) {
  const rows = await db
    .select({
      id: articles.id,
      title: articles.title,
      url: articles.url,
      author: articles.author,
      excerpt: articles.excerpt,
      image: articles.image,
      lang: articles.lang,
      publishedAt: articles.publishedAt,
      source: feeds.sourceName,
      siteUrl: feeds.siteUrl,
      commentary: sql<string>`coalesce(${annotations.commentary}, '')`,
      pickedAt,
    })
    .from(articles)
    .innerJoin(feeds, eq(feeds.id, articles.feedId))
    .leftJoin(annotations, eq(annotations.articleId, articles.id))
    .where(and(eq(articles.sectorSlug, slug), inArray(articles.status, ['approved', 'reshared'])))
    .orderBy(desc(pickedAt), desc(articles.id))
    .limit(page.limit + 1)
    .offset(page.offset)
  return {
    picks: rows.slice(0, page.limit).map((r) => ({
      ...r,
      pickedAt: new Date(Number(r.pickedAt ?? r.publishedAt.getTime())),
    })),
    more: rows.length > page.limit,
  }
}

export type PublicPick = Awaited<ReturnType<typeof listPublicPicks>>['picks'][number]

/** Marks the sector public or private (its file was changed first). */
export async function setSectorPublic(db: Db, slug: string, value: boolean) {
  await db.update(sectors).set({ public: value }).where(eq(sectors.slug, slug))
}
