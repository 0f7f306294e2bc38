import { stopwords as englishStopwords } from '@orama/stopwords/english'
import { stopwords as frenchStopwords } from '@orama/stopwords/french'
import { type AnalyzerLang, termOf } from '../search/analyzer.ts'
import type { DocFrequencies } from './profile-match.ts'

// Words the analyser's stop lists miss but that say nothing about a topic: auxiliaries, fillers
// and reporting verbs of news prose, in both languages (their stems, as the model sees them).
const GENERIC_WORDS =
  'être etre avoir faire fait tout tous toute toutes bien plus moins aussi encore très tres ' +
  'comme selon dont alors ainsi donc car depuis avant après apres entre chez sans sous vers ' +
  'cela celle ceux cette ces leurs autre autres même meme déjà deja peut doit dit déclaré ' +
  'said says say also would could should may might must one two new just like well still ' +
  'many much make made get got year years time told according including however'
// A stop word of one language survives analysis in the other ("the" quoted in a French article).
const GENERIC = new Set(
  [...GENERIC_WORDS.split(' '), ...frenchStopwords, ...englishStopwords].flatMap((w) =>
    [termOf(w, 'fr'), termOf(w, 'en')].filter((t) => t),
  ),
)
const MIN_CHARS = 3
// A term in fewer articles than this is too rare to generalise from; one in more than this share
// of its language's articles ("selon", "said") marks the language, not what the curator wants.
const MIN_DF = 3
const MAX_LANG_SHARE = 0.3
// Below this many articles in a language, shares are noise: only the word lists apply.
const MIN_LANG_DOCS = 30

/** Whether the model may learn a term at all: no stop words, stubs or bare numbers. */
export function isLearnable(term: string): boolean {
  return term.length >= MIN_CHARS && !/^\d+$/u.test(term) && !GENERIC.has(term)
}

/** Whether a learned term may weigh on an article of this language, given the sector's frequencies. */
export function isInformative(term: string, lang: AnalyzerLang, df?: DocFrequencies): boolean {
  if (!isLearnable(term)) return false
  const own = df?.byLang?.[lang]
  if (!df || !own || own.docs < MIN_LANG_DOCS) return true
  if ((df.df.get(term) ?? 0) < MIN_DF) return false
  return (own.df.get(term) ?? 0) / own.docs <= MAX_LANG_SHARE
}
