import MiniSearch, { type AsPlainObject } from 'minisearch'
import SearchableMap from 'minisearch/SearchableMap'
import type { AnalysedDoc } from './doc-terms.ts'
import { MINISEARCH_OPTIONS } from './mini-options.ts'
import type { FieldData, Internals, TermTree } from './score.ts'
import {
  type EncodedHead,
  type FlatIndex,
  parseIndexFlat,
  parseIndexFlatSliced,
  runInSlices,
  runToEnd,
  SCAN_SLICE,
} from './shard-codec.ts'

/**
 * What a packed document costs in memory as a share of a MiniSearch one (LOADED_DOC_BYTES): about
 * 1,290 bytes of heap and typed arrays with its columns, measured on the three newest months of the
 * 1M bench's index (180,558 articles), against about 6,300 for the same months as MiniSearch's Maps.
 */
export const PACKED_DOC_SHARE = 0.16

/**
 * A shard's index as read from its file, in typed arrays: what a search reads, at about a sixth of
 * the heap of MiniSearch's Maps (a month of the 1M bench, 84,932 articles and 11.7M postings: 501 MB
 * of Maps, about 80 MB here). Read-only: what a month is written after goes beside it (LayeredIndex)
 * until the month is packed again.
 */
export class PackedIndex implements Internals {
  readonly tree: TermTree
  readonly fieldIds: Record<string, number>
  readonly avgFieldLength: number[]
  readonly documentCount: number
  readonly nextId: number
  readonly documentIds: PackedDocIds
  readonly fieldLength: { get(shortId: number): number[] | undefined }
  private readonly terms: SearchableMap<number>
  // Term t's field runs are runsOfTerm[t] .. runsOfTerm[t + 1] - 1; run r has runField[r] and the
  // postings runStart[r] .. runStart[r + 1] - 1, sorted by short id.
  private readonly runsOfTerm: Uint32Array
  private readonly runField: Uint8Array
  private readonly runStart: Uint32Array
  private readonly shortIds: Uint32Array
  private readonly frequencies: Uint16Array

  /** The index of a shard file's terms line (encodeIndex's output); throws on anything malformed. */
  static fromJSON(json: string | Uint8Array): PackedIndex {
    return PackedIndex.fromFlat(parseIndexFlat(json))
  }

  /**
   * The same in slices with a yield between them: loading a month of the 1M bench for a query took
   * 1.1 s in one block, every other request waiting.
   */
  static async fromJSONSliced(
    json: string | Uint8Array,
    yieldNow: () => Promise<void>,
    slice = { bytes: SCAN_SLICE, postings: PACK_SLICE },
  ): Promise<PackedIndex> {
    const flat = await parseIndexFlatSliced(json, yieldNow, slice.bytes)
    return PackedIndex.fromFlatSliced(flat, yieldNow, slice.postings)
  }

  /** The index of a flat one (flattenIndex's, or a file's). */
  static fromFlat(flat: FlatIndex): PackedIndex {
    return runToEnd(PackedIndex.build(flat, Infinity))
  }

  /** The same in slices: packing a month of the 1M bench is 0.3-0.5 s of work. */
  static fromFlatSliced(
    flat: FlatIndex,
    yieldNow: () => Promise<void>,
    slice = PACK_SLICE,
  ): Promise<PackedIndex> {
    return runInSlices(PackedIndex.build(flat, slice), yieldNow)
  }

