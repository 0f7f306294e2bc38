import type { SearchFilters, SearchHit, SearchIndex, SearchResult } from '../search/index.ts'
import { articlesWithScores, type ArticleWithScore, type Db } from '../store/index.ts'
import type { Explanation } from './scoring.ts'

/**
 * Full-text search, each hit joined with its article as the database has it now. A hit whose article is
 * gone (deleted since the last index sync) is not served. The CLI, the JSON API and the search page all
 * search through here.
 */
export async function searchArticles(
  deps: { db: Db; search: SearchIndex },
  query: string,
  filters: SearchFilters = {},
  // withText: false when the caller shows no snippet: the bodies are most of the bytes read.
  opts: { limit?: number; offset?: number; withText?: boolean } = {},
): Promise<{ result: SearchResult; hits: { hit: SearchHit; article: ArticleWithScore }[] }> {
  const result = await deps.search.search(query, filters, opts)
  const ids = result.hits.map((h) => h.id)
  const rows = new Map((await articlesWithScores(deps.db, ids, opts)).map((r) => [r.id, r]))
  const hits = result.hits.flatMap((hit) => {
    const article = rows.get(hit.id)
    return article ? [{ hit, article }] : []
  })
  return { result, hits }
}

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

/** A hit in the stable shape of `vigie search --json`. */
export function searchResultItem({ hit, article: a }: { hit: SearchHit; article: ArticleWithScore }): SearchResultItem {
  return {
    id: hit.id,
    url: a.url,
    title: a.title,
    source: a.source,
    publishedAt: a.publishedAt.toISOString(),
    status: a.status,
    score: hit.score,
    explanation: { matchedTerms: hit.terms, fields: hit.match, affinity: (a.explanation as Explanation | null) ?? null },
  }
}
