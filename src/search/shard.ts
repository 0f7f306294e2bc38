import MiniSearch, { type Query, type SearchResult as MiniResult } from 'minisearch'
import type { AnalysedDoc } from './doc-terms.ts'
import { DocTable } from './doc-table.ts'
import { MINISEARCH_OPTIONS } from './mini-options.ts'
import { internalsOf } from './score.ts'
import { decodeIndex } from './shard-codec.ts'
import type { DocRow } from './shard-file.ts'

const VACUUM_MIN_DIRT = 20
const VACUUM_MIN_FACTOR = 0.1

/** What filters and facets need of a document, kept for loaded and unloaded shards alike. */
export interface DocMeta {
  id: number
  version: number
  publishedAt: number
  feedId: number
  source: string
  lang: string | null // primary subtag, lower case
  status: string
}

/** One sector's month of articles: its metadata always, its MiniSearch index when loaded. */
export class Shard {
  readonly docs = new DocTable()
  ms: MiniSearch<AnalysedDoc> | null = null
  dirty = false
  lastUsed = 0
  pins = 0
  bytes = 0
  loading: Promise<void> | null = null
  /** Ids a stale file still holds (the document moved elsewhere before a crash): dropped on load. */
  readonly stale = new Set<number>()

  constructor(
    readonly sector: string,
    readonly month: string,
    readonly file: string | null,
  ) {}

  get key() {
    return `${this.sector}/${this.month}`
  }

  /** Starts an empty, loaded index (a new shard, or one rebuilt). */
  fresh(): MiniSearch<AnalysedDoc> {
    this.ms = new MiniSearch(MINISEARCH_OPTIONS)
    return this.ms
  }

  setTerms(json: string) {
    const ms = decodeIndex(json)
    for (const id of this.stale) if (ms.has(id)) ms.discard(id)
    if (this.stale.size) this.dirty = true
    this.stale.clear()
    if (ms.documentCount !== this.docs.size) {
      throw new Error(`shard holds ${ms.documentCount} documents, its header ${this.docs.size}`)
    }
    this.ms = ms
  }

  /** Whether the term is in this shard's vocabulary. */
  hasTerm(term: string): boolean {
    return !!this.ms && internalsOf(this.ms).tree.has(term)
  }

  /** Whether some term of this shard starts with the prefix. */
  hasPrefix(prefix: string): boolean {
    if (!this.ms) return false
    for (const _ of internalsOf(this.ms).tree.atPrefix(prefix)) return true
    return false
  }

  /**
   * Drops the postings of discarded documents once they are a tenth of the shard (MiniSearch's own
   * thresholds). Only writers call it, holding the index's lock, so nothing adds to the tree while
   * the vacuum pauses between batches; searches only read it, and skip discarded postings.
   */
  async vacuumIfDirty(): Promise<void> {
    const ms = this.ms
    if (!ms || ms.dirtCount < VACUUM_MIN_DIRT || ms.dirtFactor < VACUUM_MIN_FACTOR) return
    // Batches of a few thousand terms take a few milliseconds: requests get through between them.
    await ms.vacuum({ batchSize: 5000, batchWait: 1 })
  }

  discard(id: number) {
    if (this.ms?.has(id)) this.ms.discard(id)
    else if (!this.ms) this.stale.add(id)
    this.docs.delete(id)
    this.dirty = true
  }

  /** MiniSearch's own search: the reference that score.ts must agree with (see its tests). */
  referenceSearch(query: Query): MiniResult[] {
    if (!this.ms) throw new Error(`shard ${this.key} is not loaded`)
    return this.ms.search(query)
  }

  rows(): DocRow[] {
    return [...this.docs.values()].map((d) => [
      d.id,
      d.version,
      d.publishedAt,
      d.feedId,
      d.source,
      d.lang,
      d.status,
    ])
  }
}

export const metaOfRow = (r: DocRow): DocMeta => ({
  id: r[0],
  version: r[1],
  publishedAt: r[2],
  feedId: r[3],
  source: r[4],
  lang: r[5],
  status: r[6],
})