  private static *build(
    { head: e, numbers, termStart }: FlatIndex,
    slice: number,
  ): Generator<void, PackedIndex> {
    const fieldCount = Object.keys(e.fieldIds).length
    const stride = 2 + fieldCount
    const rows = e.docs.length / stride
    const docShortIds = new Uint32Array(rows)
    const docIds = new Float64Array(rows)
    const rowOf = new Int32Array(e.nextId).fill(-1)
    const lengths = new Uint32Array(rows * fieldCount)
    for (let r = 0; r < rows; r++) {
      const at = r * stride
      const shortId = e.docs[at]!
      if (!(shortId >= 0 && shortId < e.nextId))
        throw new Error('damaged index: short id out of range')
      docShortIds[r] = shortId
      docIds[r] = e.docs[at + 1]!
      rowOf[shortId] = r
      for (let f = 0; f < fieldCount; f++) lengths[r * fieldCount + f] = e.docs[at + 2 + f]!
    }

    // Each term's numbers are runs of [fieldId, count, count x (short id delta, frequency)].
    const damaged = (term: string) => new Error(`damaged index: postings of "${term}"`)
    let runs = 0
    let postings = 0
    for (let t = 0; t < e.terms.length; t++) {
      let i = termStart[t]!
      while (i < termStart[t + 1]!) {
        const count = numbers[i + 1] ?? 0
        i += 2 + 2 * count
        runs++
        postings += count
      }
      if (i !== termStart[t + 1]) throw damaged(e.terms[t]!)
    }
    yield
    const p: Postings = {
      terms: new SearchableMap<number>(),
      runsOfTerm: new Uint32Array(e.terms.length + 1),
      runField: new Uint8Array(runs),
      runStart: new Uint32Array(runs + 1),
      shortIds: new Uint32Array(postings),
      frequencies: new Uint16Array(postings),
    }
    let run = 0
    let at = 0
    let done = 0
    for (let t = 0; t < e.terms.length; t++) {
      p.terms.set(e.terms[t]!, t)
      p.runsOfTerm[t] = run
      for (let i = termStart[t]!; i < termStart[t + 1]!;) {
        p.runField[run] = numbers[i++]!
        p.runStart[run++] = at
        const count = numbers[i++]!
        let shortId = 0
        for (let j = 0; j < count; j++) {
          shortId += numbers[i++]!
          p.shortIds[at] = shortId
          p.frequencies[at++] = Math.min(numbers[i++]!, 0xffff)
        }
        done += count
      }
      if (done >= slice) {
        done = 0
        yield
      }
    }
    p.runsOfTerm[e.terms.length] = run
    p.runStart[run] = at
    return new PackedIndex(e, new PackedDocIds(docShortIds, docIds, rowOf), lengths, p)
  }

  private constructor(e: EncodedHead, docIds: PackedDocIds, lengths: Uint32Array, p: Postings) {
    this.fieldIds = e.fieldIds
    this.avgFieldLength = e.averageFieldLength
    this.documentCount = e.documentCount
    this.nextId = e.nextId
    this.documentIds = docIds
    this.fieldLength = lengthsReader(docIds.rowOf, lengths, Object.keys(e.fieldIds).length)
    this.terms = p.terms
    this.runsOfTerm = p.runsOfTerm
    this.runField = p.runField
    this.runStart = p.runStart
    this.shortIds = p.shortIds
    this.frequencies = p.frequencies
    this.tree = this.termTree()
  }

  /** The short id of this article, if it holds it. */
  shortIdOf(id: number): number | undefined {
    return this.documentIds.shortIdOf(id)
  }

  /**
   * An empty MiniSearch for the articles added after this was packed: its short ids follow this
   * index's own, so that both read as one index (LayeredIndex).
   */
  addedIndex(): MiniSearch<AnalysedDoc> {
    return emptyMiniSearch({
      documentCount: 0,
      nextId: this.nextId,
      fieldIds: this.fieldIds,
      averageFieldLength: this.avgFieldLength.map(() => 0),
    }).ms
  }

  /** A MiniSearch holding the same index (MiniSearch's own search answers the tests' reference). */
  thaw(): MiniSearch<AnalysedDoc> {
    const { ms, maps } = emptyMiniSearch({
      documentCount: this.documentCount,
      nextId: this.nextId,
      fieldIds: this.fieldIds,
      averageFieldLength: this.avgFieldLength,
    })
    this.documentIds.forEachRow((shortId, id) => {
      maps._documentIds.set(shortId, id)
      maps._idToShortId.set(id, shortId)
      maps._fieldLength.set(shortId, this.fieldLength.get(shortId)!)
    })
    for (const [term, t] of this.terms) {
      const data = new Map<number, Map<number, number>>()
      for (let r = this.runsOfTerm[t]!; r < this.runsOfTerm[t + 1]!; r++) {
        const freqs = new Map<number, number>()
        for (let i = this.runStart[r]!; i < this.runStart[r + 1]!; i++)
          freqs.set(this.shortIds[i]!, this.frequencies[i]!)
        data.set(this.runField[r]!, freqs)
      }
      maps._index.set(term, data)
    }
    return ms
  }

  private dataOf(t: number): FieldData {
    const data: FieldData = new Map()
    for (let r = this.runsOfTerm[t]!; r < this.runsOfTerm[t + 1]!; r++) {
      const from = this.runStart[r]!
      const to = this.runStart[r + 1]!
      data.set(
        this.runField[r]!,
        new PackedPostings(this.shortIds.subarray(from, to), this.frequencies.subarray(from, to)),
      )
    }
    return data
  }

