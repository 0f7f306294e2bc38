import { entitiesOf, UNCONFIRMED } from './analyze-doc.ts'
import { minhashSignature, MINHASH_SIZE, simhash, simhashWords, storyEntities } from './fingerprints.ts'
import { popcount32 } from './hash.ts'
import type { CompiledProfile } from './profile.ts'
import type { AnalyzedDoc } from './types.ts'

export interface ClusterOptions {
  /** Near-duplicates: simhash Hamming distance at most this (default 6). */
  maxHamming?: number
  /** Near-duplicates: estimated Jaccard of shingles at least this (default 0.5). */
  minShingleJaccard?: number
  /** Same-story articles are published within this many days of each other (default 3). */
  windowDays?: number
  /** Same story in one language: IDF-weighted cosine of title, lead and names at least this. */
  minSimilarity?: number
  /**
   * Same story across languages, compared on names, numbers and cognates: the story (the articles
   * of one language already joined) at least this close when one side has several articles...
   */
  minCrossSimilarity?: number
  /** ...and two lone articles at least this close (default 0.3). */
  minCrossPairSimilarity?: number
  /** Features found in more articles than this do not propose candidates (default max(50, 2% of docs)). */
  maxTokenDf?: number
  /** The sector's profile: its capitalised terms (LinkedIn, Threads...) are names even at a sentence's start. */
  profile?: CompiledProfile
}

export type ClusterDoc = AnalyzedDoc & { publishedAt: Date; simhash?: string }

const MIN_SHINGLES = 10
const BUCKET_CAP = 300
const LSH_ROWS = 4

/**
 * Article id -> story id (the smallest article id of its story). Near-duplicates are found by
 * banding simhash (pigeonhole: maxHamming + 1 bands) and MinHash over shingles (16 bands of 4);
 * same-story articles by blocking on shared title terms and entities (names, numbers) within the
 * time window, verified on entity and story-token Jaccard. Links are merged transitively.
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
  linkNearDuplicates(docs, opts, union)
  linkSameStories(docs, opts, find, union)

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
  union: (a: number, b: number) => void,
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
  forPairs(buckets, (a, b) => distance(a, b) <= maxHamming && union(a, b))

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
  forPairs(lsh, (a, b) => estimate(a, b) >= minJaccard && union(a, b))
}

// IDF is computed over the docs given; a small batch (a test, a new sector) would make every
// feature look common, so the corpus counts as at least this many documents.
const MIN_CORPUS = 1000
// A title term says more about the story than one term of the lead.
const TITLE_WEIGHT = 2
const LEAD_TERMS = 100
const TERM = 0
const ENTITY = 1
const COGNATE = 2

interface StoryVector {
  ids: Int32Array
  weights: Float64Array
  /** Norms within a language (terms, names) and across languages (names, cognates). */
  norm: number
  crossNorm: number
}

function linkSameStories(
  docs: ClusterDoc[],
  opts: ClusterOptions,
  find: (i: number) => number,
  union: (a: number, b: number) => void,
) {
  const windowMs = (opts.windowDays ?? 3) * 86_400_000
  const minSim = opts.minSimilarity ?? 0.21
  const minCross = [opts.minCrossSimilarity ?? 0.12, opts.minCrossPairSimilarity ?? 0.3] as const
  const maxDf = opts.maxTokenDf ?? Math.max(50, Math.ceil(0.02 * docs.length))
  const names = knownNames(docs, opts.profile)
  const ids = new Map<string, number>()
  const kinds: number[] = []
  const idOf = (f: string) => {
    let id = ids.get(f)
    if (id === undefined) {
      ids.set(f, (id = ids.size))
      kinds.push(f[0] === 't' ? TERM : f[0] === 'e' ? ENTITY : COGNATE)
    }
    return id
  }
  const features = docs.map((d) => storyFeatures(d, names, idOf))
  const df = new Int32Array(ids.size)
  for (const f of features) for (const id of f.keys()) df[id]!++
  const n = Math.max(docs.length, MIN_CORPUS)
  const idf = Float64Array.from(df, (x) => Math.log(1 + n / x))
  const vectors = features.map((f) => vectorOf(f, idf, kinds))
  const times = docs.map((d) => d.publishedAt.getTime())

  const order = docs.map((_, i) => i).sort((a, b) => times[a]! - times[b]!)
  const postings = new Map<number, number[]>()
  const crossPairs: [number, number][] = []
  for (const i of order) {
    const shared = new Map<number, number>()
    for (const id of vectors[i]!.ids) {
      if (df[id]! > maxDf || df[id] === 1) continue
      const list = postings.get(id)
      if (!list) {
        postings.set(id, [i])
        continue
      }
      for (let p = list.length - 1; p >= 0 && times[i]! - times[list[p]!]! <= windowMs; p--)
        shared.set(list[p]!, (shared.get(list[p]!) ?? 0) + 1)
      list.push(i)
    }
    for (const [j, count] of shared) {
      if (count < 2) continue
      if (docs[i]!.lang !== docs[j]!.lang) {
        crossPairs.push([i, j])
        continue
      }
      const [a, b] = [vectors[i]!, vectors[j]!]
      const sim = dotProducts(a, b, kinds)[0] / (a.norm * b.norm)
      if (process.env.STORY_DEBUG) console.log(`pair ${docs[i]!.id} ${docs[j]!.id} same ${sim.toFixed(3)}`)
      if (sim >= minSim) union(i, j)
    }
  }
  linkAcrossLanguages(crossPairs, vectors, kinds, idf, find, union, minCross, docs)
}

