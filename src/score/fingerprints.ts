import { fmix32, hash32, popcount32 } from './hash.ts'
import type { AnalyzedDoc } from './types.ts'

export const MINHASH_SIZE = 64
// Copies share their opening; fingerprinting the first terms keeps 10,000 articles fast.
const SIMHASH_TERMS = 400
const MINHASH_TERMS = 600
const TITLE_SALT = 0x3c6ef372

const termHashes = new Map<string, number>()
function termHash(term: string): number {
  let h = termHashes.get(term)
  if (h === undefined) {
    if (termHashes.size >= 200_000) termHashes.clear()
    h = hash32(term)
    termHashes.set(term, h)
  }
  return h
}

/**
 * The features fingerprints read, as 32-bit hashes: the title's terms and the bigrams of the first
 * `bodyTerms` body terms (built from per-term hashes, not strings, for speed).
 */
export function shingleHashes(doc: AnalyzedDoc, bodyTerms: number): Uint32Array {
  const b = doc.bodyTerms
  const n = Math.min(b.length, bodyTerms)
  const out = new Uint32Array(doc.titleTerms.length + Math.max(0, n - 1))
  let k = 0
  for (const t of doc.titleTerms) out[k++] = fmix32(termHash(t) ^ TITLE_SALT)
  let prev = n ? termHash(b[0]!) : 0
  for (let i = 1; i < n; i++) {
    const next = termHash(b[i]!)
    out[k++] = fmix32(Math.imul(prev, 0x9e3779b1) ^ next)
    prev = next
  }
  return out
}

/** 64-bit simhash (16 hex digits) over shingles: near-identical texts differ in few bits. */
export function simhash(doc: AnalyzedDoc): string {
  const counts = new Int32Array(64)
  for (const h of shingleHashes(doc, SIMHASH_TERMS)) {
    const h2 = fmix32(h ^ 0x7f4a7c15)
    for (let bit = 0; bit < 32; bit++) {
      counts[bit]! += ((h >>> bit) & 1) * 2 - 1
      counts[bit + 32]! += ((h2 >>> bit) & 1) * 2 - 1
    }
  }
  let hi = 0
  let lo = 0
  for (let bit = 0; bit < 32; bit++) {
    if (counts[bit]! > 0) hi |= 1 << bit
    if (counts[bit + 32]! > 0) lo |= 1 << bit
  }
  return hex8(hi) + hex8(lo)
}

/** The simhash's two 32-bit halves. */
export function simhashWords(hex: string): [number, number] {
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8, 16), 16) >>> 0]
}

/** Number of differing bits of two simhashes. */
export function hamming(a: string, b: string): number {
  const [ah, al] = simhashWords(a)
  const [bh, bl] = simhashWords(b)
  return popcount32(ah ^ bh) + popcount32(al ^ bl)
}

/**
 * MinHash signature (MINHASH_SIZE values, 0xffffffff for an empty bin) over the same shingles as
 * simhash; the share of equal values estimates the shingles' Jaccard. One-permutation MinHash:
 * each shingle is hashed once and falls in a bin by its low bits, a bin keeps its smallest value;
 * as good as MINHASH_SIZE hash functions on texts of more than a few dozen terms, and far cheaper.
 */
export function minhashSignature(doc: AnalyzedDoc): number[] {
  const sig = new Array<number>(MINHASH_SIZE).fill(0xffffffff)
  for (const h of shingleHashes(doc, MINHASH_TERMS)) {
    const bin = h & (MINHASH_SIZE - 1)
    const v = h >>> 6
    if (v < sig[bin]!) sig[bin] = v
  }
  return sig
}

/**
 * What identifies a story: the title's terms and the article's names and numbers (entities are
 * language-neutral, so "Meta lance Threads" and "Meta launches Threads" share "meta", "thread").
 */
export function storyTokens(doc: AnalyzedDoc): string[] {
  const out = new Set<string>()
  for (const t of doc.titleTerms) out.add(`t:${t}`)
  for (const e of doc.entities ?? []) out.add(`e:${e}`)
  return [...out]
}

const hex8 = (x: number) => (x >>> 0).toString(16).padStart(8, '0')
