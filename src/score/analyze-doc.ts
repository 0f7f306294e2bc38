import { type AnalyzerLang, analyzerLang, termOf, words } from '../search/analyzer.ts'
import type { AnalyzedDoc, ScoreDoc } from './types.ts'

/** Body terms kept per article: enough for BM25 and shingles, bounded for speed and storage. */
export const BODY_TERMS_MAX = 1500
// ~6 characters per word and about half the words survive stop-word removal: 1500 terms fit here.
const BODY_CHARS_MAX = 24_000
const ENTITY_CHARS = 4_000
const ENTITIES_MAX = 60

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/iu
const DIGIT = /\p{N}/u
const SENTENCE_END = /[.!?:;…\n\r«»"“”(\[—–-]/u
// Capitalised in English prose but not names: they would link unrelated stories of one week.
const CALENDAR = new Set(
  'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday'.split(
    ' ',
  ),
)

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()

/** Title and body (first BODY_TERMS_MAX terms) analysed in the article's language, plus its names. */
export function analyzeDoc(doc: ScoreDoc): AnalyzedDoc {
  const lang = analyzerLang(doc.lang)
  const body = doc.text?.trim() ? doc.text : (doc.excerpt ?? '')
  const bodyTerms: string[] = []
  for (const w of words(body.slice(0, BODY_CHARS_MAX))) {
    const t = termOf(w, lang)
    if (t) bodyTerms.push(t)
    if (bodyTerms.length >= BODY_TERMS_MAX) break
  }
  const titleTerms: string[] = []
  for (const w of words(doc.title)) {
    const t = termOf(w, lang)
    if (t) titleTerms.push(t)
  }
  return { id: doc.id, titleTerms, bodyTerms, lang, entities: entitiesOf(doc.title, body) }
}

