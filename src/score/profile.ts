import { analyze, type AnalyzerLang, termOf, words } from '../search/analyzer.ts'

// The defaults and bound of src/sectors (FRESHNESS_WEIGHT_MAX), restated here so that a profile
// from anywhere (a form, an old saved JSON) is bounded the same way.
export const FRESH_SPAN_DEFAULT = 0.15
export const FRESH_SPAN_MAX = 0.3

export interface ProfileInput {
  topics: { name: string; weight: number; terms: string[] }[]
  excluded: string[]
  halfLifeHours: number
  /** Share of its score an old article loses; FRESH_SPAN_DEFAULT when absent, never above FRESH_SPAN_MAX. */
  freshnessWeight?: number
}

/** A profile term or phrase as analysed terms, per analyser language. */
export interface CompiledTerm {
  /** Index into CompiledProfile.topics, or -1 for an excluded term. */
  topic: number
  display: string
  seq: string[]
  /** seq joined by spaces: the term as the explanation shows it. */
  key: string
}

type PhraseIndex = Map<string, CompiledTerm[]>

export interface CompiledProfile {
  topics: { name: string; weight: number }[]
  /** The heaviest topic's weight: a sector weighting 1..3 and one weighting 2..6 score alike. */
  maxWeight: number
  halfLifeHours: number
  freshnessWeight: number
  terms: Record<AnalyzerLang, CompiledTerm[]>
  /** First analysed term -> the terms and phrases starting with it, for one pass over a document. */
  index: Record<AnalyzerLang, PhraseIndex>
}

/** Analyses every topic term and excluded term in French and in English, for matching articles of either. */
export function compileProfile(profile: ProfileInput): CompiledProfile {
  const terms: Record<AnalyzerLang, CompiledTerm[]> = { fr: [], en: [] }
  for (const lang of ['fr', 'en'] as const) {
    // Terms that analyse alike ("community manager", "community management") count once, shown
    // by the shorter spelling.
    const seen = new Map<string, CompiledTerm>()
    const add = (topic: number, display: string) => {
      const seq = analyzeTerm(display, lang)
      if (!seq) return
      const key = `${topic}|${seq.join(' ')}`
      const known = seen.get(key)
      if (known && known.display.length > display.length) known.display = display
      if (known) return
      const term = { topic, display, seq, key: seq.join(' ') }
      seen.set(key, term)
      terms[lang].push(term)
    }
    profile.topics.forEach((t, i) => t.terms.forEach((term) => add(i, term)))
    profile.excluded.forEach((term) => add(-1, term))
  }
  const weights = profile.topics.map((t) => t.weight)
  const maxWeight = Math.max(1e-9, ...weights)
  return {
    topics: profile.topics.map((t) => ({ name: t.name, weight: t.weight })),
    maxWeight,
    halfLifeHours: profile.halfLifeHours,
    freshnessWeight: Math.min(
      FRESH_SPAN_MAX,
      Math.max(0, profile.freshnessWeight ?? FRESH_SPAN_DEFAULT),
    ),
    terms,
    index: { fr: indexOf(terms.fr), en: indexOf(terms.en) },
  }
}

/**
 * A term's analysed sequence in one language, or null when analysis empties it or strips most of
 * it ("For You page" in English is just "page": matching that would be noise). A term left with
 * one of its several words is another word ("rolls out" is not "roll"); a compound that lost a part
 * ("start-up", whose "up" English drops) is matched as one word ("startup") instead.
 */
function analyzeTerm(term: string, lang: AnalyzerLang): string[] | null {
  const seq = analyzeWords(term, lang)
  if (seq?.length !== 1 || words(term).filter((w) => w.length >= 2).length < 2) return seq
  if (!/^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+$/u.test(term.trim())) return null
  const joined = termOf(term.trim().replaceAll('-', '').toLowerCase(), lang)
  return joined ? [joined] : null
}

function analyzeWords(term: string, lang: AnalyzerLang): string[] | null {
  // A capitalised word is a name ("Meta AI"): if this language drops it as a stop word ("ai" in
  // French), the rest would match far more than the name ("Meta" alone), so the term is left out here.
  for (const w of term.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (/\p{Lu}/u.test(w) && termOf(w.toLowerCase(), lang) === null) return null
  }
  const seq = analyze(term, lang)
  const content = words(term).filter((w) => w.length >= 2).length
  if (seq.length === 0 || seq.length * 2 < content) return null
  return seq
}

function indexOf(terms: CompiledTerm[]): PhraseIndex {
  const index: PhraseIndex = new Map()
  for (const t of terms) {
    const list = index.get(t.seq[0]!)
    if (list) list.push(t)
    else index.set(t.seq[0]!, [t])
  }
  return index
}

/** How often each profile term occurs as a sequence of consecutive analysed terms. */
export function countMatches(index: PhraseIndex, terms: string[]): Map<CompiledTerm, number> {
  const counts = new Map<CompiledTerm, number>()
  for (let i = 0; i < terms.length; i++) {
    const starting = index.get(terms[i]!)
    if (!starting) continue
    for (const t of starting) {
      if (!startsAt(terms, i, t.seq)) continue
      counts.set(t, (counts.get(t) ?? 0) + 1)
    }
  }
  return counts
}

function startsAt(terms: string[], i: number, seq: string[]): boolean {
  if (i + seq.length > terms.length) return false
  for (let j = 1; j < seq.length; j++) if (terms[i + j] !== seq[j]) return false
  return true
}