/**
 * One article against another in the other language share little (names, numbers, cognates): too
 * little to tell two stories on one platform apart. A story told by several sources in a
 * language has a richer profile: what most of its articles name. Each side of a candidate pair is
 * its story as formed within its language (the articles of that language), compared on the share of
 * members naming each feature; at least one side must have several articles.
 */
function linkAcrossLanguages(
  pairs: [number, number][],
  vectors: StoryVector[],
  kinds: number[],
  idf: Float64Array,
  find: (i: number) => number,
  union: (a: number, b: number) => void,
  minSim: readonly [story: number, pair: number],
  docs: ClusterDoc[],
) {
  const members = new Map<number, number[]>()
  const rootOf = vectors.map((_, i) => find(i))
  for (const [i, j] of pairs) for (const k of [i, j]) members.set(rootOf[k]!, [])
  vectors.forEach((_, k) => members.get(rootOf[k]!)?.push(k))
  const profiles = new Map<string, Map<number, number>>()
  const profileOf = (k: number) => {
    const lang = docs[k]!.lang
    const key = `${rootOf[k]}:${lang}`
    let p = profiles.get(key)
    if (p) return p
    const group = members.get(rootOf[k]!)!.filter((m) => docs[m]!.lang === lang)
    p = new Map()
    for (const m of group) {
      const v = vectors[m]!
      v.ids.forEach((id, x) => {
        if (kinds[id] !== TERM) p!.set(id, (p!.get(id) ?? 0) + 1 / group.length)
      })
    }
    // A feature most of the story's articles share is its core; one article's aside is noise.
    for (const [id, share] of p) p.set(id, share * share * idf[id]!)
    profiles.set(key, p)
    return p
  }
  const links: [number, number][] = []
  for (const [i, j] of pairs) {
    const sizes = [i, j].map((k) => members.get(rootOf[k]!)!.filter((m) => docs[m]!.lang === docs[k]!.lang).length)
    const sim = cosine(profileOf(i), profileOf(j))
    if (process.env.STORY_DEBUG) console.log(`pair ${docs[i]!.id} ${docs[j]!.id} cross ${sim.toFixed(3)} ${sizes}`)
    if (sim >= (Math.max(...sizes) >= 2 ? minSim[0] : minSim[1])) links.push([i, j])
  }
  for (const [i, j] of links) union(i, j)
}

function cosine(a: Map<number, number>, b: Map<number, number>): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (const [id, w] of a) {
    na += w * w
    dot += w * (b.get(id) ?? 0)
  }
  for (const w of b.values()) nb += w * w
  return na && nb ? dot / Math.sqrt(na * nb) : 0
}

/** Names confirmed somewhere in the corpus (capitalised mid-sentence) or by the sector profile. */
function knownNames(docs: AnalyzedDoc[], profile?: CompiledProfile): Set<string> {
  const names = new Set<string>()
  for (const d of docs) for (const e of d.entities ?? []) if (!e.startsWith(UNCONFIRMED)) names.add(e)
  for (const terms of Object.values(profile?.terms ?? {}))
    for (const t of terms) for (const name of entitiesOf(t.display, '')) names.add(name)
  return names
}

/** Feature id -> weight factor: the title's and the lead's terms, and the article's entities. */
function storyFeatures(
  doc: AnalyzedDoc,
  names: ReadonlySet<string>,
  idOf: (feature: string) => number,
): Map<number, number> {
  const out = new Map<number, number>()
  for (let k = 0; k < Math.min(LEAD_TERMS, doc.bodyTerms.length); k++)
    out.set(idOf(`t:${doc.bodyTerms[k]}`), 1)
  for (const t of doc.titleTerms) out.set(idOf(`t:${t}`), TITLE_WEIGHT)
  for (const e of storyEntities(doc, names)) out.set(idOf(`e:${e}`), 1)
  const lead = doc.titleTerms.concat(doc.bodyTerms.slice(0, LEAD_TERMS))
  for (const t of lead) {
    const key = cognateKey(t)
    if (key) out.set(idOf(`c:${key}`), 1)
  }
  return out
}

// French and English stems of one Latin root often share their first letters once doubled
// letters are undone: "carrousel"/"carousel", "investiss"/"invest", "analyst"/"analyst".
const COGNATE_CHARS = 5
function cognateKey(term: string): string | null {
  if (term.length < COGNATE_CHARS || /\d/u.test(term)) return null
  return term.replace(/(.)\1/gu, '$1').slice(0, COGNATE_CHARS)
}

function vectorOf(features: Map<number, number>, idf: Float64Array, kinds: number[]): StoryVector {
  const ids = Int32Array.from(features.keys()).sort()
  const weights = Float64Array.from(ids, (id) => features.get(id)! * idf[id]!)
  let norm = 0
  let crossNorm = 0
  ids.forEach((id, k) => {
    if (kinds[id] !== COGNATE) norm += weights[k]! ** 2
    if (kinds[id] !== TERM) crossNorm += weights[k]! ** 2
  })
  return { ids, weights, norm: Math.sqrt(norm) || 1, crossNorm: Math.sqrt(crossNorm) || 1 }
}

/** Dot products of two vectors within a language (terms, names) and across (names, cognates). */
function dotProducts(a: StoryVector, b: StoryVector, kinds: number[]): [number, number] {
  let dot = 0
  let crossDot = 0
  for (let x = 0, y = 0; x < a.ids.length && y < b.ids.length; ) {
    if (a.ids[x]! < b.ids[y]!) x++
    else if (a.ids[x]! > b.ids[y]!) y++
    else {
      const p = a.weights[x]! * b.weights[y]!
      if (kinds[a.ids[x]!] !== COGNATE) dot += p
      if (kinds[a.ids[x]!] !== TERM) crossDot += p
      x++
      y++
    }
  }
  return [dot, crossDot]
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
