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

/**
 * Names, acronyms and numbers of a text, normalised so that both languages agree: accents folded,
 * lower case, a plural "s" dropped ("Threads" and "threads" give "thread"). Capitalised words count
 * only mid-sentence; a Title Case headline only gives its acronyms and numbers.
 */
export function entitiesOf(title: string, body: string): string[] {
  const out = new Set<string>()
  const titleWords = [...title.matchAll(WORD)].map((m) => m[0])
  const long = titleWords.filter((w) => w.length >= 4)
  const titleCase = long.length >= 3 && long.filter(isCapitalised).length / long.length >= 0.6
  collect(title, titleCase, out)
  collect(body.slice(0, ENTITY_CHARS), false, out)
  return [...out].slice(0, ENTITIES_MAX)
}

function collect(text: string, onlyAcronyms: boolean, out: Set<string>): void {
  for (const m of text.normalize('NFC').matchAll(WORD)) {
    const word = m[0]
    // Most words are lower-case prose: skip them before any regular expression.
    const first = word[0]!
    const apostrophe = word.includes("'") || word.includes('’')
    if (first === first.toLowerCase() && !apostrophe && !DIGIT.test(word)) continue
    const stripped = apostrophe ? word.replace(ELISION, '') : word
    const elided = stripped.length !== word.length
    const raw = apostrophe ? stripped.split(/['’]/u)[0]! : stripped
    if (raw.length < 2) continue
    const hasDigit = DIGIT.test(raw)
    const acronym = raw.length <= 6 && raw === raw.toUpperCase() && raw !== raw.toLowerCase()
    const name = !onlyAcronyms && isCapitalised(raw) && (elided || !atSentenceStart(text, m.index))
    if (!hasDigit && !acronym && !name) continue
    const lower = raw.toLowerCase()
    if (!hasDigit && (termOf(lower, 'fr') === null || termOf(lower, 'en') === null))
      continue
    if (CALENDAR.has(lower)) continue
    out.add(normaliseEntity(raw))
  }
}

function normaliseEntity(word: string): string {
  const f = fold(word)
  return f.length > 3 && f.endsWith('s') && !f.endsWith('ss') ? f.slice(0, -1) : f
}

function isCapitalised(w: string): boolean {
  const first = w[0]!
  return first !== first.toLowerCase()
}

function atSentenceStart(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const c = text[i]!
    if (c === ' ' || c === '\t' || c === '\u00a0' || c === '\u202f' || c === "'" || c === '’')
      continue
    return SENTENCE_END.test(c)
  }
  return true
}
