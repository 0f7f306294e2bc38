import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { articles, feeds } from '../../db/schema.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import { syncSectors, type Database } from '../../src/store/index.ts'

const feedsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../feeds')

/** Loads the shipped sector files into the database, as `npm start` does. */
export async function seedShippedSectors(database: Database, now = new Date()) {
  const { sectors, errors } = await loadSectors(feedsDir)
  if (errors.length) throw new Error(`shipped sector files have errors: ${JSON.stringify(errors)}`)
  await syncSectors(database.db, sectors, now)
  return sectors
}

export interface SeedArticle {
  title: string
  text: string
  lang?: 'fr' | 'en'
  publishedAt: Date
  source?: string
  /** When Vigie first saw it (default: when it was published); later for an article crawled late. */
  firstSeenAt?: Date
}

let guid = 0
/** Inserts a feed per distinct source and the articles, already extracted. Returns their ids in order. */
export async function seedArticles(database: Database, sectorSlug: string, list: SeedArticle[]): Promise<number[]> {
  const feedIds = new Map<string, number>()
  const ids: number[] = []
  for (const a of list) {
    const source = a.source ?? 'Blog test'
    if (!feedIds.has(source)) {
      const url = `https://${source.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example/feed`
      const [row] = await database.db
        .insert(feeds)
        .values({ sectorSlug, declaredUrl: url, url, sourceName: source, kind: 'blog', origin: 'manual', createdAt: a.publishedAt })
        .onConflictDoUpdate({ target: [feeds.sectorSlug, feeds.declaredUrl], set: { sourceName: source } })
        .returning({ id: feeds.id })
      feedIds.set(source, row!.id)
    }
    const n = ++guid
    const url = `https://${source.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example/article-${n}`
    const [row] = await database.db
      .insert(articles)
      .values({
        sectorSlug,
        feedId: feedIds.get(source)!,
        guid: `g${n}`,
        url,
        canonicalUrl: url,
        title: a.title,
        text: a.text,
        lang: a.lang ?? 'fr',
        publishedAt: a.publishedAt,
        firstSeenAt: a.firstSeenAt ?? a.publishedAt,
        updatedAt: a.publishedAt,
        wordCount: a.text.split(/\s+/).length,
        extractState: 'ok',
      })
      .returning({ id: articles.id })
    ids.push(row!.id)
  }
  return ids
}
