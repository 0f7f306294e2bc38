import { readFileSync } from 'node:fs'
import { articles, feeds } from '../../db/schema.ts'
import type { Db } from '../../src/store/db.ts'
import type { IndexDoc } from '../../src/search/index.ts'

export interface FixtureArticle {
  key: string
  lang: string
  source: string
  title: string
  excerpt: string
  text: string
  author: string | null
  publishedAt: string
}

export const fixtureArticles: FixtureArticle[] = JSON.parse(
  readFileSync(new URL('../fixtures/search/articles.json', import.meta.url), 'utf8'),
)

/** An IndexDoc for index-only tests; ids follow the fixture order from 1. */
export function fixtureDoc(key: string, patch: Partial<IndexDoc> = {}): IndexDoc {
  const i = fixtureArticles.findIndex((a) => a.key === key)
  if (i < 0) throw new Error(`no fixture ${key}`)
  const a = fixtureArticles[i]!
  return {
    id: i + 1,
    sectorSlug: 'community-management',
    feedId: sourceFeedId(a.source),
    source: a.source,
    lang: a.lang,
    publishedAt: Date.parse(a.publishedAt),
    status: 'new',
    title: a.title,
    excerpt: a.excerpt,
    text: a.text,
    author: a.author,
    siteName: null,
    tags: [],
    version: 1,
    ...patch,
    firstSeenAt: patch.firstSeenAt ?? patch.publishedAt ?? Date.parse(a.publishedAt),
  }
}

export const allFixtureDocs = () => fixtureArticles.map((a) => fixtureDoc(a.key))

function sourceFeedId(source: string): number {
  return [...new Set(fixtureArticles.map((a) => a.source))].indexOf(source) + 1
}

/** A minimal free-standing document. */
export function doc(id: number, title: string, patch: Partial<IndexDoc> = {}): IndexDoc {
  return {
    id,
    sectorSlug: 'community-management',
    feedId: 1,
    source: 'Test Source',
    lang: 'fr',
    publishedAt: Date.parse('2025-03-01T00:00:00Z'),
    status: 'new',
    title,
    excerpt: null,
    text: '',
    author: null,
    siteName: null,
    tags: [],
    version: 1,
    ...patch,
    firstSeenAt: patch.firstSeenAt ?? patch.publishedAt ?? Date.parse('2025-03-01T00:00:00Z'),
  }
}

/** Inserts a feed row; returns its id. */
export async function insertFeed(db: Db, sectorSlug: string, sourceName: string): Promise<number> {
  const [row] = await db
    .insert(feeds)
    .values({
      sectorSlug,
      declaredUrl: `http://127.0.0.1/${encodeURIComponent(sourceName)}.xml`,
      url: `http://127.0.0.1/${encodeURIComponent(sourceName)}.xml`,
      sourceName,
      createdAt: new Date('2025-01-01T00:00:00Z'),
    })
    .returning({ id: feeds.id })
  return row!.id
}

/** Inserts an article row from a fixture; returns its id. */
export async function insertArticle(
  db: Db,
  feedId: number,
  a: Pick<FixtureArticle, 'key' | 'lang' | 'title' | 'text' | 'publishedAt'> &
    Partial<FixtureArticle>,
  updatedAt = new Date('2025-04-01T00:00:00Z'),
): Promise<number> {
  const url = `http://127.0.0.1/articles/${a.key}`
  const [row] = await db
    .insert(articles)
    .values({
      sectorSlug: 'community-management',
      feedId,
      guid: url,
      url,
      canonicalUrl: url,
      title: a.title,
      author: a.author ?? null,
      lang: a.lang,
      excerpt: a.excerpt ?? null,
      text: a.text,
      publishedAt: new Date(a.publishedAt),
      firstSeenAt: new Date(a.publishedAt),
      updatedAt,
      extractState: 'ok',
    })
    .returning({ id: articles.id })
  return row!.id
}

const TOPICS = ['modération', 'engagement', 'LinkedIn', 'TikTok', 'newsletter', 'influence']

/** `n` French articles of one feed over five months of 2025 (ids from 1 on a fresh database). */
export async function insertManyArticles(db: Db, feedId: number, n: number): Promise<void> {
  for (let i = 0; i < n; i += 250) {
    await db.insert(articles).values(
      Array.from({ length: Math.min(250, n - i) }, (_, k) => {
        const j = i + k
        const url = `http://127.0.0.1/billets/${j}`
        const at = new Date(Date.UTC(2025, j % 5, 1 + (j % 27)))
        const topic = TOPICS[j % TOPICS.length]
        return {
          sectorSlug: 'community-management',
          feedId,
          guid: url,
          url,
          canonicalUrl: url,
          title: `Billet ${j} : ${topic} et communauté`,
          lang: 'fr',
          text: `Comment travailler ${topic} avec sa communauté, billet numéro ${j}.`,
          publishedAt: at,
          firstSeenAt: at,
          updatedAt: at,
          extractState: 'ok' as const,
        }
      }),
    )
  }
}
