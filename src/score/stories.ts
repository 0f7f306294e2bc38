import { minhashSignature, MINHASH_SIZE, simhash, simhashWords } from './fingerprints.ts'
import { popcount32 } from './hash.ts'
import { linkSameStories, type SameStoryOptions } from './story-links.ts'
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
}

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
  linkNearDuplicates(docs, opts, find, union, fresh)
  linkSameStories(docs, opts, find, union, fresh)

  const storyOf = new Map<number, number>()
  docs.forEach((d, i) => {
    const root = find(i)
    storyOf.set(root, Math.min(storyOf.get(root) ?? Infinity, d.id))
  })
  return new Map(docs.map((d, i) => [d.id, storyOf.get(find(i))!]))
}

function linkNearDuplicates(
  docs: ClusterDoc[],
  opts: ClusterOptions,
  find: (i: number) => number,
  union: (a: number, b: number) => void,
  fresh: boolean[],
) {
  const maxHamming = opts.maxHamming ?? 6
  const minJaccard = opts.minShingleJaccard ?? 0.5
  const eligible = docs.map((d) => d.titleTerms.length + d.bodyTerms.length >= MIN_SHINGLES)
  const hashes = docs.map((d) => simhashWords(d.simhash ?? simhash(d)))
  const bands = maxHamming + 1
  const bits = (w: [number, number], band: number) => {
    const from = Math.floor((band * 64) / bands)
    const to = Math.floor(((band + 1) * 64) / bands)
    let v = 0
    for (let b = from; b < to; b++) v = v * 2 + ((b < 32 ? w[0] >>> b : w[1] >>> (b - 32)) & 1)
    return v
  }
  const buckets = new Map<string, number[]>()
  docs.forEach((_, i) => {
    if (!eligible[i]) return
    for (let band = 0; band < bands; band++) push(buckets, `${band}:${bits(hashes[i]!, band)}`, i)
  })
  const distance = (a: number, b: number) =>
    popcount32(hashes[a]![0] ^ hashes[b]![0]) + popcount32(hashes[a]![1] ^ hashes[b]![1])

  const sigs = docs.map((d, i) => (eligible[i] ? minhashSignature(d) : []))
  const lsh = new Map<string, number[]>()
  sigs.forEach((sig, i) => {
    for (let r = 0; r + LSH_ROWS <= sig.length; r += LSH_ROWS) {
      if (sig[r] === 0xffffffff) continue
      push(lsh, `${r}:${sig.slice(r, r + LSH_ROWS).join(',')}`, i)
    }
  })
  const estimate = (a: number, b: number) => {
    let same = 0
    for (let k = 0; k < MINHASH_SIZE; k++)
      if (sigs[a]![k] === sigs[b]![k] && sigs[a]![k] !== 0xffffffff) same++
    return same / MINHASH_SIZE
  }
  // Copies of copies need not be copies of each other (a wire story rewritten twice): a group takes
  // a newcomer only when it is near every member, at twice the distance or half the overlap.
  const isNear = (a: number, b: number) =>
    distance(a, b) <= 2 * maxHamming || estimate(a, b) >= minJaccard / 2
  const join = cohesiveUnion(docs.length, isNear, find, union)
  const compared = (a: number, b: number) => fresh[a] || fresh[b]
  forPairs(buckets, (a, b) => compared(a, b) && distance(a, b) <= maxHamming && join(a, b))
  forPairs(lsh, (a, b) => compared(a, b) && estimate(a, b) >= minJaccard && join(a, b))
}

/** union(a, b) only when every member of a's group is near every member of b's. */
function cohesiveUnion(
  n: number,
  near: (a: number, b: number) => boolean,
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
    for (const x of ma) for (const y of mb) if (x !== a || y !== b) if (!near(x, y)) return
    union(a, b)
    members.delete(ra)
    members.delete(rb)
    members.set(find(a), [...ma, ...mb])
  }
}

function push(map: Map<string, number[]>, key: string, i: number) {
  const list = map.get(key)
  if (list) list.push(i)
  else map.set(key, [i])
}

// A huge bucket means a degenerate hash (say, many empty texts): compare its first members only.
function forPairs(buckets: Map<string, number[]>, visit: (a: number, b: number) => unknown) {
  for (const list of buckets.values()) {
    const n = Math.min(list.length, BUCKET_CAP)
    for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) visit(list[x]!, list[y]!)
  }
}
