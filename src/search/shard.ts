import MiniSearch, { type Options, type Query, type SearchResult as MiniResult } from 'minisearch'
import { INDEXED_FIELDS, type AnalysedDoc } from './doc-terms.ts'
import type { DocRow } from './shard-file.ts'

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

// Text arrives analysed (see doc-terms.ts), so MiniSearch only splits on the spaces we put there.
const splitTerms = (s: string) => (s ? s.split(' ') : [])
const asIs = (t: string) => t

export const MINISEARCH_OPTIONS: Options<AnalysedDoc> = {
  idField: 'id',
  fields: [...INDEXED_FIELDS],
  storeFields: [],
  tokenize: splitTerms,
  processTerm: asIs,
  searchOptions: {
    tokenize: (s) => [s],
    processTerm: asIs,
    boost: { title: 3, tags: 2, excerpt: 1.5, author: 1.5, site: 1.5, text: 1 },
    maxFuzzy: 2,
  },
}

/** One sector's month of articles: its metadata always, its MiniSearch index when loaded. */
export class Shard {
  readonly docs = new Map<number, DocMeta>()
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
    const ms = MiniSearch.loadJSON<AnalysedDoc>(json, MINISEARCH_OPTIONS)
    for (const id of this.stale) if (ms.has(id)) ms.discard(id)
    if (this.stale.size) this.dirty = true
    this.stale.clear()
    if (ms.documentCount !== this.docs.size) {
      throw new Error(`shard holds ${ms.documentCount} documents, its header ${this.docs.size}`)
    }
    this.ms = ms
  }

  /** Whether the term is in this shard's vocabulary (MiniSearch has no public lookup; fuzzy search needs one). */
  hasTerm(term: string): boolean {
    const tree = (this.ms as unknown as { _index?: { has?(t: string): boolean } } | null)?._index
    return tree?.has ? tree.has(term) : false
  }

  discard(id: number) {
    if (this.ms?.has(id)) this.ms.discard(id)
    else if (!this.ms) this.stale.add(id)
    this.docs.delete(id)
    this.dirty = true
  }

  search(query: Query, keep?: (meta: DocMeta) => boolean): MiniResult[] {
    if (!this.ms) throw new Error(`shard ${this.key} is not loaded`)
    // boostDocument runs before MiniSearch builds a result: returning 0 skips the document cheaply.
    const boostDocument = keep
      ? (id: unknown) => {
          const meta = this.docs.get(id as number)
          return meta && keep(meta) ? 1 : 0
        }
      : undefined
    return this.ms.search(query, { boostDocument })
  }

  rows(): DocRow[] {
    return [...this.docs.values()].map((d) => [d.id, d.version, d.publishedAt, d.feedId, d.source, d.lang, d.status])
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
