import { entitiesOf, UNCONFIRMED } from './analyze-doc.ts'
import { storyEntities } from './fingerprints.ts'
import type { CompiledProfile } from './profile.ts'
import type { AnalyzedDoc } from './types.ts'

export interface SameStoryOptions {
  /** Same-story articles are published within this many days of each other (default 3). */
  windowDays?: number
  /** Same story in one language: IDF-weighted cosine of title, lead and names (default 0.21). */
  minSimilarity?: number
  /**
   * Same story across languages, on names, numbers and cognates: a story (the articles of one
   * language already joined) this close when one side has several articles (default 0.105)...
   */
  minCrossSimilarity?: number
  /** ...and two lone articles this close: a pair alone is scant evidence (default 0.3). */
  minCrossPairSimilarity?: number
  /** Features found in more articles than this propose no candidates (default max(50, 2% of docs)). */
  maxTokenDf?: number
  /** The sector's profile: its capitalised terms (LinkedIn, Threads) are names at a sentence's start too. */
  profile?: CompiledProfile
}

type StoryDoc = AnalyzedDoc & { publishedAt: Date }

// IDF over a small batch (a test, a new sector) would make every feature look common: the corpus
// counts as at least this many documents.
const MIN_CORPUS = 1000
// A title term says more about the story than one term of the lead.
const TITLE_WEIGHT = 2
const LEAD_TERMS = 100
// Candidates come from the title, the names and the lead's first terms; the rest only scores them.
const KEY_LEAD_TERMS = 20
const TERM = 0
const ENTITY = 1
const COGNATE = 2
// French and English stems of one Latin root often share their first letters once doubled
// letters are undone: "carrousel"/"carousel", "investiss"/"invest", "analyst"/"analyst".
const COGNATE_CHARS = 5

interface StoryVector {
  ids: Int32Array
  weights: Float64Array
  /** Norms within a language (terms, names) and across languages (names, cognates). */
  norm: number
  crossNorm: number
}

/**
 * Links articles of one story: candidates share two blocking features (title terms, names,
 * numbers, the lead's first terms) within the time window, then are verified on the IDF-weighted
 * cosine of title, lead and names (same language) or on the stories' names and cognates (across).
 */
export function linkSameStories(
  docs: StoryDoc[],
  opts: SameStoryOptions,
  find: (i: number) => number,
  union: (a: number, b: number) => void,
): void {
  const windowMs = (opts.windowDays ?? 3) * 86_400_000
  const minSim = opts.minSimilarity ?? 0.21
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
  for (const f of features) for (const id of f.weights.keys()) df[id]!++
  const n = Math.max(docs.length, MIN_CORPUS)
  const idf = Float64Array.from(df, (x) => Math.log(1 + n / x))
  const vectors = features.map((f) => vectorOf(f.weights, idf, kinds))
  const times = docs.map((d) => d.publishedAt.getTime())

  const order = docs.map((_, i) => i).sort((a, b) => times[a]! - times[b]!)
  const postings = new Map<number, number[]>()
  const crossPairs: [number, number][] = []
  for (const i of order) {
    const shared = new Map<number, number>()
    for (const id of features[i]!.keys) {
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
      if (docs[i]!.lang !== docs[j]!.lang) crossPairs.push([i, j])
      else if (cosine(vectors[i]!, vectors[j]!, kinds, COGNATE) >= minSim) union(i, j)
    }
  }
  const cross = {
    story: opts.minCrossSimilarity ?? 0.105,
    pair: opts.minCrossPairSimilarity ?? 0.3,
  }
  const links = crossLinks(crossPairs, docs, vectors, kinds, idf, find, cross)
  for (const [i, j] of links) union(i, j)
}

/**
 * An article and one in another language share little (names, numbers, cognates): too little to
 * tell two stories on one platform apart. A story told by several sources of a language says more:
 * what most of its articles name. So each side of a cross-language candidate is its story as
 * joined within its language, weighted by the square of the share of articles naming a feature.
 */
