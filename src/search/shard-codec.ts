import MiniSearch from 'minisearch'
import type { AnalysedDoc } from './doc-terms.ts'
import { type Internals, internalsOf } from './score.ts'
import { MINISEARCH_OPTIONS } from './mini-options.ts'

// MiniSearch's toJSON() turns every posting list into an object keyed by numeric strings, which is
// slow to stringify and slower to load (loadJSON parses every key back with parseInt): measured on
// 20k articles, 3.2 s to stringify and 0.9 s to parse and load, about as long as indexing again.
// This writes the same structures as flat number arrays (short ids delta-encoded), drops postings of
// discarded documents (a free vacuum); a shard reads them back into typed arrays (packed-index.ts).
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

/**
 * A shard's index as one array of numbers in the file's layout: what both its file's text and a
 * packed index are made of. Term t's numbers are termStart[t] to termStart[t + 1] - 1: runs of
 * [fieldId, count, count x (short id delta, term frequency)].
 */
export interface FlatIndex {
  head: EncodedHead
  numbers: Uint32Array
  termStart: Uint32Array
}

// Postings flattened, or numbers written as text, between two yields: tens of milliseconds.
const SLICE = 200_000

/** One shard's index as a JSON string. */
export function encodeIndex(index: MiniSearch<AnalysedDoc> | Internals): string {
  return runToEnd(textSteps(flattenNow(index), Infinity)).join('')
}

/** A shard's index, flat, at once. */
export function flattenNow(index: MiniSearch<AnalysedDoc> | Internals): FlatIndex {
  return runToEnd(flattenSteps(index, Infinity))
}

/**
 * The same in slices with a yield between them: a month of the 1M bench holds 11 million postings,
 * seconds of work. The caller must hold the index's writer lock, so that nothing is added meanwhile.
 */
export async function flattenIndex(
  index: MiniSearch<AnalysedDoc> | Internals,
  yieldNow: () => Promise<void>,
): Promise<FlatIndex> {
  return runInSlices(flattenSteps(index, SLICE), yieldNow)
}

/** The flat index as the shard file's terms line, in pieces, with yields between them. */
export async function indexText(flat: FlatIndex, yieldNow: () => Promise<void>): Promise<string[]> {
  return runInSlices(textSteps(flat, SLICE), yieldNow)
}

function* flattenSteps(
  index: MiniSearch<AnalysedDoc> | Internals,
  slice: number,
): Generator<void, FlatIndex> {
  const ix = index instanceof MiniSearch ? internalsOf(index) : index
  const fieldCount = Object.keys(ix.fieldIds).length
  const docs: number[] = []
  for (const [shortId, id] of ix.documentIds) {
    const lengths = ix.fieldLength.get(shortId) ?? []
    docs.push(shortId, id)
    for (let f = 0; f < fieldCount; f++) docs.push(lengths[f] ?? 0)
  }
  let numbers = new Uint32Array(1 << 16)
  const terms: string[] = []
  const starts: number[] = []
  let at = 0
  let done = 0
  // One term's live postings in one field; discarded ones are dropped (a free vacuum).
  const ids: number[] = []
  const tfs: number[] = []
  for (const [term, data] of ix.tree.atPrefix('')) {
    const start = at
    for (const [fieldId, freqs] of data) {
      ids.length = tfs.length = 0
      freqs.forEach((tf, shortId) => {
        if (!ix.documentIds.has(shortId)) return
        ids.push(shortId)
        tfs.push(tf)
      })
      if (!ids.length) continue
      if (at + 2 + 2 * ids.length > numbers.length) {
        const grown = new Uint32Array(Math.max(numbers.length * 2, at + 2 + 2 * ids.length))
        grown.set(numbers)
        numbers = grown
      }
      numbers[at++] = fieldId
      numbers[at++] = ids.length
      let prev = 0
      for (const i of sortedOrder(ids)) {
        numbers[at++] = ids[i]! - prev
        numbers[at++] = tfs[i]!
        prev = ids[i]!
      }
      done += ids.length
    }
    if (at === start) continue
    terms.push(term)
    starts.push(start)
    if (done >= slice) {
      done = 0
      yield
    }
  }
  starts.push(at)
  const head: EncodedHead = {
    codec: CODEC,
    fieldIds: ix.fieldIds,
    documentCount: ix.documentCount,
    nextId: ix.nextId,
    averageFieldLength: [...ix.avgFieldLength],
    docs,
    terms,
  }
  return { head, numbers: numbers.subarray(0, at), termStart: Uint32Array.from(starts) }
}

// MiniSearch's Maps and packed runs hold short ids in increasing order already (a new document takes
// the next one): sorted here only if that ever stops being so.
function sortedOrder(ids: number[]): Iterable<number> {
  for (let i = 1; i < ids.length; i++) {
    if (ids[i]! < ids[i - 1]!) return ids.map((_, j) => j).sort((a, b) => ids[a]! - ids[b]!)
  }
  return ids.keys()
}

