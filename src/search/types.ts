import type { Clock } from '../lib/clock.ts'
import type { Log } from '../lib/log.ts'

/** What the index needs of an article: the text to search and the fields to filter and facet on. */
export interface IndexDoc {
  id: number
  sectorSlug: string
  feedId: number
  source: string
  lang: string | null
  publishedAt: number // ms
  /** When Vigie first saw it (ms): an article crawled late keeps its older date, but is new. */
  firstSeenAt: number
  status: string
  title: string
  excerpt: string | null
  text: string
  author: string | null
  siteName: string | null
  tags: string[]
  version: number // articles.updatedAt in ms; bumps when the article changes
}

export interface SearchFilters {
  sectorSlug?: string
  feedIds?: number[]
  sources?: string[]
  lang?: string
  from?: Date
  to?: Date
  /**
   * Only articles Vigie first saw after this instant (what is new since a visit, late-crawled ones
   * included). Months are still chosen by `from`: give one that reaches back far enough.
   */
  seenAfter?: Date
  status?: string[]
  /**
   * Without dates, a query searches the newest months that the memory budget holds; this searches
   * the older ones too (loaded in turn from disk: slower).
   */
  everyMonth?: boolean
}

export interface SearchHit {
  id: number
  score: number
  terms: string[] // matched index terms
  queryTerms: string[]
  match: Record<string, string[]> // term -> fields
}

export interface SearchResult {
  total: number
  hits: SearchHit[]
  facets: {
    sector: Record<string, number>
    source: Record<string, number>
    lang: Record<string, number>
    status: Record<string, number>
  }
  /** True when no article had every query word and the words were combined with OR instead. */
  relaxed: boolean
  /** The query's words that carried terms (stop words dropped). */
  words: string[]
  /** Older months left out (no dates asked, more months than the memory budget holds). */
  olderNotSearched?: { articles: number; before: string }
}

export interface SearchIndex {
  upsert(docs: IndexDoc[]): Promise<void>
  remove(ids: number[]): Promise<void>
  search(
    query: string,
    filters?: SearchFilters,
    opts?: { limit?: number; offset?: number },
  ): Promise<SearchResult>
  load(): Promise<void>
  save(): Promise<void>
  /** Version of every indexed document, or of these ids only (those indexed). */
  versions(ids?: Iterable<number>): Promise<Map<number, number>>
  /** Empties the index (files go at the next save): the start of a rebuild. */
  clear(): Promise<void>
  /** Shards known to the index, whether their terms are in memory, for logs and tests. */
  shards(): ShardInfo[]
  /** The sectors it holds documents of. */
  sectors(): string[]
  readonly size: number
}

export interface ShardInfo {
  key: string // `<sector>/<yyyy-mm>`
  docs: number
  loaded: boolean
  /** What its loaded index counts against the memory budget, in MiniSearch documents (packed: less). */
  weight: number
  dirty: boolean
  /** Documents discarded from the loaded index whose postings are not vacuumed yet. */
  discarded: number
}

export interface SearchIndexOptions {
  /** Where shards are saved; null keeps everything in memory only. */
  dir: string | null
  /** Months (by publishedAt, counting the current one) loaded on start as the budget allows, unloaded last. */
  hotMonths?: number
  /** Shards are written out and unloaded, old months and least recently used first, past this many
   * documents in memory as MiniSearch holds them (see LOADED_DOC_BYTES; a packed one counts
   * PACKED_DOC_SHARE). Default 25,000: the server's default budget of 200 MB. */
  maxLoadedDocs?: number
  log?: Log
  clock?: Clock
  /** Re-reads articles from the database, to rebuild a shard whose file is corrupt. */
  docsFor?: (ids: number[]) => Promise<IndexDoc[]>
}
