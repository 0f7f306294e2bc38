import type { DocMeta } from './shard.ts'

const GROWTH = 1.5
const MIN_ROWS = 64

/** A string column's values as small codes: a shard has a few hundred sources, a few languages. */
class Names {
  readonly list: (string | null)[] = []
  private readonly codes = new Map<string | null, number>()

  code(name: string | null): number {
    let c = this.codes.get(name)
    if (c === undefined) {
      c = this.list.push(name) - 1
      this.codes.set(name, c)
    }
    return c
  }
}

/**
 * A shard's document metadata, kept for every document whether its terms are loaded or not: typed
 * arrays, string values as codes, a row per id, the Map-like surface that the index uses. At a million
 * articles, an object per document cost 186 bytes of heap each with the index's map of ids to shards;
 * these columns, 85 (measured before the first-seen column, which adds 8).
 */
export class DocTable {
  private readonly rowOf = new Map<number, number>()
  private readonly free: number[] = []
  private capacity = 0
  private version = new Float64Array(0)
  private publishedAt = new Float64Array(0)
  private firstSeenAt = new Float64Array(0)
  private feedId = new Float64Array(0)
  private source = new Uint32Array(0)
  private lang = new Uint16Array(0)
  private status = new Uint16Array(0)
  private readonly ids: number[] = []
  private readonly sources = new Names()
  private readonly langs = new Names()
  private readonly statuses = new Names()

  get size(): number {
    return this.rowOf.size
  }

  has(id: number): boolean {
    return this.rowOf.has(id)
  }

  get(id: number): DocMeta | undefined {
    const row = this.rowOf.get(id)
    return row === undefined ? undefined : this.metaAt(row)
  }

  set(id: number, meta: DocMeta): this {
    let row = this.rowOf.get(id)
    if (row === undefined) {
      row = this.free.pop() ?? this.ids.length
      if (row >= this.capacity) this.grow()
      this.rowOf.set(id, row)
      this.ids[row] = id
    }
    this.version[row] = meta.version
    this.publishedAt[row] = meta.publishedAt
    this.firstSeenAt[row] = meta.firstSeenAt
    this.feedId[row] = meta.feedId
    this.source[row] = this.sources.code(meta.source)
    this.lang[row] = this.langs.code(meta.lang)
    this.status[row] = this.statuses.code(meta.status)
    return this
  }

  delete(id: number): boolean {
    const row = this.rowOf.get(id)
    if (row === undefined) return false
    this.rowOf.delete(id)
    this.free.push(row)
    return true
  }

  clear(): void {
    this.rowOf.clear()
    this.free.length = 0
    this.ids.length = 0
  }

  /** A document's version, without building its metadata (syncs and saves read every document's). */
  versionOf(id: number): number | undefined {
    const row = this.rowOf.get(id)
    return row === undefined ? undefined : this.version[row]
  }

  forEachVersion(fn: (id: number, version: number) => void): void {
    this.rowOf.forEach((row, id) => fn(id, this.version[row]!))
  }

  keys(): IterableIterator<number> {
    return this.rowOf.keys()
  }

  *values(): IterableIterator<DocMeta> {
    for (const row of this.rowOf.values()) yield this.metaAt(row)
  }

  private metaAt(row: number): DocMeta {
    return {
      id: this.ids[row]!,
      version: this.version[row]!,
      publishedAt: this.publishedAt[row]!,
      firstSeenAt: this.firstSeenAt[row]!,
      feedId: this.feedId[row]!,
      source: this.sources.list[this.source[row]!]!,
      lang: this.langs.list[this.lang[row]!]!,
      status: this.statuses.list[this.status[row]!]!,
    }
  }

  private grow(): void {
    this.capacity = Math.max(MIN_ROWS, Math.ceil(this.capacity * GROWTH))
    const widen = <T extends Float64Array | Uint32Array | Uint16Array>(old: T, next: T): T => {
      next.set(old)
      return next
    }
    this.version = widen(this.version, new Float64Array(this.capacity))
    this.publishedAt = widen(this.publishedAt, new Float64Array(this.capacity))
    this.firstSeenAt = widen(this.firstSeenAt, new Float64Array(this.capacity))
    this.feedId = widen(this.feedId, new Float64Array(this.capacity))
    this.source = widen(this.source, new Uint32Array(this.capacity))
    this.lang = widen(this.lang, new Uint16Array(this.capacity))
    this.status = widen(this.status, new Uint16Array(this.capacity))
  }
}
