import type MiniSearch from 'minisearch'
import type { AnalysedDoc } from './doc-terms.ts'
import { PackedPostings, type PackedIndex } from './packed-index.ts'
import { type FieldData, type Freqs, type Internals, internalsOf, type TermTree } from './score.ts'

// Past this many removals, a packed posting list is filtered by a scan rather than a search per removal.
const SEARCHES_BEFORE_SCAN = 32

/**
 * A packed month and what was written to it since it was packed: the short ids of its documents
 * removed (or replaced) since, and a MiniSearch of the documents added since, whose short ids follow
 * the packed ones. Searched as one index, scoring as a vacuumed MiniSearch holding the same documents
 * would: a write costs what it writes, where unpacking a month of the 1M bench took seconds.
 */
export class LayeredIndex implements Internals {
  readonly tree: TermTree
  readonly fieldIds: Record<string, number>
  readonly documentIds: Internals['documentIds']
  readonly fieldLength: Internals['fieldLength']

  constructor(
    private readonly base: PackedIndex,
    private readonly added: MiniSearch<AnalysedDoc> | null,
    private readonly removed: ReadonlySet<number>,
  ) {
    this.fieldIds = base.fieldIds
    // MiniSearch's Maps, which it changes in place (its counters are read through `added` itself).
    const addedIx = added ? internalsOf(added) : null
    const inBase = (shortId: number) => shortId < base.nextId
    this.documentIds = {
      has: (shortId) =>
        inBase(shortId)
          ? base.documentIds.has(shortId) && !removed.has(shortId)
          : !!addedIx?.documentIds.has(shortId),
      *[Symbol.iterator]() {
        for (const entry of base.documentIds) if (!removed.has(entry[0])) yield entry
        if (addedIx) yield* addedIx.documentIds
      },
    }
    this.fieldLength = {
      get: (shortId) =>
        inBase(shortId) ? base.fieldLength.get(shortId) : addedIx?.fieldLength.get(shortId),
    }
    this.tree = joinedTree(base.tree, addedIx?.tree ?? null, (data) => liveData(data, removed))
  }

  get documentCount(): number {
    return this.base.documentCount - this.removed.size + (this.added?.documentCount ?? 0)
  }

  get nextId(): number {
    return this.added ? internalsOf(this.added).nextId : this.base.nextId
  }

  /** The average of each field's length over the live documents of both layers. */
  get avgFieldLength(): number[] {
    // Read per field and term of every query: worked out again only when a layer changed.
    const [nextId, count, removed] = [this.nextId, this.documentCount, this.removed.size]
    const a = this.averages
    if (a?.nextId !== nextId || a.count !== count || a.removed !== removed)
      this.averages = { nextId, count, removed, values: this.averagesNow() }
    return this.averages!.values
  }

  private averages: { nextId: number; count: number; removed: number; values: number[] } | null =
    null

  private averagesNow(): number[] {
    const added = this.added ? internalsOf(this.added) : null
    const count = this.documentCount
    return this.base.avgFieldLength.map((avg, f) => {
      let total = avg * this.base.documentCount
      for (const shortId of this.removed) total -= this.base.fieldLength.get(shortId)?.[f] ?? 0
      if (added) total += added.avgFieldLength[f]! * added.documentCount
      return count > 0 ? total / count : 0
    })
  }
}

/** Both layers' terms as one tree: a term's postings in a field are the base's, then the added ones. */
function joinedTree(
  base: TermTree,
  added: TermTree | null,
  live: (data: FieldData) => FieldData,
): TermTree {
  const join = (a: FieldData | undefined, b: FieldData | undefined): FieldData | undefined => {
    if (!a) return b
    if (!b) return live(a)
    const out: FieldData = new Map(live(a))
    for (const [field, freqs] of b) {
      const first = out.get(field)
      out.set(field, first ? concat(first, freqs) : freqs)
    }
    return out
  }
  return {
    has: (term) => base.has(term) || !!added?.has(term),
    get: (term) => join(base.get(term), added?.get(term)),
    *atPrefix(prefix) {
      for (const [term, data] of base.atPrefix(prefix)) yield [term, join(data, added?.get(term))!]
      if (!added) return
      for (const [term, data] of added.atPrefix(prefix)) if (!base.has(term)) yield [term, data]
    },
    fuzzyGet(term, maxDistance) {
      const fromAdded = added?.fuzzyGet(term, maxDistance) ?? new Map<string, [FieldData, number]>()
      const out = new Map<string, [FieldData, number]>()
      for (const [found, [data, distance]] of base.fuzzyGet(term, maxDistance))
        out.set(found, [join(data, fromAdded.get(found)?.[0])!, distance])
      for (const [found, entry] of fromAdded) if (!out.has(found)) out.set(found, entry)
      return out
    },
  }
}

/** A packed term's postings without the removed documents: counted as a vacuum would leave them. */
function liveData(data: FieldData, removed: ReadonlySet<number>): FieldData {
  if (!removed.size) return data
  const out: FieldData = new Map()
  for (const [field, freqs] of data) out.set(field, livePostings(freqs as PackedPostings, removed))
  return out
}

function livePostings(p: PackedPostings, removed: ReadonlySet<number>): PackedPostings {
  // Where the removed documents sit in the list (it is sorted): a search each, or one scan.
  const at: number[] = []
  if (removed.size <= SEARCHES_BEFORE_SCAN) {
    for (const shortId of removed) {
      const i = p.indexOf(shortId)
      if (i >= 0) at.push(i)
    }
    at.sort((a, b) => a - b)
  } else {
    for (let i = 0; i < p.shortIds.length; i++) if (removed.has(p.shortIds[i]!)) at.push(i)
  }
  if (!at.length) return p
  const size = p.shortIds.length - at.length
  const shortIds = new Uint32Array(size)
  const frequencies = new Uint16Array(size)
  let from = 0
  let to = 0
  for (const skip of [...at, p.shortIds.length]) {
    shortIds.set(p.shortIds.subarray(from, skip), to)
    frequencies.set(p.frequencies.subarray(from, skip), to)
    to += skip - from
    from = skip + 1
  }
  return new PackedPostings(shortIds, frequencies)
}

/** Two posting lists of one term and field, the second's short ids all after the first's. */
function concat(a: Freqs, b: Freqs): PackedPostings {
  const shortIds = new Uint32Array(a.size + b.size)
  const frequencies = new Uint16Array(a.size + b.size)
  let i = 0
  const put = (tf: number, shortId: number) => {
    shortIds[i] = shortId
    frequencies[i++] = Math.min(tf, 0xffff)
  }
  if (a instanceof PackedPostings) {
    shortIds.set(a.shortIds)
    frequencies.set(a.frequencies)
    i = a.size
  } else a.forEach(put)
  b.forEach(put)
  return new PackedPostings(shortIds, frequencies)
}
