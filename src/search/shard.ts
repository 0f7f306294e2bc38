import MiniSearch, { type Query, type SearchResult as MiniResult } from 'minisearch'
import type { AnalysedDoc } from './doc-terms.ts'
import { DocTable } from './doc-table.ts'
import { MINISEARCH_OPTIONS } from './mini-options.ts'
import { columnsOf, type Columns } from './columns.ts'
import { PACKED_DOC_SHARE, PackedIndex } from './packed-index.ts'
import { type Internals, internalsOf } from './score.ts'
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

/**
 * One sector's month of articles: its metadata always, its index when loaded: packed (read-only
 * arrays) as read from its file, a MiniSearch once written to.
 */
export class Shard {
  readonly docs = new DocTable()
  ms: MiniSearch<AnalysedDoc> | null = null
  packed: PackedIndex | null = null
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

  get loaded(): boolean {
    return !!(this.ms || this.packed)
  }

  /**
   * What its index costs in memory, in loaded documents (LOADED_DOC_BYTES each): a packed one
   * PACKED_DOC_SHARE of that.
   */
  get loadedWeight(): number {
    if (this.ms) return this.docs.size
    return this.packed ? this.docs.size * PACKED_DOC_SHARE : 0
  }

  /** Its weight once loaded: as it is, or packed as its file loads. */
  get weightLoaded(): number {
    return this.loaded ? this.loadedWeight : this.docs.size * PACKED_DOC_SHARE
  }

  /** Starts an empty, loaded index (a new shard, or one rebuilt). */
  fresh(): MiniSearch<AnalysedDoc> {
    this.packed = null
    this.ms = new MiniSearch(MINISEARCH_OPTIONS)
    return this.ms
  }

  /** Its index as MiniSearch, to write to: a packed index is unpacked first. */
  writable(): MiniSearch<AnalysedDoc> {
    if (!this.ms) {
      if (!this.packed) throw new Error(`shard ${this.key} is not loaded`)
      this.ms = this.packed.thaw()
      this.packed = null
    }
    return this.ms
  }

  /** Unpacks a packed index into a MiniSearch in slices, searches reading the packed one meanwhile. */
  async thaw(yieldNow: () => Promise<void>): Promise<void> {
    const packed = this.packed
    if (this.ms || !packed) return
    const ms = await packed.thawSliced(yieldNow)
    // Unloaded or replaced meanwhile: that state stands.
    if (this.packed !== packed) return
    this.ms = ms
    this.packed = null
  }

  unload() {
    this.ms = null
    this.packed = null
  }

  /** What searches read: the loaded index's structures. */
  internals(): Internals {
    if (this.ms) return internalsOf(this.ms)
    if (this.packed) return this.packed
    throw new Error(`shard ${this.key} is not loaded`)
  }

  columns(): Columns {
    return columnsOf((this.ms ?? this.packed)!, this.internals(), this.docs)
  }

  /** Loads the terms of its file, packed. */
  setTerms(json: string) {
    this.setPacked(PackedIndex.fromJSON(json))
  }

  /** Holds this packed index of its documents (read from its file, or packed from its MiniSearch). */
  setPacked(packed: PackedIndex) {
    if (packed.documentCount - this.countStale(packed) !== this.docs.size) {
      throw new Error(`shard holds ${packed.documentCount} documents, its header ${this.docs.size}`)
    }
    this.packed = packed
    this.ms = null
    if (!this.stale.size) return
    const ms = this.writable()
    for (const id of this.stale) if (ms.has(id)) ms.discard(id)
    this.stale.clear()
    this.dirty = true
  }

  private countStale(packed: PackedIndex): number {
    if (!this.stale.size) return 0
    let n = 0
    for (const [, id] of packed.documentIds) if (this.stale.has(id)) n++
    return n
  }

  /** Whether the term is in this shard's vocabulary. */
  hasTerm(term: string): boolean {
    return this.loaded && this.internals().tree.has(term)
  }

  /** Whether some term of this shard starts with the prefix. */
  hasPrefix(prefix: string): boolean {
    if (!this.loaded) return false
    for (const _ of this.internals().tree.atPrefix(prefix)) return true
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
    if (!this.loaded) this.stale.add(id)
    else if (this.ms?.has(id) || this.packed?.hasId(id)) this.writable().discard(id)
    this.docs.delete(id)
    this.dirty = true
  }

  /** MiniSearch's own search: the reference that score.ts must agree with (see its tests). */
  referenceSearch(query: Query): MiniResult[] {
    return this.writable().search(query)
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
