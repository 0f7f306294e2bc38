import { fmix32, hash32, popcount32 } from './hash.ts'
import { UNCONFIRMED } from './analyze-doc.ts'
import type { AnalyzedDoc } from './types.ts'

export const MINHASH_SIZE = 64
// Copies share their opening; fingerprinting the first terms keeps 10,000 articles fast.
const SIMHASH_TERMS = 400
const MINHASH_TERMS = 600
const TITLE_SALT = 0x3c6ef372

/**
 * The features fingerprints read, as 32-bit hashes: the title's terms and the bigrams of the first
 * `bodyTerms` body terms (combined from per-term hashes: hashing a short term is cheaper than
 * building a bigram string or a map lookup).
 */
export function shingleHashes(doc: AnalyzedDoc, bodyTerms: number): Uint32Array {
  const b = doc.bodyTerms
  const n = Math.min(b.length, bodyTerms)
  const out = new Uint32Array(doc.titleTerms.length + Math.max(0, n - 1))
  let k = 0
  for (const t of doc.titleTerms) out[k++] = fmix32(hash32(t) ^ TITLE_SALT)
  let prev = n ? hash32(b[0]!) : 0
  for (let i = 1; i < n; i++) {
    const next = hash32(b[i]!)
    out[k++] = fmix32(Math.imul(prev, 0x9e3779b1) ^ next)
    prev = next
  }
  return out
}

/** 64-bit simhash (16 hex digits) over shingles: near-identical texts differ in few bits. */
export function simhash(doc: AnalyzedDoc): string {
  // A histogram of the 16 nibbles' values, turned into 64 bit votes at the end: 16 increments per
  // shingle instead of 64.
  const hist = new Int32Array(16 * 16)
  for (const h of shingleHashes(doc, SIMHASH_TERMS)) {
    const h2 = fmix32(h ^ 0x7f4a7c15)
    for (let n = 0; n < 8; n++) {
      hist[n * 16 + ((h >>> (4 * n)) & 15)]!++
      hist[(n + 8) * 16 + ((h2 >>> (4 * n)) & 15)]!++
    }
  }
  let hi = 0
  let lo = 0
  for (let n = 0; n < 16; n++) {
    for (let b = 0; b < 4; b++) {
      let vote = 0
      for (let v = 0; v < 16; v++) vote += (v >>> b) & 1 ? hist[n * 16 + v]! : -hist[n * 16 + v]!
      if (vote <= 0) continue
      const bit = (n % 8) * 4 + b
      if (n < 8) hi |= 1 << bit
      else lo |= 1 << bit
    }
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
 * Names seen only at a sentence's start count when `names` (the corpus' known names) has them.
 */
export function storyTokens(doc: AnalyzedDoc, names?: ReadonlySet<string>): string[] {
  const out = new Set<string>()
  for (const t of doc.titleTerms) out.add(`t:${t}`)
  for (const e of storyEntities(doc, names)) out.add(`e:${e}`)
  return [...out]
}

/** The doc's entities, the unconfirmed ones kept only when `names` knows them. */
export function storyEntities(doc: AnalyzedDoc, names?: ReadonlySet<string>): string[] {
  const out: string[] = []
  for (const e of doc.entities ?? []) {
    if (!e.startsWith(UNCONFIRMED)) out.push(e)
    else if (names?.has(e.slice(1))) out.push(e.slice(1))
  }
  return out
}

const hex8 = (x: number) => (x >>> 0).toString(16).padStart(8, '0')
