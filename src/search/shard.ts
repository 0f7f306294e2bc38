import MiniSearch, { type Query, type SearchResult as MiniResult } from 'minisearch'
import { type AnalysedDoc, analyseDoc } from './doc-terms.ts'
import { DocTable } from './doc-table.ts'
import { LayeredIndex } from './layered-index.ts'
import { MINISEARCH_OPTIONS } from './mini-options.ts'
import { columnsOf, type Columns } from './columns.ts'
import { PACKED_DOC_SHARE, PackedIndex } from './packed-index.ts'
import { type Internals, internalsOf } from './score.ts'
import { type FlatIndex, flattenIndex, flattenNow } from './shard-codec.ts'
import type { DocRow } from './shard-file.ts'
import type { IndexDoc } from './types.ts'

const primaryLang = (lang: string | null) => lang?.toLowerCase().split(/[-_]/)[0] || null

const VACUUM_MIN_DIRT = 20
const VACUUM_MIN_FACTOR = 0.1

/** What filters and facets need of a document, kept for loaded and unloaded shards alike. */
export interface DocMeta {
  id: number
  version: number
  publishedAt: number
  firstSeenAt: number
  feedId: number
  source: string
  lang: string | null // primary subtag, lower case
  status: string
}

/**
 * One sector's month of articles: its metadata always, its index when loaded. Read from its file, the
 * index is packed (read-only arrays); what is written after goes beside it (removals, and a MiniSearch
 * of the articles added) until the month is packed again (`pack`, as it is saved). A month started
 * empty is a MiniSearch alone.
 */
export class Shard {
  readonly docs = new DocTable()
  /** The whole index, or with `packed`, the articles added since it was packed. */
  ms: MiniSearch<AnalysedDoc> | null = null
  packed: PackedIndex | null = null
  /** Short ids of packed articles removed or replaced since it was packed. */
  private readonly removedFromPacked = new Set<number>()
  private layered: LayeredIndex | null = null
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
    const packed = this.packed
      ? (this.packed.documentCount - this.removedFromPacked.size) * PACKED_DOC_SHARE
      : 0
    return packed + (this.ms?.documentCount ?? 0)
  }

  /** Its weight once loaded: as it is, or packed as its file loads. */
  get weightLoaded(): number {
    return this.loaded ? this.loadedWeight : this.docs.size * PACKED_DOC_SHARE
  }

  /** How many articles were added since it was packed (all of them, if it never was). */
  get addedSincePacked(): number {
    return this.ms?.documentCount ?? 0
  }

  /** Starts an empty, loaded index (a new shard, or one rebuilt). */
  fresh(): MiniSearch<AnalysedDoc> {
    const ms = new MiniSearch(MINISEARCH_OPTIONS)
    this.hold(null, ms)
    return ms
  }

  private hold(packed: PackedIndex | null, ms: MiniSearch<AnalysedDoc> | null) {
    this.packed = packed
    this.ms = ms
    this.removedFromPacked.clear()
    this.layered = null
  }

  /** Indexes an article, replacing its earlier version in this month if there is one. */
  add(doc: IndexDoc) {
    if (!this.loaded) throw new Error(`shard ${this.key} is not loaded`)
    this.removeTerms(doc.id)
    if (!this.ms) {
      this.ms = this.packed!.addedIndex()
      this.layered = null
    }
    this.ms.add(analyseDoc(doc))
    this.docs.set(doc.id, {
      id: doc.id,
      version: doc.version,
      publishedAt: doc.publishedAt,
      firstSeenAt: doc.firstSeenAt,
      feedId: doc.feedId,
      source: doc.source,
      lang: primaryLang(doc.lang),
      status: doc.status,
    })
    this.dirty = true
  }

  discard(id: number) {
    if (!this.loaded) this.stale.add(id)
    else this.removeTerms(id)
    this.docs.delete(id)
    this.dirty = true
  }

  private removeTerms(id: number) {
    if (this.ms?.has(id)) this.ms.discard(id)
    const shortId = this.packed?.shortIdOf(id)
    if (shortId !== undefined) this.removedFromPacked.add(shortId)
  }

  unload() {
    this.hold(null, null)
  }

  /** What searches read: the loaded index's structures. */
  internals(): Internals {
    const { packed, ms } = this
    if (!packed) {
      if (!ms) throw new Error(`shard ${this.key} is not loaded`)
      return internalsOf(ms)
    }
    if (!ms && !this.removedFromPacked.size) return packed
    return (this.layered ??= new LayeredIndex(packed, ms, this.removedFromPacked))
  }

  columns(): Columns {
    // Keyed by the packed index while it stands: the columns follow the layers' counts (their stamp).
    return columnsOf((this.packed ?? this.ms)!, this.internals(), this.docs)
  }

  /** Its index in the file's layout (in slices), what it is saved as and packed from. */
  flatten(yieldNow: () => Promise<void>): Promise<FlatIndex> {
    return flattenIndex(this.internals(), yieldNow)
  }

  /**
   * Packs its index with what was written since, in slices (from `flat` if it was just flattened):
   * a month that the crawls fill costs its packed size plus what was added since, not a MiniSearch
   * of the whole month.
   */
  async pack(yieldNow: () => Promise<void>, flat?: FlatIndex): Promise<void> {
    this.setPacked(
      await PackedIndex.fromFlatSliced(flat ?? (await this.flatten(yieldNow)), yieldNow),
    )
  }

  /** Loads the terms of its file, packed, in slices: requests are served between them. */
  async loadTerms(json: Uint8Array, yieldNow: () => Promise<void>) {
    this.setPacked(await PackedIndex.fromJSONSliced(json, yieldNow))
  }

  /** Holds this packed index of its documents (read from its file, or packed from its layers). */
  setPacked(packed: PackedIndex) {
    if (packed.documentCount - this.countStale(packed) !== this.docs.size) {
      throw new Error(`shard holds ${packed.documentCount} documents, its header ${this.docs.size}`)
    }
    this.hold(packed, null)
    if (!this.stale.size) return
    for (const id of this.stale) this.removeTerms(id)
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

  /** MiniSearch's own search: the reference that score.ts must agree with (see its tests). */
  referenceSearch(query: Query): MiniResult[] {
    const ms = this.packed ? PackedIndex.fromFlat(flattenNow(this.internals())).thaw() : this.ms!
    return ms.search(query)
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
      d.firstSeenAt,
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
  // Files saved before the column was kept: the date stands in for it until the article changes.
  firstSeenAt: r[7] ?? r[2],
})
