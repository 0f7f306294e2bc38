import type { AnalyzerLang } from '../search/analyzer.ts'
import { type CompiledProfile, type CompiledTerm, countMatches } from './profile.ts'
import type { RelatedTerms } from './expansion.ts'
import type { AnalyzedDoc, Explanation, TermMatch } from './types.ts'

/** Document frequencies of a sector's articles, for IDF; without it every term weighs the same. */
export interface DocFrequencies {
  docs: number
  df: Map<string, number>
  avgBodyTerms?: number
  /** The same counts within each analyser language. */
  byLang?: Partial<
    Record<AnalyzerLang, { docs: number; df: Map<string, number>; centroid?: Map<string, number> }>
  >
  /**
   * The mean of the articles' learning vectors (docVector), term by term: what an article of the
   * sector looks like to the learned model, the prior both of its classes shrink toward.
   */
  centroid?: Map<string, number>
  /** The profile's related terms found in these articles (relatedTerms), which match like weak profile terms. */
  related?: RelatedTerms
}

// BM25 per field: the body's term frequency saturates (k1, b as usual, length-normalised but
// never denser than half a title), the title's saturates at once (a title rarely repeats a term),
// and the title's part counts TITLE_BOOST times the body's.
export const TITLE_BOOST = 2.5
const K1 = 1.2
const K1_TITLE = 0.5
const B = 0.75
const MIN_BODY_NORM = 0.6
const DEFAULT_AVG_BODY = 400
// Topic score = 1 - exp(-sum / TOPIC_SAT): one mention gives ~0.35, three terms ~0.8.
const TOPIC_SAT = 2.5
// Profile score (shown) = 1 - exp(-strength / PROFILE_SAT), the same curve over all topics.
const PROFILE_SAT = 2.5
// Each excluded term (saturated like a match) multiplies the total by exp(-EXCLUDED_STRENGTH).
const EXCLUDED_STRENGTH = 0.9

export interface ProfileMatch {
  explained: Explanation['profile']
  /** Multiplier in (0, 1] from excluded terms. */
  exclusion: number
  /** The best topic's evidence before saturation: 1 is about one mention of a typical term. */
  evidence: number
  /**
   * All topics' evidence, each weighted relative to the profile's heaviest topic, never saturated
   * across terms (each term saturates on its own, as in BM25): what ranks articles.
   */
  strength: number
  /** Best matched terms first, for the card's reason. */
  highlights: { display: string; inTitle: boolean; contribution: number; rank: number }[]
}

/** The article against the profile's weighted topics, BM25F-style, mapped to [0, 1]. */
export function matchProfile(
  doc: AnalyzedDoc,
  profile: CompiledProfile,
  df?: DocFrequencies,
): ProfileMatch {
  const index = profile.index[doc.lang]
  const inTitle = countMatches(index, doc.titleTerms)
  const inBody = countMatches(index, doc.bodyTerms)
  const avg = df?.avgBodyTerms || DEFAULT_AVG_BODY
  const bodyNorm = Math.max(MIN_BODY_NORM, 1 - B + (B * doc.bodyTerms.length) / avg)

  const sums = new Array<number>(profile.topics.length).fill(0)
  const matched: [TermMatch, number][][] = profile.topics.map(() => [])
  const excluded: { display: string; count: number }[] = []
  let excludedSum = 0
  for (const term of inBody.keys()) if (!inTitle.has(term)) inTitle.set(term, 0)
  for (const [term, t] of inTitle) {
    const b = inBody.get(term) ?? 0
    const titlePart = TITLE_BOOST * saturate(t, K1_TITLE)
    const bodyPart = saturate(b / bodyNorm, K1)
    if (term.topic < 0) {
      excluded.push({ display: term.display, count: t + b })
      excludedSum += titlePart + bodyPart
      continue
    }
    const factor = idfOf(term.seq, df) * phraseFactor(term)
    sums[term.topic]! += (titlePart + bodyPart) * factor
    const list = matched[term.topic]!
    if (t)
      list.push([
        { term: term.key, display: term.display, where: 'title', count: t },
        titlePart * factor,
      ])
    if (b)
      list.push([
        { term: term.key, display: term.display, where: 'body', count: b },
        bodyPart * factor,
      ])
  }

  let strength = 0
  const topics: Explanation['profile']['topics'] = []
  const highlights: ProfileMatch['highlights'] = []
  profile.topics.forEach((topic, i) => {
    if (!sums[i]) return
    const score = 1 - Math.exp(-sums[i]! / TOPIC_SAT)
    strength += (topic.weight / profile.maxWeight) * sums[i]!
    const terms = matched[i]!.sort((a, b) => b[1] - a[1])
    highlights.push(...highlightsOf(terms, topic.weight * score))
    topics.push({
      name: topic.name,
      weight: topic.weight,
      score: round(score),
      terms: terms.map((m) => m[0]),
    })
  })
  const related = matchRelated(doc, df, bodyNorm)
  strength += related.strength
  topics.sort((a, b) => b.weight * b.score - a.weight * a.score)
  // Each topic's best term first, so that the card's reason shows the breadth of the match.
  highlights.sort((a, b) => a.rank - b.rank || b.contribution - a.contribution)
  const score = 1 - Math.exp(-strength / PROFILE_SAT)
  return {
    explained: {
      score: round(score),
      topics,
      excluded,
      ...(related.terms.length > 0 && { related: related.terms }),
    },
    exclusion: Math.exp(-EXCLUDED_STRENGTH * excludedSum),
    evidence: Math.max(0, ...sums),
    strength,
    highlights,
  }
}

