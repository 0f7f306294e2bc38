import { stemmer as stemEnglish } from '@orama/stemmers/english'
import { stemmer as stemFrench } from '@orama/stemmers/french'
import { stopwords as englishStopwords } from '@orama/stopwords/english'
import { stopwords as frenchStopwords } from '@orama/stopwords/french'

export type AnalyzerLang = 'fr' | 'en'

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '')
const stop = {
  fr: new Set([...frenchStopwords, ...frenchStopwords.map(fold)]),
  en: new Set([...englishStopwords, ...englishStopwords.map(fold)]),
}
const stemmers = { fr: stemFrench, en: stemEnglish }

// French elided articles and pronouns glued to the next word: l'article, qu'elle, jusqu'au.
export const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/iu
/** A word: letters and digits, apostrophes inside (l'article, don't). */
export const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu

/** The analyser's language for an article or a sector: French first, English too; anything else is read as French. */
export function analyzerLang(lang: string | null | undefined): AnalyzerLang {
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'fr'
}

/** Lower-cased words of a text, elisions split off, in order (no stemming, no stop word removal). */
export function words(text: string): string[] {
  const out: string[] = []
  for (const m of text.normalize('NFC').toLowerCase().matchAll(WORD)) {
    const head = headOf(m[0])
    if (head) out.push(head)
  }
  return out
}

/** The word that a lower-cased match of WORD stands for: its elided article dropped, "don't" -> "don". */
function headOf(match: string): string {
  // Remaining apostrophes join words only in English contractions ("don't"): keep the head.
  return match.replace(ELISION, '').split(/['’]/u)[0]!
}

/** The word of one match of WORD in a text, as words() gives it ("L'Algorithme" -> "algorithme"). */
export function wordOf(match: string): string {
  return headOf(match.normalize('NFC').toLowerCase())
}

// Stemming dominates analysis time and a sector's vocabulary is small: remember each word's term.
const memo = { fr: new Map<string, string | null>(), en: new Map<string, string | null>() }
const MEMO_MAX = 200_000

function computeTerm(word: string, lang: AnalyzerLang): string | null {
  if (stop[lang].has(word) || stop[lang].has(fold(word))) return null
  if (word.length === 1 && !/\d/.test(word)) return null
  return fold(stemmers[lang](word))
}

/** One word to its index term: stop words dropped (null), stemmed in the language, accents folded. */
export function termOf(word: string, lang: AnalyzerLang): string | null {
  const m = memo[lang]
  const hit = m.get(word)
  if (hit !== undefined) return hit
  const term = computeTerm(word, lang)
  if (m.size >= MEMO_MAX) m.clear()
  m.set(word, term)
  return term
}

/** The terms of a text for indexing and scoring: "Réseaux sociaux" and "reseau social" give the same terms. */
export function analyze(text: string, lang: string | null | undefined): string[] {
  const l = analyzerLang(lang)
  const out: string[] = []
  for (const w of words(text)) {
    const t = termOf(w, l)
    if (t) out.push(t)
  }
  return out
}

/**
 * A query word's possible terms when the query's language is unknown: its French and English stems
 * (deduplicated), so a query matches documents of either language. Empty for a stop word of either.
 */
export function queryTermsOf(word: string): string[] {
  const fr = termOf(word, 'fr')
  const en = termOf(word, 'en')
  // A stop word in either language carries no topic in a query ("the", "les").
  if (!fr || !en) return []
  return [...new Set([fr, en])]
}
