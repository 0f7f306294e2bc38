import MiniSearch, { type AsPlainObject } from 'minisearch'
import type { AnalysedDoc } from './doc-terms.ts'
import { internalsOf } from './score.ts'
import { MINISEARCH_OPTIONS } from './mini-options.ts'

// MiniSearch's toJSON() turns every posting list into an object keyed by numeric strings, which is
// slow to stringify and slower to load (loadJSON parses every key back with parseInt): measured on
// 20k articles, 3.2 s to stringify and 0.9 s to parse and load, about as long as indexing again.
// This writes the same structures as flat number arrays (short ids delta-encoded), drops postings of
// discarded documents (a free vacuum), and loads them straight into Maps.
const CODEC = 1

export interface Encoded {
  codec: number
  fieldIds: Record<string, number>
  documentCount: number
  nextId: number
  averageFieldLength: number[]
  /** [shortId, id, length of field 0, ..., length of field n-1] per document, flattened */
  docs: number[]
  terms: string[]
  /** per term: [fieldId, count, shortId delta, term frequency, ...] per field, flattened */
  postings: number[][]
}

/** One shard's MiniSearch index as a JSON string. */
export function encodeIndex(ms: MiniSearch<AnalysedDoc>): string {
  const ix = internalsOf(ms)
  const fieldCount = Object.keys(ix.fieldIds).length
  const docs: number[] = []
  for (const [shortId, id] of ix.documentIds) {
    const lengths = ix.fieldLength.get(shortId) ?? []
    docs.push(shortId, id)
    for (let f = 0; f < fieldCount; f++) docs.push(lengths[f] ?? 0)
  }
  const terms: string[] = []
  const postings: number[][] = []
  for (const [term, data] of ix.tree as unknown as Iterable<
    [string, Map<number, Map<number, number>>]
  >) {
    const out: number[] = []
    for (const [fieldId, freqs] of data) {
      const live = [...freqs.keys()].filter((s) => ix.documentIds.has(s)).sort((a, b) => a - b)
      if (!live.length) continue
      out.push(fieldId, live.length)
      let prev = 0
      for (const s of live) {
        out.push(s - prev, freqs.get(s)!)
        prev = s
      }
    }
    if (!out.length) continue
    terms.push(term)
    postings.push(out)
  }
  const encoded: Encoded = {
    codec: CODEC,
    fieldIds: ix.fieldIds,
    documentCount: ix.documentCount,
    nextId: ix.nextId,
    averageFieldLength: ix.avgFieldLength,
    docs,
    terms,
    postings,
  }
  return JSON.stringify(encoded)
}

/** The MiniSearch index of encodeIndex()'s output; throws on anything malformed. */
export function decodeIndex(json: string): MiniSearch<AnalysedDoc> {
  return miniSearchOf(parseIndex(json))
}

/** encodeIndex()'s output as arrays, checked; throws on anything malformed. */
export function parseIndex(json: string): Encoded {
  const e = JSON.parse(json) as Encoded
  if (
    e?.codec !== CODEC ||
    !Array.isArray(e.docs) ||
    !Array.isArray(e.terms) ||
    e.terms.length !== e.postings?.length
  ) {
    throw new Error('unknown or damaged index encoding')
  }
  const fieldCount = MINISEARCH_OPTIONS.fields.length
  if (
    JSON.stringify(e.fieldIds) !==
    JSON.stringify(Object.fromEntries(MINISEARCH_OPTIONS.fields.map((f, i) => [f, i])))
  ) {
    throw new Error('index made with other fields')
  }
  if (e.docs.length / (2 + fieldCount) !== e.documentCount)
    throw new Error('index document count does not match')
  return e
}

/** MiniSearch's Maps, which miniSearchOf and a packed index's thaw fill. */
export interface MiniSearchMaps {
  _documentIds: Map<number, number>
  _idToShortId: Map<number, number>
  _fieldLength: Map<number, number[]>
  _index: { set(term: string, data: Map<number, Map<number, number>>): void }
}

/** A MiniSearch with the index's counters and empty Maps, to fill. */
export function emptyMiniSearch(
  e: Pick<Encoded, 'documentCount' | 'nextId' | 'fieldIds' | 'averageFieldLength'>,
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

/** A MiniSearch filled with the index's arrays. */
export function miniSearchOf(e: Encoded): MiniSearch<AnalysedDoc> {
  const fieldCount = MINISEARCH_OPTIONS.fields.length
  const { ms, maps: m } = emptyMiniSearch(e)
  const stride = 2 + fieldCount
  for (let i = 0; i < e.docs.length; i += stride) {
    const shortId = e.docs[i]!
    const id = e.docs[i + 1]!
    m._documentIds.set(shortId, id)
    m._idToShortId.set(id, shortId)
    m._fieldLength.set(shortId, e.docs.slice(i + 2, i + stride))
  }
  if (m._documentIds.size !== e.documentCount)
    throw new Error('index document count does not match')
  for (let t = 0; t < e.terms.length; t++) {
    const p = e.postings[t]!
    const data = new Map<number, Map<number, number>>()
    for (let i = 0; i < p.length;) {
      const fieldId = p[i++]!
      const count = p[i++]!
      const freqs = new Map<number, number>()
      let shortId = 0
      for (let j = 0; j < count; j++) {
        shortId += p[i++]!
        freqs.set(shortId, p[i++]!)
      }
      data.set(fieldId, freqs)
    }
    m._index.set(e.terms[t]!, data)
  }
  return ms
}
