import { minhashSignature, MINHASH_SIZE, simhash, simhashWords } from './fingerprints.ts'
import { fmix32, popcount32 } from './hash.ts'
import {
  createFeatureCache,
  type FeatureCache,
  type KeptPerArticle,
  linkSameStories,
  reuseKept,
  type SameStoryOptions,
} from './story-links.ts'
import type { AnalyzedDoc } from './types.ts'

export interface ClusterOptions extends SameStoryOptions {
  /** Near-duplicates: simhash Hamming distance at most this (default 6). */
  maxHamming?: number
  /** Near-duplicates: estimated Jaccard of shingles at least this (default 0.5). */
  minShingleJaccard?: number
  /**
   * The stories of an earlier pass (article id -> story id) over most of these articles: they are
   * kept as they were, and only the articles not in it are compared, with each other and with the
   * rest. At a large window, a crawl's few new articles then cost what they add, not a reclustering.
   */
  previous?: ReadonlyMap<number, number>
  /**
   * What the passes before computed for each article (createStoryCache): its fingerprints and
   * story features are taken again from there while its analysis is the same (the same term lists).
   */
  cache?: StoryCache
  /**
   * Pairs of article ids the curator said are not the same story: never in one story, whatever
   * they share. An article kept in `previous` with a member it is now apart from is clustered again.
   */
  apart?: readonly (readonly [number, number])[]
}

/** Each article's fingerprints and story features, kept from one clustering to the next. */
export interface StoryCache {
  readonly fingerprints: Map<number, Fingerprint>
  readonly features: FeatureCache
}

export const createStoryCache = (): StoryCache => ({
  fingerprints: new Map(),
  features: createFeatureCache(),
})

export type ClusterDoc = AnalyzedDoc & { publishedAt: Date; simhash?: string }

const MIN_SHINGLES = 10
const BUCKET_CAP = 300
const LSH_ROWS = 4

/**
 * Article id -> story id (the smallest article id of its story). Near-duplicates are found by
 * banding simhash (pigeonhole: maxHamming + 1 bands) and MinHash over shingles (16 bands of 4);
 * same-story articles by blocking on shared title terms, lead terms and entities within the time
 * window, verified on IDF-weighted similarity (story-links.ts), across languages too. Links never
 * chain: a group of copies takes a newcomer near every copy, and a story one close to its centroid
 * and to every member; two lone articles need more than a story does to take one more.
 */