// JSON.stringify of the Encoded object, key for key: `{...,"terms":[...],"postings":[[...],...]}`.
function* textSteps(flat: FlatIndex, slice: number): Generator<void, string[]> {
  const { numbers, termStart } = flat
  const head = JSON.stringify(flat.head)
  const parts = [head.slice(0, -1) + ',"postings":[']
  const terms = termStart.length - 1
  let piece: string[] = []
  let done = 0
  for (let t = 0; t < terms; t++) {
    piece.push('[' + numbers.subarray(termStart[t], termStart[t + 1]).join(',') + ']')
    done += termStart[t + 1]! - termStart[t]!
    if (done >= slice || t === terms - 1) {
      parts.push((t + 1 > piece.length ? ',' : '') + piece.join(','))
      piece = []
      done = 0
      yield
    }
  }
  parts.push(']}')
  return parts
}

/** Runs a generator of slices of work to its result, at once. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** The same with a yield between slices, so that requests get through meanwhile. */
export async function runInSlices<T>(
  steps: Generator<void, T>,
  yieldNow: () => Promise<void>,
): Promise<T> {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await yieldNow()
  }
}

export type EncodedHead = Omit<Encoded, 'postings'>

/**
 * encodeIndex()'s output with its postings as one array of numbers (term t's are termStart[t] to
 * termStart[t + 1] - 1), read off the text without a JS array per term: a month of the 1M bench
 * holds 23 million such numbers, whose arrays weighed about three times the typed one. Read as UTF-8
 * bytes (a shard file's), the postings are never decoded into a string at all.
 */
export function parseIndexFlat(json: string | Uint8Array): FlatIndex {
  return runToEnd(parseSteps(json, Infinity))
}

/** The same in slices with a yield between them: a month of the 1M bench is 68 MB of text. */
export function parseIndexFlatSliced(
  json: string | Uint8Array,
  yieldNow: () => Promise<void>,
  slice = SCAN_SLICE,
): Promise<FlatIndex> {
  return runInSlices(parseSteps(json, slice), yieldNow)
}

/** Bytes of postings read between two yields: tens of milliseconds. */
export const SCAN_SLICE = 4_000_000

function* parseSteps(json: string | Uint8Array, slice: number): Generator<void, FlatIndex> {
  const bytes =
    typeof json === 'string'
      ? Buffer.from(json, 'utf8')
      : Buffer.from(json.buffer, json.byteOffset, json.byteLength)
  // The last key. Inside a JSON string a quote is escaped: these bytes can only be the key itself.
  const key = ',"postings":'
  const at = bytes.indexOf(key)
  if (at < 0) throw new Error('unknown or damaged index encoding')
  const head = JSON.parse(utf8(bytes.subarray(0, at)) + '}') as EncodedHead
  checkHead(head)
  const from = at + key.length
  const counted = yield* scanPostings(bytes, from, null, null, slice)
  if (counted.terms !== head.terms.length) throw new Error('unknown or damaged index encoding')
  const numbers = new Uint32Array(counted.numbers)
  const termStart = new Uint32Array(counted.terms + 1)
  yield* scanPostings(bytes, from, numbers, termStart, slice)
  termStart[counted.terms] = counted.numbers
  return { head, numbers, termStart }
}

const [OPEN, CLOSE, COMMA, ZERO, NINE, BRACE] = ['[', ']', ',', '0', '9', '}'].map((c) =>
  c.charCodeAt(0),
)

/** Counts (no arrays given) or reads the postings: `[[n,n,...],[...],...]}` to the end of the bytes. */
function* scanPostings(
  bytes: Uint8Array,
  from: number,
  numbers: Uint32Array | null,
  termStart: Uint32Array | null,
  slice: number,
): Generator<void, { numbers: number; terms: number }> {
  const damaged = () => new Error(`damaged index encoding at byte ${i}`)
  let i = from
  let count = 0
  let terms = 0
  let sliceEnd = from + slice
  if (bytes[i++] !== OPEN) throw damaged()
  if (bytes[i] === CLOSE) i++
  else {
    for (;;) {
      if (i >= sliceEnd) {
        sliceEnd = i + slice
        yield
      }
      if (bytes[i++] !== OPEN) throw damaged()
      if (termStart) termStart[terms] = count
      terms++
      if (bytes[i] === CLOSE) i++
      else {
        for (;;) {
          let c = bytes[i]!
          if (c < ZERO || c > NINE) throw damaged()
          let n = 0
          do {
            n = n * 10 + (c - ZERO)
            c = bytes[++i]!
          } while (c >= ZERO && c <= NINE)
          if (n > 0xffffffff) throw damaged()
          if (numbers) numbers[count] = n
          count++
          i++
          if (c === CLOSE) break
          if (c !== COMMA) throw damaged()
        }
      }
      const c = bytes[i++]!
      if (c === CLOSE) break
      if (c !== COMMA) throw damaged()
    }
  }
  if (bytes[i++] !== BRACE || i !== bytes.length) throw damaged()
  return { numbers: count, terms }
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new Error('damaged index encoding: not UTF-8')
  }
}

function checkHead(e: EncodedHead) {
  if (e?.codec !== CODEC || !Array.isArray(e.docs) || !Array.isArray(e.terms)) {
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
}
