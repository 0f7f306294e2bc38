import type { SearchIndex } from '../search/index.ts'
import { type Db, type FollowedSearch, listFollowedSearches } from '../store/index.ts'

export interface FollowedSearchCount extends FollowedSearch {
  /** Its results published since it was last opened; null without a search index. */
  newResults: number | null
}

/** The sector's followed searches, each with how many new results it has. */
export async function followedSearchesOf(
  deps: { db: Db; search?: SearchIndex | null },
  sectorSlug: string,
): Promise<FollowedSearchCount[]> {
  const rows = await listFollowedSearches(deps.db, sectorSlug)
  const counts = []
  // One at a time: each search may load a month of the index, and the budget holds a few.
  for (const row of rows)
    counts.push({
      ...row,
      newResults: deps.search ? await newResultsOf(deps.search, row) : null,
    })
  return counts
}

async function newResultsOf(search: SearchIndex, row: FollowedSearch): Promise<number> {
  const result = await search.search(
    row.query,
    { sectorSlug: row.sectorSlug, from: row.seenAt },
    { limit: 1 },
  )
  // No article with every word: the search falls back to any of them, which is not what is followed.
  return result.relaxed ? 0 : result.total
}

/** A query as it is followed and recognised again: its words separated by single spaces. */
export const followedQuery = (query: string) => query.replace(/\s+/g, ' ').trim()
