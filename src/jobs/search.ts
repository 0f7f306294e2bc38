import type { SearchFilters, SearchIndex, SearchResult } from '../search/index.ts'
import { articlesWithScores, type Db } from '../store/index.ts'
import type { Explanation } from './scoring.ts'

export interface SearchResultItem {
  id: number
  url: string
  title: string
  source: string
  publishedAt: string
  status: string
  /** Search relevance of this hit (MiniSearch's score). */
  score: number
  explanation: {
    matchedTerms: string[]
    fields: Record<string, string[]>
    /** The article's topic-affinity score and its parts, when it has been scored. */
    affinity: Explanation | null
  }
}

/** Full-text search, each hit with the article's fields and its affinity explanation. */
export async function searchArticles(
  deps: { db: Db; search: SearchIndex },
  query: string,
  filters: SearchFilters = {},
  opts: { limit?: number; offset?: number } = {},
): Promise<{ result: SearchResult; items: SearchResultItem[] }> {
  const result = await deps.search.search(query, filters, opts)
  const rows = new Map((await articlesWithScores(deps.db, result.hits.map((h) => h.id))).map((r) => [r.id, r]))
  // A hit whose article is gone (deleted since the last index sync) is not served.
  const items = result.hits.flatMap((h) => {
    const r = rows.get(h.id)
    if (!r) return []
    const affinity = (r.explanation as Explanation | null) ?? null
    return [
      {
        id: h.id,
        url: r.url,
        title: r.title,
        source: r.source,
        publishedAt: r.publishedAt.toISOString(),
        status: r.status,
        score: h.score,
        explanation: { matchedTerms: h.terms, fields: h.match, affinity },
      },
    ]
  })
  return { result, items }
}
