import type MiniSearch from 'minisearch'
import type { Columns, Posting } from './columns.ts'
import type { QueryWord } from './query.ts'
import { MINISEARCH_OPTIONS } from './mini-options.ts'

// MiniSearch.search() builds a result object (terms, match) for every matching document and sorts them
// all: at 100k articles a frequent word costs tens of ms. This scores the same BM25 (MiniSearch's own
// formula, boosts and prefix/fuzzy weights) over MiniSearch's index in typed arrays, and builds match
// details only for the best `top`. It reads MiniSearch 7's internal fields, checked by `internalsOf`;
// test/search/score.test.ts compares it with MiniSearch.search().

/** A term's documents in one field with its frequency in each: MiniSearch's Map, or a packed shard's arrays. */
export interface Freqs {
  readonly size: number
  has(shortId: number): boolean
  forEach(fn: (tf: number, shortId: number) => void): void
}
export type FieldData = Map<number, Freqs> // fieldId -> the term's documents in that field
export interface TermTree {
  get(term: string): FieldData | undefined
  has(term: string): boolean
  atPrefix(prefix: string): Iterable<[string, FieldData]>
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldData, number]>
}
export interface Internals {
  tree: TermTree
  fieldIds: Record<string, number>
  fieldLength: { get(shortId: number): ArrayLike<number> | undefined }
  avgFieldLength: number[]
  /** short id -> article id */
  documentIds: { has(shortId: number): boolean } & Iterable<[number, number]>
  documentCount: number
  nextId: number
}

/** MiniSearch's index structures; throws if this MiniSearch version lays them out differently. */
export function internalsOf(ms: MiniSearch): Internals {
  const m = ms as unknown as Record<string, unknown>
  const tree = m._index as TermTree | undefined
  if (
    !tree?.atPrefix ||
    !tree.fuzzyGet ||
    !(m._documentIds instanceof Map) ||
    !(m._fieldLength instanceof Map)
  ) {
    throw new Error('unsupported MiniSearch version: index internals not found')
  }
  return {
    tree,
    fieldIds: m._fieldIds as Record<string, number>,
    fieldLength: m._fieldLength as Map<number, number[]>,
    avgFieldLength: m._avgFieldLength as number[],
    documentIds: m._documentIds as Map<number, number>,
    documentCount: m._documentCount as number,
    nextId: m._nextId as number,
  }
}

const { k, b, d } = { k: 1.2, b: 0.7, d: 0.5 }
const WEIGHT = { prefix: 0.375, fuzzy: 0.45 }
const MAX_FUZZY = MINISEARCH_OPTIONS.searchOptions!.maxFuzzy!
const FUZZY = 0.2
const boosts = MINISEARCH_OPTIONS.searchOptions!.boost as Record<string, number>

interface Expansion {
  leaf: number // index of the query term it came from
  term: string // the index term matched
  data: FieldData
  weight: number
}

export interface ScoredDoc {
  shortId: number
  id: number
  score: number
}

/** Query terms of the words: one bit each (leaf), and each word's mask of leaves. */
export function leavesOf(words: QueryWord[]) {
  const leaves: {
    term: string
    word: number
    prefix: boolean
    fuzzy: boolean
  }[] = []
  words.forEach((w, word) => {
    for (const term of new Set([...w.terms, ...w.prefixes])) {
      if (leaves.length >= 31) break // bit masks below are 32-bit
      leaves.push({
        term,
        word,
        prefix: w.prefixes.includes(term),
        fuzzy: w.fuzzy && w.terms.includes(term),
      })
    }
  })
  return leaves
}

function expand(t: TermTree, leaves: ReturnType<typeof leavesOf>): Expansion[] {
  const out: Expansion[] = []
  leaves.forEach((leaf, i) => {
    const exact = t.get(leaf.term)
    if (exact) out.push({ leaf: i, term: leaf.term, data: exact, weight: 1 })
    const seen = new Set([leaf.term])
    if (leaf.prefix) {
      for (const [term, data] of t.atPrefix(leaf.term)) {
        if (seen.has(term)) continue
        seen.add(term)
        const distance = term.length - leaf.term.length
        out.push({
          leaf: i,
          term,
          data,
          weight: (WEIGHT.prefix * term.length) / (term.length + 0.3 * distance),
        })
      }
    }
    if (leaf.fuzzy) {
      const max = Math.min(MAX_FUZZY, Math.round(leaf.term.length * FUZZY))
      for (const [term, [data, distance]] of max ? t.fuzzyGet(leaf.term, max) : []) {
        if (seen.has(term)) continue
        out.push({
          leaf: i,
          term,
          data,
          weight: (WEIGHT.fuzzy * term.length) / (term.length + distance),
        })
      }
    }
  })
  return out
}

/**
 * Scores a shard: counts every matching document into `facets` (by the columns' codes) and returns
 * the best `top`, best first, and `explain` for their MiniSearch-style match details.
 */
export function scoreShard(
  cols: Columns,
  words: QueryWord[],
  mode: 'AND' | 'OR',
  keep: ((shortId: number) => boolean) | undefined,
  top: number,
  facets: { source: Uint32Array; lang: Uint32Array; status: Uint32Array },
) {
  const { ix, ids } = cols
  const leaves = leavesOf(words)
  const expansions = expand(ix.tree, leaves)
  const { score, leafMask, wordMask, state, seen } = scratchFor(ix.nextId)
  // Every short id set in the scratch arrays, to clear them after: the kept ones from the start of
  // `seen`, the filtered out from its end (each id is seen once). A JS array pushed to tens of
  // thousands of times per query made each posting of an 80,000-article month cost five times more.
  let kept = 0
  let dropped = 0
  const fields = Object.entries(ix.fieldIds).map(([name, id]) => ({
    name,
    id,
    boost: boosts[name] ?? 1,
  }))
  const best: (ScoredDoc & { mask: number })[] = []
  let total = 0
  try {
    for (const e of expansions) {
      const leafBit = 1 << e.leaf
      const wordBit = 1 << leaves[e.leaf]!.word
      for (const f of fields) {
        const freqs = e.data.get(f.id)
        if (!freqs) continue
        const w =
          e.weight *
          f.boost *
          Math.log(1 + (ix.documentCount - freqs.size + 0.5) / (freqs.size + 0.5))
        const { shortIds, frequencies } = postingOf(cols, freqs)
        const avg = ix.avgFieldLength[f.id]!
        const fieldLengths = cols.lengths[f.id]!
        for (let i = 0; i < shortIds.length; i++) {
          const shortId = shortIds[i]!
          let st = state[shortId]!
          if (st === 0) {
            st = state[shortId] = !Number.isNaN(ids[shortId]!) && (!keep || keep(shortId)) ? 1 : 2
            if (st === 1) seen[kept++] = shortId
            else seen[seen.length - ++dropped] = shortId
          }
          if (st !== 1) continue
          const tf = frequencies[i]!
          score[shortId]! +=
            w * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * fieldLengths[shortId]!) / avg)))
          leafMask[shortId]! |= leafBit
          wordMask[shortId]! |= wordBit
        }
      }
    }
    const allWords = words.length >= 32 ? 0xffffffff : (1 << words.length) - 1
    for (let i = 0; i < kept; i++) {
      const shortId = seen[i]!
      if (mode === 'AND' && (wordMask[shortId]! & allWords) >>> 0 !== allWords >>> 0) continue
      total++
      facets.source[cols.source[shortId]!]!++
      facets.lang[cols.lang[shortId]!]!++
      facets.status[cols.status[shortId]!]!++
      // MiniSearch multiplies by the number of query terms matched ("quality").
      const s = score[shortId]! * popcount(leafMask[shortId]!)
      // Most matches rank below the last kept: compared before any object is made for them.
      const last = best.length < top ? undefined : best[best.length - 1]
      if (top > 0 && (!last || ranksBefore({ score: s, id: ids[shortId]! }, last)))
        insertSorted(best, { shortId, id: ids[shortId]!, score: s, mask: leafMask[shortId]! }, top)
    }
  } finally {
    for (let i = 0; i < kept; i++) {
      const shortId = seen[i]!
      score[shortId] = leafMask[shortId] = wordMask[shortId] = state[shortId] = 0
    }
    for (let i = seen.length - dropped; i < seen.length; i++) state[seen[i]!] = 0
  }
  // Match details cost a lookup per term and field: only for documents that make the final page.
  const masks = new Map(best.map((b) => [b.shortId, b.mask]))
  const explain = (shortId: number) =>
    details(shortId, masks.get(shortId) ?? 0, expansions, leaves, fields)
  return { total, best, explain }
}