function matchRelated(doc: AnalyzedDoc, df: DocFrequencies | undefined, bodyNorm: number) {
  const related = df?.related?.[doc.lang]
  const terms: TermMatch[] = []
  let strength = 0
  if (!related?.size) return { strength, terms }
  const counts = new Map<string, [number, number]>()
  for (const t of doc.titleTerms)
    if (related.has(t)) (counts.get(t) ?? counts.set(t, [0, 0]).get(t)!)[0]++
  for (const t of doc.bodyTerms)
    if (related.has(t)) (counts.get(t) ?? counts.set(t, [0, 0]).get(t)!)[1]++
  for (const [t, [inTitle, inBody]] of counts) {
    const part = TITLE_BOOST * saturate(inTitle, K1_TITLE) + saturate(inBody / bodyNorm, K1)
    strength += part * related.get(t)! * idfOf([t], df)
    if (inTitle) terms.push({ term: t, display: t, where: 'title', count: inTitle })
    if (inBody) terms.push({ term: t, display: t, where: 'body', count: inBody })
  }
  return { strength, terms }
}

// An article is on topic with at least one mention of a typical profile term and no exclusion
// weighing more than it: a lone generic word ("business" in a menu) is not enough.
const ON_TOPIC_EVIDENCE = 1
const ON_TOPIC_EXCLUSION = 0.5

/** Whether the article is about the sector at all: stories mixing such and other articles get no trend. */
export function isOnTopic(m: ProfileMatch) {
  return m.evidence >= ON_TOPIC_EVIDENCE && m.exclusion >= ON_TOPIC_EXCLUSION
}

function highlightsOf(
  terms: [TermMatch, number][],
  topicShare: number,
): ProfileMatch['highlights'] {
  const byDisplay = new Map<string, ProfileMatch['highlights'][number]>()
  for (const [m, contribution] of terms) {
    const h = byDisplay.get(m.display) ?? {
      display: m.display,
      inTitle: false,
      contribution: 0,
      rank: 0,
    }
    h.inTitle ||= m.where === 'title'
    h.contribution += contribution * topicShare
    byDisplay.set(m.display, h)
  }
  const list = [...byDisplay.values()].sort((a, b) => b.contribution - a.contribution)
  list.forEach((h, i) => (h.rank = Math.min(i, 1)))
  return list
}

const saturate = (tf: number, k1: number) => (tf * (k1 + 1)) / (tf + k1)

// A phrase is more specific than a word: "taux d'engagement" says more than "engagement".
function phraseFactor(term: CompiledTerm): number {
  return Math.min(1.5, 1 + 0.25 * (term.seq.length - 1))
}

// IDF relative to a term present in 5% of articles (factor 1), clamped so no term dominates or vanishes.
function idfOf(seq: string[], df: DocFrequencies | undefined): number {
  if (!df || df.docs < 20) return 1
  const n = df.docs
  const rarest = Math.min(...seq.map((s) => df.df.get(s) ?? 0))
  const idf = Math.log(1 + (n - rarest + 0.5) / (rarest + 0.5))
  const ref = Math.log(1 + (n - 0.05 * n + 0.5) / (0.05 * n + 0.5))
  return Math.min(1.5, Math.max(0.3, idf / ref))
}

export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits
