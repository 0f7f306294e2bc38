import type { Freqs, Internals } from './score.ts'
import type { DocTable } from './doc-table.ts'

/**
 * A shard's documents by MiniSearch short id, in typed arrays: what scoring, filters and facets read
 * for every matching document, without a Map lookup each. Rebuilt when the shard changes.
 */
export interface Columns {
  ix: Internals
  ids: Float64Array // NaN: no live document
  lengths: Float64Array[] // by field id
  publishedAt: Float64Array
  firstSeenAt: Float64Array
  feedId: Float64Array
  source: Uint32Array // codes into names.source
  lang: Uint32Array
  status: Uint32Array
  names: { source: string[]; lang: string[]; status: string[] }
  /** Postings of the terms searched so far, as arrays (score.ts): valid as long as these columns. */
  postings: { byTerm: WeakMap<Freqs, Posting>; bytes: number }
}

/** One term's documents in one field, with the term's frequency in each. */
export interface Posting {
  shortIds: Uint32Array
  frequencies: Uint16Array
}

const cache = new WeakMap<object, { stamp: string; cols: Columns }>()

/** The columns of a shard's index (`owner`: its MiniSearch or packed index, whose internals are `ix`). */
export function columnsOf(owner: object, ix: Internals, docs: DocTable): Columns {
  // add() takes a new short id; discard() lowers the count; either changes the stamp.
  const stamp = `${ix.nextId}/${ix.documentCount}/${docs.size}`
  const hit = cache.get(owner)
  if (hit?.stamp === stamp) {
    hit.cols.ix = ix
    return hit.cols
  }
  const n = ix.nextId
  const fieldCount = Object.keys(ix.fieldIds).length
  const cols: Columns = {
    ix,
    ids: new Float64Array(n).fill(NaN),
    lengths: Array.from({ length: fieldCount }, () => new Float64Array(n)),
    publishedAt: new Float64Array(n),
    firstSeenAt: new Float64Array(n),
    feedId: new Float64Array(n),
    source: new Uint32Array(n),
    lang: new Uint32Array(n),
    status: new Uint32Array(n),
    names: { source: [], lang: [], status: [] },
    postings: { byTerm: new WeakMap(), bytes: 0 },
  }
  const codes = {
    source: new Map<string, number>(),
    lang: new Map<string, number>(),
    status: new Map<string, number>(),
  }
  const code = (kind: keyof typeof codes, value: string) => {
    let c = codes[kind].get(value)
    if (c === undefined) {
      c = cols.names[kind].push(value) - 1
      codes[kind].set(value, c)
    }
    return c
  }
  for (const [shortId, id] of ix.documentIds) {
    const meta = docs.get(id)
    if (!meta) continue
    cols.ids[shortId] = id
    const lengths = ix.fieldLength.get(shortId)!
    for (let f = 0; f < fieldCount; f++) cols.lengths[f]![shortId] = lengths[f] ?? 0
    cols.publishedAt[shortId] = meta.publishedAt
    cols.firstSeenAt[shortId] = meta.firstSeenAt
    cols.feedId[shortId] = meta.feedId
    cols.source[shortId] = code('source', meta.source)
    cols.lang[shortId] = code('lang', meta.lang ?? 'unknown')
    cols.status[shortId] = code('status', meta.status)
  }
  cache.set(owner, { stamp, cols })
  return cols
}