function crossLinks(
  pairs: [number, number][],
  docs: StoryDoc[],
  vectors: StoryVector[],
  kinds: number[],
  idf: Float64Array,
  find: (i: number) => number,
  min: { story: number; pair: number },
): [number, number][] {
  const groupOf = (k: number) => `${find(k)}:${docs[k]!.lang}`
  const groups = new Map<string, { members: number[]; profile?: Map<number, number> }>()
  for (const [i, j] of pairs) for (const k of [i, j]) groups.set(groupOf(k), { members: [] })
  docs.forEach((_, k) => groups.get(groupOf(k))?.members.push(k))
  const profileOf = (key: string) => {
    const group = groups.get(key)!
    if (group.profile) return group.profile
    const share = new Map<number, number>()
    for (const m of group.members)
      for (const id of vectors[m]!.ids)
        if (kinds[id] !== TERM) share.set(id, (share.get(id) ?? 0) + 1 / group.members.length)
    group.profile = new Map([...share].map(([id, s]) => [id, s * s * idf[id]!]))
    return group.profile
  }
  const links: [number, number][] = []
  const seen = new Set<string>()
  for (const [i, j] of pairs) {
    const [a, b] = [groupOf(i), groupOf(j)]
    if (seen.has(`${a}|${b}`)) continue
    seen.add(`${a}|${b}`)
    const several = groups.get(a)!.members.length > 1 || groups.get(b)!.members.length > 1
    if (mapCosine(profileOf(a), profileOf(b)) >= (several ? min.story : min.pair))
      links.push([i, j])
  }
  return links
}

/** Names confirmed somewhere in the corpus (capitalised mid-sentence) or by the sector profile. */
function knownNames(docs: AnalyzedDoc[], profile?: CompiledProfile): Set<string> {
  const names = new Set<string>()
  for (const d of docs)
    for (const e of d.entities ?? []) if (!e.startsWith(UNCONFIRMED)) names.add(e)
  for (const terms of Object.values(profile?.terms ?? {}))
    for (const t of terms)
      for (const name of entitiesOf('', t.display)) names.add(name.replace(UNCONFIRMED, ''))
  return names
}

/**
 * Feature id -> weight factor: the title's and the lead's terms, the article's entities, and the
 * cognates of its title and lead; plus the few features that propose candidates (blocking keys).
 */
function storyFeatures(
  doc: AnalyzedDoc,
  names: ReadonlySet<string>,
  idOf: (feature: string) => number,
): { weights: Map<number, number>; keys: number[] } {
  const weights = new Map<number, number>()
  const keys = new Set<number>()
  const lead = doc.bodyTerms.slice(0, LEAD_TERMS)
  const add = (feature: string, weight: number, key: boolean) => {
    const id = idOf(feature)
    weights.set(id, Math.max(weight, weights.get(id) ?? 0))
    if (key) keys.add(id)
  }
  lead.forEach((t, k) => add(`t:${t}`, 1, k < KEY_LEAD_TERMS))
  for (const t of doc.titleTerms) add(`t:${t}`, TITLE_WEIGHT, true)
  for (const e of storyEntities(doc, names)) add(`e:${e}`, 1, true)
  doc.titleTerms.concat(lead).forEach((t, k) => {
    const cognate = cognateKey(t)
    if (cognate) add(`c:${cognate}`, 1, k < doc.titleTerms.length)
  })
  return { weights, keys: [...keys] }
}

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

/** Cosine of two vectors over the features of every kind but `without`. */
function cosine(a: StoryVector, b: StoryVector, kinds: number[], without: number): number {
  let dot = 0
  for (let x = 0, y = 0; x < a.ids.length && y < b.ids.length;) {
    if (a.ids[x]! < b.ids[y]!) x++
    else if (a.ids[x]! > b.ids[y]!) y++
    else {
      if (kinds[a.ids[x]!] !== without) dot += a.weights[x]! * b.weights[y]!
      x++
      y++
    }
  }
  return without === COGNATE ? dot / (a.norm * b.norm) : dot / (a.crossNorm * b.crossNorm)
}

function mapCosine(a: Map<number, number>, b: Map<number, number>): number {
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