/**
 * A term's postings in a field as arrays: read once from MiniSearch's map (a Map iteration per
 * posting was most of a query's time), then again only when the shard changes (new columns) or a
 * vacuum shrinks the map. 6 bytes a posting, at most POSTING_BYTES_PER_DOC per document of the shard:
 * 3% of what the search index's memory budget counts for a loaded document (LOADED_DOC_BYTES).
 */
function postingOf(cols: Columns, freqs: Freqs): Posting {
  // A packed shard's postings are arrays already.
  if ('shortIds' in freqs) return freqs as unknown as Posting
  const cached = cols.postings.byTerm.get(freqs)
  // A vacuum shrinks the map without changing the columns: then it is read again.
  if (cached?.shortIds.length === freqs.size) return cached
  const posting = {
    shortIds: new Uint32Array(freqs.size),
    frequencies: new Uint16Array(freqs.size),
  }
  let i = 0
  freqs.forEach((tf, shortId) => {
    posting.shortIds[i] = shortId
    posting.frequencies[i++] = Math.min(tf, 0xffff)
  })
  const bytes = freqs.size * 6
  const budget = cols.ix.documentCount * POSTING_BYTES_PER_DOC
  // Full: start again with the terms searched from now on (recent searches are the ones repeated).
  if (cols.postings.bytes + bytes > budget) cols.postings = { byTerm: new WeakMap(), bytes: 0 }
  if (bytes <= budget) {
    cols.postings.byTerm.set(freqs, posting)
    cols.postings.bytes += bytes
  }
  return posting
}
const POSTING_BYTES_PER_DOC = 256

// Per-document accumulators, shared by every query (one runs at a time on a thread) and cleared
// after each through the ids it touched: a query no longer allocates and zeroes them per shard.
let scratch = {
  score: new Float64Array(0),
  leafMask: new Uint32Array(0),
  wordMask: new Uint32Array(0),
  // 0: not seen yet, 1: kept, 2: filtered out or discarded.
  state: new Uint8Array(0),
  seen: new Uint32Array(0),
}

function scratchFor(size: number) {
  if (scratch.score.length < size) {
    const n = Math.ceil(size * 1.25)
    scratch = {
      score: new Float64Array(n),
      leafMask: new Uint32Array(n),
      wordMask: new Uint32Array(n),
      state: new Uint8Array(n),
      seen: new Uint32Array(n),
    }
  }
  return scratch
}

function details(
  shortId: number,
  mask: number,
  expansions: Expansion[],
  leaves: ReturnType<typeof leavesOf>,
  fields: { name: string; id: number }[],
) {
  // A Map, not an object: "constructor" is a word one may search for.
  const match = new Map<string, string[]>()
  for (const e of expansions) {
    if (!(mask & (1 << e.leaf))) continue
    for (const f of fields) {
      if (!e.data.get(f.id)?.has(shortId)) continue
      const names = match.get(e.term) ?? match.set(e.term, []).get(e.term)!
      if (!names.includes(f.name)) names.push(f.name)
    }
  }
  const queryTerms = leaves.filter((_, i) => mask & (1 << i)).map((l) => l.term)
  return {
    terms: [...match.keys()],
    queryTerms: [...new Set(queryTerms)],
    match: Object.fromEntries(match),
  }
}

/** The result order: higher score first, and for equal scores the newer (higher) id, so pages never overlap. */
export function ranksBefore(
  a: { score: number; id: number },
  b: { score: number; id: number },
): boolean {
  return a.score > b.score || (a.score === b.score && a.id > b.id)
}

/** Inserts into a list sorted by score (then newer id), keeping its best `top`. */
export function insertSorted<T extends { score: number; id: number }>(
  best: T[],
  doc: T,
  top: number,
) {
  let i = best.length
  while (i > 0 && ranksBefore(doc, best[i - 1]!)) i--
  best.splice(i, 0, doc)
  if (best.length > top) best.pop()
}

function popcount(x: number): number {
  let n = 0
  for (; x; x &= x - 1) n++
  return n
}