  private termTree(): TermTree {
    const terms = this.terms
    const dataOf = (t: number) => this.dataOf(t)
    return {
      has: (term) => terms.has(term),
      get: (term) => {
        const t = terms.get(term)
        return t === undefined ? undefined : dataOf(t)
      },
      *atPrefix(prefix) {
        for (const [term, t] of terms.atPrefix(prefix)) yield [term, dataOf(t)]
      },
      fuzzyGet(term, maxDistance) {
        const out = new Map<string, [FieldData, number]>()
        for (const [found, [t, distance]] of terms.fuzzyGet(term, maxDistance))
          out.set(found, [dataOf(t), distance])
        return out
      },
    }
  }
}

/** A packed index's postings: see the fields of PackedIndex. */
interface Postings {
  terms: SearchableMap<number>
  runsOfTerm: Uint32Array
  runField: Uint8Array
  runStart: Uint32Array
  shortIds: Uint32Array
  frequencies: Uint16Array
}

// Postings packed between two yields of a sliced load: tens of milliseconds.
const PACK_SLICE = 1_000_000

/** MiniSearch's Maps, which a thaw fills. */
interface MiniSearchMaps {
  _documentIds: Map<number, number>
  _idToShortId: Map<number, number>
  _fieldLength: Map<number, number[]>
  _index: { set(term: string, data: Map<number, Map<number, number>>): void }
}

/** A MiniSearch with the index's counters and empty Maps, to fill. */
function emptyMiniSearch(
  e: Pick<EncodedHead, 'documentCount' | 'nextId' | 'fieldIds' | 'averageFieldLength'>,
): { ms: MiniSearch<AnalysedDoc>; maps: MiniSearchMaps } {
  // loadJS (public, static) sets MiniSearch's counters and options; the Maps are filled after.
  const empty: AsPlainObject = {
    documentCount: e.documentCount,
    nextId: e.nextId,
    documentIds: {},
    fieldIds: e.fieldIds,
    fieldLength: {},
    averageFieldLength: e.averageFieldLength,
    storedFields: {},
    dirtCount: 0,
    index: [],
    serializationVersion: 2,
  }
  const ms = MiniSearch.loadJS<AnalysedDoc>(empty, MINISEARCH_OPTIONS)
  return { ms, maps: ms as unknown as MiniSearchMaps }
}

// Outside the constructor: a closure made there would keep its whole scope, the file's arrays included.
function lengthsReader(rowOf: Int32Array, lengths: Uint32Array, fieldCount: number) {
  return {
    get(shortId: number): number[] | undefined {
      const r = rowOf[shortId] ?? -1
      return r < 0 ? undefined : [...lengths.subarray(r * fieldCount, (r + 1) * fieldCount)]
    },
  }
}

/** Short id -> article id, over the rows of a packed index. */
class PackedDocIds {
  constructor(
    private readonly shortIds: Uint32Array,
    private readonly ids: Float64Array,
    readonly rowOf: Int32Array,
  ) {}

  get size() {
    return this.shortIds.length
  }

  has(shortId: number): boolean {
    return (this.rowOf[shortId] ?? -1) >= 0
  }

  // Rows by article id, sorted once on first use: only writes look articles up by id.
  private byId: Uint32Array | null = null

  shortIdOf(id: number): number | undefined {
    const rows = (this.byId ??= Uint32Array.from(this.ids.keys()).sort(
      (a, b) => this.ids[a]! - this.ids[b]!,
    ))
    let lo = 0
    let hi = rows.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const other = this.ids[rows[mid]!]!
      if (other === id) return this.shortIds[rows[mid]!]
      if (other < id) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }

  forEachRow(fn: (shortId: number, id: number, row: number) => void) {
    for (let r = 0; r < this.shortIds.length; r++) fn(this.shortIds[r]!, this.ids[r]!, r)
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let r = 0; r < this.shortIds.length; r++) yield [this.shortIds[r]!, this.ids[r]!]
  }
}

/** One term's documents in one field: read as score.ts's Posting directly, never copied to a Map. */
export class PackedPostings {
  constructor(
    readonly shortIds: Uint32Array,
    readonly frequencies: Uint16Array,
  ) {}

  get size() {
    return this.shortIds.length
  }

  has(shortId: number): boolean {
    return this.indexOf(shortId) >= 0
  }

  /** Where the document sits in the list (sorted by short id), or -1. */
  indexOf(shortId: number): number {
    let lo = 0
    let hi = this.shortIds.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const v = this.shortIds[mid]!
      if (v === shortId) return mid
      if (v < shortId) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  forEach(fn: (tf: number, shortId: number) => void) {
    for (let i = 0; i < this.shortIds.length; i++) fn(this.frequencies[i]!, this.shortIds[i]!)
  }
}
