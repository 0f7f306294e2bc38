import type { Clock } from '../lib/clock.ts'
import type { SearchIndex } from '../search/index.ts'
import { AppError } from '../lib/errors.ts'
import {
  type Db,
  type FollowedSearch,
  followedSearchOf,
  followSearch,
  alertRecipientsOf,
  listFollowedSearches,
} from '../store/index.ts'

export interface FollowedSearchCount extends FollowedSearch {
  /** Its results that Vigie first saw since it was last opened; null without a search index. */
  newResults: number | null
  /** The addresses its email alert goes to. */
  alertRecipients: string[]
}

// The queue page lists the counts on every load: a search each, a few milliseconds each at 100,000
// articles. They are kept this long, or until an article comes in or a search is opened, followed or
// dropped (each changes the key).
const COUNTS_TTL_MS = 60_000
// Per search index, per sector: the counts and what they were counted for.
const kept = new WeakMap<SearchIndex, Map<string, { key: string; at: number; counts: number[] }>>()

/** The sector's followed searches, each with how many new results it has. */
export async function followedSearchesOf(
  deps: { db: Db; search?: SearchIndex | null; clock: Clock },
  sectorSlug: string,
): Promise<FollowedSearchCount[]> {
  const listed = await listFollowedSearches(deps.db, sectorSlug)
  const recipients = await alertRecipientsOf(
    deps.db,
    listed.map((r) => r.id),
  )
  const rows = listed.map((row) => ({
    ...row,
    alertRecipients: recipients.get(row.id) ?? [],
  }))
  const { search } = deps
  if (!search) return rows.map((row) => ({ ...row, newResults: null }))
  const now = deps.clock.now().getTime()
  const key = JSON.stringify([search.size, rows.map((r) => [r.id, r.seenAt.getTime()])])
  const bySector = kept.get(search) ?? kept.set(search, new Map()).get(search)!
  let hit = bySector.get(sectorSlug)
  if (!hit || hit.key !== key || now - hit.at >= COUNTS_TTL_MS) {
    const counts = []
    // One at a time: each search may load a month of the index, and the budget holds a few.
    for (const row of rows) counts.push(await newResultsOf(search, row))
    hit = { key, at: now, counts }
    bySector.set(sectorSlug, hit)
  }
  return rows.map((row, i) => ({ ...row, newResults: hit.counts[i]! }))
}

/**
 * An article crawled late keeps its own date: what is new is what Vigie first saw since, among the
 * articles dated this far back at most.
 */
export const LATE_CRAWL_MS = 7 * 86_400_000

// New is what Vigie first saw since the search was last opened, an article dated before it but crawled
// after it too; the index keeps when it first saw each article, so the count reads no row.
async function newResultsOf(search: SearchIndex, row: FollowedSearch): Promise<number> {
  const result = await search.search(
    row.query,
    {
      sectorSlug: row.sectorSlug,
      from: new Date(row.seenAt.getTime() - LATE_CRAWL_MS),
      seenAfter: row.seenAt,
    },
    { limit: 1 },
  )
  // No article with every word: the search falls back to any of them, which is not what is followed.
  return result.relaxed ? 0 : result.total
}

/** A query as it is followed and recognised again: its words separated by single spaces. */
export const followedQuery = (query: string) => query.replace(/\s+/g, ' ').trim()

// Each followed search is a search on every queue page load (when its count is not kept): a bound.
export const MAX_FOLLOWED_SEARCHES = 30
/** The longest query followed (a search may be longer). */
export const MAX_FOLLOWED_QUERY = 200

/** Follows a search in a sector (its words as followedQuery writes them), up to MAX_FOLLOWED_SEARCHES. */
export async function followSearchIn(
  deps: { db: Db; clock: Clock },
  input: { sectorSlug: string; query: string; actor?: string | null },
): Promise<FollowedSearch> {
  const query = followedQuery(input.query)
  const known = await followedSearchOf(deps.db, input.sectorSlug, query)
  if (known) return known
  if ((await listFollowedSearches(deps.db, input.sectorSlug)).length >= MAX_FOLLOWED_SEARCHES)
    throw new AppError(
      'too_many_followed',
      { max: MAX_FOLLOWED_SEARCHES },
      `a sector follows at most ${MAX_FOLLOWED_SEARCHES} searches: stop following one first`,
    )
  return followSearch(deps.db, { ...input, query }, deps.clock.now())
}
