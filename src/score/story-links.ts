import { entitiesOf, UNCONFIRMED } from './analyze-doc.ts'
import { storyEntities } from './fingerprints.ts'
import type { CompiledProfile } from './profile.ts'
import type { AnalyzedDoc } from './types.ts'

export interface SameStoryOptions {
  /** Same-story articles are published within this many days of each other (default 3). */
  windowDays?: number
  /**
   * Same story in one language: IDF-weighted cosine of title, lead and names, between a story's
   * centroid and a newcomer's, and between the newcomer and each member (default 0.21)...
   */
  minSimilarity?: number
  /**
   * ...and between two lone articles: a pair alone is scant evidence, and articles on one subject
   * (a person, a company) but not one event share about as much as the weaker members of a story
   * (default 0.25).
   */
  minPairSimilarity?: number
  /**
   * Same story across languages, on names, numbers and cognates: a story (the articles of one
   * language already joined) this close when one side has several articles (default 0.105)...
   */
  minCrossSimilarity?: number
  /** ...and two lone articles this close: a pair alone is scant evidence (default 0.3). */
  minCrossPairSimilarity?: number
  /** Features found in more articles than this propose no candidates (default max(50, 2% of docs)). */
  maxTokenDf?: number
  /**
   * Nor do features found in more than this many articles of the time window before an article
   * (default 100): that names what a period is about, not one event, and scanning them made
   * candidates grow with the square of the corpus (at a million articles, minutes a pass).
   */
  maxWindowDf?: number
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
// Across languages a story's members share only names and cognates: each must be this share of
// the linking similarity from every member of the other language.
const CROSS_MEMBER_SHARE = 0.5

// An article's features as packed (id * 2 + 1 for a title term, sorted), each weighing its IDF,
// twice in the title: weights are read from the packed ids rather than kept, which at a large
// window spared a pass allocating two arrays an article.
interface StoryVector {
  packed: Int32Array
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
  fresh: boolean[],
  apart: (x: number, y: number) => boolean,
  cache: FeatureCache = createFeatureCache(),
): void {
  const windowMs = (opts.windowDays ?? 3) * 86_400_000
  const minSim = opts.minSimilarity ?? 0.21
  const maxDf = opts.maxTokenDf ?? Math.max(50, Math.ceil(0.02 * docs.length))
  const maxWindowDf = opts.maxWindowDf ?? 100
  const features = featuresOf(docs, knownNames(docs, opts.profile), cache)
  const { space } = cache
  const { kinds } = space
  const df = new Int32Array(kinds.length)
  for (const f of features) for (const packed of f.packed) df[packed >> 1]!++
  const n = Math.max(docs.length, MIN_CORPUS)
  const idf = Float64Array.from(df, (x) => Math.log(1 + n / x))
  const vectors = features.map((f) => vectorOf(f.packed, idf, kinds))
  const cosine = (a: StoryVector, b: StoryVector, without: number) =>
    cosineOf(a, b, idf, kinds, without)
  const times = docs.map((d) => d.publishedAt.getTime())

  const cross = {
    story: opts.minCrossSimilarity ?? 0.105,
    pair: opts.minCrossPairSimilarity ?? 0.3,
  }
  // Complete link: in one language, every member is as close to every other as the story's bar
  // (half of it let a story gather articles that each shared a little with its first one).
  const close = (x: number, y: number) =>
    apart(x, y)
      ? false
      : docs[x]!.lang === docs[y]!.lang
        ? cosine(vectors[x]!, vectors[y]!, COGNATE) >= minSim
        : cosine(vectors[x]!, vectors[y]!, TERM) >= CROSS_MEMBER_SHARE * cross.story
  const minPair = Math.max(minSim, opts.minPairSimilarity ?? 0.25)
  // A story grows on its centroid: what its members share, not what any one of them says.
  const centroidOf = (members: number[], lang: string | null) => {
    const sum = new Map<number, number>()
    for (const m of members) {
      if (docs[m]!.lang !== lang) continue
      const v = vectors[m]!
      for (const p of v.packed) {
        const id = p >> 1
        if (kinds[id] !== COGNATE) sum.set(id, (sum.get(id) ?? 0) + weightOf(p, idf) / v.norm)
      }
    }
    return sum
  }
  const enough = (a: number[], b: number[], i: number, j: number, similarity: number) =>
    a.length === 1 && b.length === 1
      ? similarity >= minPair
      : mapCosine(centroidOf(a, docs[i]!.lang), centroidOf(b, docs[j]!.lang)) >= minSim
  const join = cohesiveJoin(docs, close, windowMs, find, union)

  const order = docs.map((_, i) => i).sort((a, b) => times[a]! - times[b]!)
  // Per feature, the articles having it, and those of them not clustered before: an article
  // clustered before is compared only with these.
  const postings = new Map<number, number[]>()
  const freshPostings = new Map<number, number[]>()
  // Per feature, where its postings within the window start (articles come in time order).
  const windowStart = new Int32Array(kinds.length)
  const freshStart = new Int32Array(kinds.length)
  const crossPairs: [number, number][] = []
  const sharedWith = new Int32Array(docs.length)
  const touched: number[] = []
  const since = (list: number[], from: number, i: number) => {
    while (from < list.length && times[i]! - times[list[from]!]! > windowMs) from++
    return from
  }
  const incremental = fresh.includes(false)
  for (const i of order) {
    for (const id of features[i]!.keys) {
      if (df[id]! > maxDf || df[id] === 1) continue
      const list = postings.get(id) ?? postings.set(id, []).get(id)!
      const start = (windowStart[id] = since(list, windowStart[id]!, i))
      let [candidates, from] = [list, start]
      if (incremental) {
        const freshList = freshPostings.get(id) ?? freshPostings.set(id, []).get(id)!
        const freshFrom = (freshStart[id] = since(freshList, freshStart[id]!, i))
        if (fresh[i]) freshList.push(i)
        else [candidates, from] = [freshList, freshFrom]
      }
      if (list.length - start <= maxWindowDf)
        for (let p = candidates.length - 1; p >= from; p--)
          if (sharedWith[candidates[p]!]!++ === 0) touched.push(candidates[p]!)
      list.push(i)
    }
    for (const j of touched.splice(0)) {
      const count = sharedWith[j]!
      sharedWith[j] = 0
      if (count < 2) continue
      if (docs[i]!.lang !== docs[j]!.lang) crossPairs.push([i, j])
      else {
        const similarity = cosine(vectors[i]!, vectors[j]!, COGNATE)
        if (similarity >= minSim) join(i, j, (a, b) => enough(a, b, i, j, similarity))
      }
    }
  }
  // Cross-language candidates were judged on their stories' names already.
  const links = crossLinks(crossPairs, docs, vectors, kinds, idf, find, cross)
  for (const [i, j] of links) join(i, j, () => true)
}

/** A corpus' feature ids and each article's features, kept from one clustering to the next. */
export interface FeatureCache {
  readonly space: FeatureSpace
  readonly byDoc: Map<number, DocFeatures>
}

/** What is kept of an article from one clustering to the next, with the analysis it was taken from. */
export interface KeptPerArticle {
  titleTerms: string[]
  bodyTerms: string[]
}

/**
 * Each doc's entry in `kept` if it was taken from the same analysis (the very term lists: an
 * article analysed again, at a new version, has new ones) and `still` holds for it, or a new one
 * from `make`; `kept` then holds these docs' entries only.
 */
export function reuseKept<T extends KeptPerArticle>(
  docs: AnalyzedDoc[],
  kept: Map<number, T>,
  still: (entry: T, i: number) => boolean,
  make: (i: number) => T,
): T[] {
  const entries = docs.map((d, i) => {
    const hit = kept.get(d.id)
    const same = hit?.titleTerms === d.titleTerms && hit.bodyTerms === d.bodyTerms
    return same && still(hit, i) ? hit : make(i)
  })
  kept.clear()
  docs.forEach((d, i) => kept.set(d.id, entries[i]!))
  return entries
}

interface DocFeatures extends KeptPerArticle {
  /** The names they were taken with. */
  entities: string[]
  /** Features packed as id * 2 + 1 for a title term, sorted; and the blocking keys. */
  packed: Int32Array
  keys: Int32Array
}

export const createFeatureCache = (): FeatureCache => ({
  space: new FeatureSpace(),
  byDoc: new Map(),
})

/**
 * Each doc's features, from the cache while its analysis is the same and the corpus' known names
 * give it the same entities (a name first confirmed by a new article changes those it names).
 */
function featuresOf(docs: StoryDoc[], names: ReadonlySet<string>, cache: FeatureCache) {
  const entities = docs.map((d) => storyEntities(d, names))
  return reuseKept(
    docs,
    cache.byDoc,
    (hit, i) => sameList(hit.entities, entities[i]!),
    (i) => ({
      titleTerms: docs[i]!.titleTerms,
      bodyTerms: docs[i]!.bodyTerms,
      entities: entities[i]!,
      ...cache.space.featuresOf(docs[i]!, entities[i]!),
    }),
  )
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

/**
 * Joins the stories of i and j only if there is evidence enough for the two stories as they stand
 * (`enough`, given both member lists) and the result holds together as a whole (complete link):
 * every member within the time window of every other, and close enough to each of the other
 * story's members. Without it links chain: A~B and B~C made one story of unrelated A and C.
 */
function cohesiveJoin(
  docs: StoryDoc[],
  close: (x: number, y: number) => boolean,
  windowMs: number,
  find: (i: number) => number,
  union: (a: number, b: number) => void,
): (i: number, j: number, enough: (a: number[], b: number[]) => boolean) => void {
  const members = new Map<number, number[]>()
  docs.forEach((_, k) => {
    const root = find(k)
    const list = members.get(root)
    if (list) list.push(k)
    else members.set(root, [k])
  })
  return (i, j, enough) => {
    const [a, b] = [find(i), find(j)]
    if (a === b || !enough(members.get(a)!, members.get(b)!)) return
    const all = [...members.get(a)!, ...members.get(b)!]
    const times = all.map((k) => docs[k]!.publishedAt.getTime())
    if (Math.max(...times) - Math.min(...times) > windowMs) return
    for (const x of members.get(a)!) for (const y of members.get(b)!) if (!close(x, y)) return
    union(i, j)
    members.delete(a)
    members.delete(b)
    members.set(find(i), all)
  }
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
      for (const p of vectors[m]!.packed) {
        const id = p >> 1
        if (kinds[id] !== TERM) share.set(id, (share.get(id) ?? 0) + 1 / group.members.length)
      }
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
 * Interns a corpus' features as ids: the title's and the lead's terms (same language), the
 * entities, and the cognates of title and lead terms (across languages). Kept from pass to pass, it
 * keeps the ids of articles gone too: a clustering from scratch starts a new one.
 */
class FeatureSpace {
  readonly kinds: number[] = []
  private readonly ids = [new Map<string, number>(), new Map<string, number>()]
  private readonly termIds = new Map<string, [term: number, cognate: number]>()
  // Per id, the doc that last used it and where: dedupes a doc's features without a Map per doc.
  private readonly lastDoc: number[] = []
  private readonly slot: number[] = []
  private readonly lastKey: number[] = []
  private docs = 0

  /** A doc's features packed as id * 2 + 1 for a title term, sorted; and its blocking keys. */
  featuresOf(doc: AnalyzedDoc, entities: string[]): { packed: Int32Array; keys: Int32Array } {
    const docNo = ++this.docs
    const packed: number[] = []
    const keys: number[] = []
    const add = (id: number, title: boolean, key: boolean) => {
      if (this.lastDoc[id] !== docNo) {
        this.lastDoc[id] = docNo
        this.slot[id] = packed.length
        packed.push(id * 2 + (title ? 1 : 0))
      } else if (title) packed[this.slot[id]!]! |= 1
      if (key && this.lastKey[id] !== docNo) {
        this.lastKey[id] = docNo
        keys.push(id)
      }
    }
    const lead = Math.min(LEAD_TERMS, doc.bodyTerms.length)
    for (let k = 0; k < lead; k++) {
      const [term, cognate] = this.termOf(doc.bodyTerms[k]!)
      add(term, false, k < KEY_LEAD_TERMS)
      if (cognate >= 0) add(cognate, false, false)
    }
    for (const t of doc.titleTerms) {
      const [term, cognate] = this.termOf(t)
      add(term, true, true)
      if (cognate >= 0) add(cognate, false, true)
    }
    for (const e of entities) add(this.idOf(ENTITY, e), false, true)
    return { packed: Int32Array.from(packed).sort(), keys: Int32Array.from(keys) }
  }

  private termOf(term: string): [number, number] {
    let ids = this.termIds.get(term)
    if (!ids) {
      const cognate = cognateKey(term)
      ids = [this.idOf(TERM, term), cognate === null ? -1 : this.idOf(COGNATE, cognate)]
      this.termIds.set(term, ids)
    }
    return ids
  }

  private idOf(kind: number, feature: string): number {
    const map = this.ids[kind === ENTITY ? 0 : 1]!
    const key = kind === COGNATE ? `~${feature}` : feature
    let id = map.get(key)
    if (id === undefined) {
      map.set(key, (id = this.kinds.length))
      this.kinds.push(kind)
    }
    return id
  }
}

function cognateKey(term: string): string | null {
  if (term.length < COGNATE_CHARS || /\d/u.test(term)) return null
  return term.replace(/(.)\1/gu, '$1').slice(0, COGNATE_CHARS)
}

const weightOf = (packed: number, idf: Float64Array) =>
  (packed & 1 ? TITLE_WEIGHT : 1) * idf[packed >> 1]!

function vectorOf(packed: Int32Array, idf: Float64Array, kinds: number[]): StoryVector {
  let norm = 0
  let crossNorm = 0
  for (const p of packed) {
    const w = weightOf(p, idf)
    if (kinds[p >> 1] !== COGNATE) norm += w * w
    if (kinds[p >> 1] !== TERM) crossNorm += w * w
  }
  return { packed, norm: Math.sqrt(norm) || 1, crossNorm: Math.sqrt(crossNorm) || 1 }
}

/** Cosine of two vectors over the features of every kind but `without`. */
function cosineOf(
  a: StoryVector,
  b: StoryVector,
  idf: Float64Array,
  kinds: number[],
  without: number,
): number {
  let dot = 0
  for (let x = 0, y = 0; x < a.packed.length && y < b.packed.length;) {
    const ida = a.packed[x]! >> 1
    const idb = b.packed[y]! >> 1
    if (ida < idb) x++
    else if (ida > idb) y++
    else {
      if (kinds[ida] !== without) dot += weightOf(a.packed[x]!, idf) * weightOf(b.packed[y]!, idf)
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