export function clusterStories(docs: ClusterDoc[], opts: ClusterOptions = {}): Map<number, number> {
  const parent = docs.map((_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  const union = (a: number, b: number) => {
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }
  const { previous } = opts
  const fresh = docs.map((d) => !previous?.has(d.id))
  const apart = apartOf(docs, opts.apart ?? [], previous, fresh)
  if (previous) {
    const firstOf = new Map<number, number>()
    docs.forEach((d, i) => {
      if (fresh[i]) return
      const story = previous.get(d.id)!
      const first = firstOf.get(story)
      if (first === undefined) firstOf.set(story, i)
      else union(first, i)
    })
  }
  linkNearDuplicates(docs, opts, find, union, fresh, apart)
  linkSameStories(docs, opts, find, union, fresh, apart, opts.cache?.features)

  const storyOf = new Map<number, number>()
  docs.forEach((d, i) => {
    const root = find(i)
    storyOf.set(root, Math.min(storyOf.get(root) ?? Infinity, d.id))
  })
  return new Map(docs.map((d, i) => [d.id, storyOf.get(find(i))!]))
}

/**
 * Whether two articles (indexes in docs) were kept apart by the curator. Both articles of a pair
 * that `previous` still has in one story are marked fresh, so that their story is formed again.
 */
function apartOf(
  docs: ClusterDoc[],
  pairs: readonly (readonly [number, number])[],
  previous: ReadonlyMap<number, number> | undefined,
  fresh: boolean[],
): (x: number, y: number) => boolean {
  if (!pairs.length) return () => false
  const partners = new Map<number, Set<number>>()
  const link = (a: number, b: number) =>
    (partners.get(a) ?? partners.set(a, new Set()).get(a)!).add(b)
  for (const [a, b] of pairs) {
    link(a, b)
    link(b, a)
  }
  const index = new Map<number, number>()
  docs.forEach((d, i) => partners.has(d.id) && index.set(d.id, i))
  for (const [a, b] of pairs) {
    const [i, j] = [index.get(a), index.get(b)]
    if (i === undefined || j === undefined) continue
    if (previous?.has(a) && previous.get(a) === previous.get(b)) fresh[i] = fresh[j] = true
  }
  return (x, y) => partners.get(docs[x]!.id)?.has(docs[y]!.id) ?? false
}

function linkNearDuplicates(
  docs: ClusterDoc[],
  opts: ClusterOptions,
  find: (i: number) => number,
  union: (a: number, b: number) => void,
  fresh: boolean[],
  apart: (x: number, y: number) => boolean,
) {
  const maxHamming = opts.maxHamming ?? 6
  const minJaccard = opts.minShingleJaccard ?? 0.5
  const prints = fingerprintsOf(docs, maxHamming + 1, opts.cache)
  const distance = (a: number, b: number) =>
    popcount32(prints[a]!.words[0] ^ prints[b]!.words[0]) +
    popcount32(prints[a]!.words[1] ^ prints[b]!.words[1])
  const estimate = (a: number, b: number) => {
    const [x, y] = [prints[a]!.signature, prints[b]!.signature]
    let same = 0
    for (let k = 0; k < MINHASH_SIZE; k++) if (x[k] === y[k] && x[k] !== EMPTY_BIN) same++
    return same / MINHASH_SIZE
  }
  // Copies of copies need not be copies of each other (a wire story rewritten twice): a group takes
  // a newcomer only when it is near every member, at twice the distance or half the overlap.
  const isNear = (a: number, b: number) =>
    distance(a, b) <= 2 * maxHamming || estimate(a, b) >= minJaccard / 2
  const join = cohesiveUnion(docs.length, isNear, apart, find, union)
  const compared = (a: number, b: number) => fresh[a] || fresh[b]
  const simhashBuckets = bucketsOf(
    prints.map((p) => p.bandKeys),
    fresh,
  )
  const minhashBuckets = bucketsOf(
    prints.map((p) => p.lshKeys),
    fresh,
  )
  forPairs(simhashBuckets, (a, b) => compared(a, b) && distance(a, b) <= maxHamming && join(a, b))
  forPairs(minhashBuckets, (a, b) => compared(a, b) && estimate(a, b) >= minJaccard && join(a, b))
}

const EMPTY_BIN = 0xffffffff

/** An article's fingerprints and the buckets they fall in, for the analysis they were taken from. */
interface Fingerprint extends KeptPerArticle {
  simhash: string | undefined
  bands: number
  words: [number, number]
  /** Simhash bands (pigeonhole: band b of the 64 bits) and MinHash bands (LSH_ROWS values each). */
  bandKeys: number[]
  lshKeys: number[]
  signature: Uint32Array
}

const NO_SIGNATURE = new Uint32Array(MINHASH_SIZE).fill(EMPTY_BIN)

function fingerprintsOf(
  docs: ClusterDoc[],
  bands: number,
  cache: StoryCache | undefined,
): Fingerprint[] {
  const make = (i: number) => fingerprintOf(docs[i]!, bands)
  if (!cache) return docs.map((_, i) => make(i))
  const still = (hit: Fingerprint, i: number) =>
    hit.simhash === docs[i]!.simhash && hit.bands === bands
  return reuseKept(docs, cache.fingerprints, still, make)
}

function fingerprintOf(d: ClusterDoc, bands: number): Fingerprint {
  const words = simhashWords(d.simhash ?? simhash(d))
  const print = {
    titleTerms: d.titleTerms,
    bodyTerms: d.bodyTerms,
    simhash: d.simhash,
    bands,
    words,
    bandKeys: [] as number[],
    lshKeys: [] as number[],
    signature: NO_SIGNATURE,
  }
  if (d.titleTerms.length + d.bodyTerms.length < MIN_SHINGLES) return print
  for (let band = 0; band < bands; band++) {
    const from = Math.floor((band * 64) / bands)
    const to = Math.floor(((band + 1) * 64) / bands)
    let v = 0
    for (let b = from; b < to; b++)
      v = v * 2 + ((b < 32 ? words[0] >>> b : words[1] >>> (b - 32)) & 1)
    print.bandKeys.push(band * 2 ** 16 + v)
  }
  print.signature = Uint32Array.from(minhashSignature(d))
  for (let r = 0; r + LSH_ROWS <= MINHASH_SIZE; r += LSH_ROWS) {
    if (print.signature[r] === EMPTY_BIN) continue
    // Two 32-bit hashes of the band's values as one safe integer: a collision (about 2^-52) only
    // adds a pair that the estimate then rejects.
    let [h1, h2] = [r + 1, ~r]
    for (let k = r; k < r + LSH_ROWS; k++) {
      h1 = fmix32(h1 ^ print.signature[k]!)
      h2 = fmix32(Math.imul(h2, 0x9e3779b1) ^ print.signature[k]!)
    }
    print.lshKeys.push(h1 * 2 ** 21 + (h2 >>> 11))
  }
  return print
}

/**
 * Bucket key -> its articles in order, for the keys of at least one article to compare (fresh):
 * the other buckets hold no pair to compare, and at a large window are most of them.
 */
function bucketsOf(keys: number[][], fresh: boolean[]): Map<number, number[]> {
  const wanted = new Set<number>()
  keys.forEach((list, i) => {
    if (fresh[i]) for (const k of list) wanted.add(k)
  })
  const buckets = new Map<number, number[]>()
  keys.forEach((list, i) => {
    for (const k of list) if (wanted.has(k)) push(buckets, k, i)
  })
  return buckets
}

/** union(a, b) only when every member of a's group is near every member of b's. */
function cohesiveUnion(
  n: number,
  near: (a: number, b: number) => boolean,
  apart: (a: number, b: number) => boolean,
  find: (i: number) => number,
  union: (a: number, b: number) => void,
) {
  const members = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const root = find(i)
    members.set(root, [...(members.get(root) ?? []), i])
  }
  return (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)]
    if (ra === rb) return
    const [ma, mb] = [members.get(ra)!, members.get(rb)!]
    for (const x of ma)
      for (const y of mb) if (apart(x, y) || ((x !== a || y !== b) && !near(x, y))) return
    union(a, b)
    members.delete(ra)
    members.delete(rb)
    members.set(find(a), [...ma, ...mb])
  }
}

function push(map: Map<number, number[]>, key: number, i: number) {
  const list = map.get(key)
  if (list) list.push(i)
  else map.set(key, [i])
}

// A huge bucket means a degenerate hash (say, many empty texts): compare its first members only.
function forPairs(buckets: Map<number, number[]>, visit: (a: number, b: number) => unknown) {
  for (const list of buckets.values()) {
    const n = Math.min(list.length, BUCKET_CAP)
    for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) visit(list[x]!, list[y]!)
  }
}
