import { type AnalyzerLang, analyzerLang, ELISION, termOf, WORD, words } from '../search/analyzer.ts'
import type { AnalyzedDoc, ScoreDoc } from './types.ts'

/** Body terms kept per article: enough for BM25 and shingles, bounded for speed and storage. */
export const BODY_TERMS_MAX = 1500
// ~6 characters per word and about half the words survive stop-word removal: 1500 terms fit here.
const BODY_CHARS_MAX = 24_000
const ENTITY_CHARS = 4_000
const NAMES_MAX = 45
const NUMBERS_MAX = 15
const UNCONFIRMED_MAX = 20

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
  return {
    id: doc.id,
    titleTerms,
    bodyTerms,
    lang,
    entities: entitiesOf(doc.title, body, doc.lang),
  }
}

/**
 * Prefix of an entity seen capitalised only where any word is (a sentence's, a quotation's or a
 * Title Case headline's start): clustering counts it only if the corpus or the sector profile
 * confirms it is a name ("Instagram teste..." yields "?instagram").
 */
export const UNCONFIRMED = '?'

/**
 * Names, acronyms and numbers of a text, normalised so that both languages agree: accents folded,
 * lower case, a plural "s" dropped ("Threads" and "threads" give "thread"), numbers with their
 * unit ("21 %" and "21 percent" give "21%", "51,2 milliards" and "51.2 billion" give "51200000000").
 * A capitalised word is a name mid-sentence, or anywhere once the same text uses it mid-sentence.
 */
export function entitiesOf(title: string, body: string, lang: string | null = null): string[] {
  const names = new Set<string>()
  const maybe = new Set<string>()
  const titleWords = [...title.matchAll(WORD)].map((m) => m[0])
  const long = titleWords.filter((w) => w.length >= 4)
  const titleCase = long.length >= 3 && long.filter(isCapitalised).length / long.length >= 0.6
  const text = body.slice(0, ENTITY_CHARS)
  collectNames(title, titleCase, names, maybe)
  collectNames(text, false, names, maybe)
  const decimal = analyzerLang(lang) === 'en' ? '.' : ','
  const numbers = new Set([...numbersOf(title, decimal), ...numbersOf(text, decimal)])
  return [
    ...[...names].slice(0, NAMES_MAX),
    ...[...numbers].slice(0, NUMBERS_MAX),
    ...[...maybe]
      .filter((n) => !names.has(n))
      .slice(0, UNCONFIRMED_MAX)
      .map((n) => UNCONFIRMED + n),
  ]
}

function collectNames(text: string, titleCase: boolean, names: Set<string>, maybe: Set<string>) {
  for (const m of text.normalize('NFC').matchAll(WORD)) {
    const word = m[0]
    // Most words are lower-case prose: skip them before any regular expression. Digits have no
    // case either: numbers are read by numbersOf.
    const first = word[0]!
    const apostrophe = word.includes("'") || word.includes('’')
    if (first === first.toLowerCase() && !apostrophe) continue
    const stripped = apostrophe ? word.replace(ELISION, '') : word
    const elided = stripped.length !== word.length
    const raw = apostrophe ? stripped.split(/['’]/u)[0]! : stripped
    if (raw.length < 2 || !isCapitalised(raw)) continue
    const hasDigit = DIGIT.test(raw)
    const acronym = raw.length <= 6 && raw === raw.toUpperCase()
    const lower = raw.toLowerCase()
    if (!hasDigit && (termOf(lower, 'fr') === null || termOf(lower, 'en') === null)) continue
    if (CALENDAR.has(lower)) continue
    const entity = normaliseEntity(raw)
    const named = elided || !atSentenceStart(text, m.index) || inShortQuote(text, m.index)
    if (hasDigit || acronym || (!titleCase && named)) names.add(entity)
    else maybe.add(entity)
  }
}

// A number, French thousands grouped by spaces ("10 000") or any digits and separators ("51,2").
const NUMBER = /(?<![\p{L}\p{N}])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*)/gu
const UNIT =
  /^[ \u00a0\u202f]?(%|pour ?cents?\b|percent\b|per ?cent\b|milliards?\b|billions?\b|bn\b|mds?\b|millions?\b|m\b)/iu

/** Numbers in a language-neutral spelling; bare numbers of one digit say too little to keep. */
function numbersOf(text: string, decimal: '.' | ','): string[] {
  const out: string[] = []
  for (const m of text.matchAll(NUMBER)) {
    const value = parseNumber(m[0], decimal)
    const end = m.index + m[0].length
    const unit = UNIT.exec(text.slice(end, end + 12))?.[1]?.toLowerCase()
    if (unit === '%' || unit?.startsWith('p')) out.push(`${value}%`)
    else if (unit) out.push(String(Math.round(value * (/^(?:million|m$)/.test(unit) ? 1e6 : 1e9))))
    else if (m[0].length >= 2) out.push(String(value))
  }
  return out
}

// "51,2" is 51.2 in French and "10,000" is 10000 in English; a group of other than three digits
// after a thousands separator can only be decimals.
function parseNumber(s: string, decimal: '.' | ','): number {
  const parts = s.replace(/[ \u00a0\u202f]/gu, '').split(/([.,])/u)
  let int = parts[0]!
  let frac = ''
  for (let i = 1; i < parts.length; i += 2) {
    const group = parts[i + 1]!
    if (i === parts.length - 2 && (parts[i] === decimal || group.length !== 3)) frac = group
    else int += group
  }
  return Number(frac ? `${int}.${frac}` : int)
}

function normaliseEntity(word: string): string {
  const f = fold(word)
  return f.length > 3 && f.endsWith('s') && !f.endsWith('ss') ? f.slice(0, -1) : f
}

function isCapitalised(w: string): boolean {
  const first = w[0]!
  return first !== first.toLowerCase()
}

// « Proches », "Inner Circle": capitalised words quoted alone name something; a longer quotation
// is a sentence.
function inShortQuote(text: string, index: number): boolean {
  let i = index - 1
  while (i >= 0 && /\s/u.test(text[i]!)) i--
  if (!/[«“"]/u.test(text[i] ?? '')) return false
  const rest = text.slice(index, index + 40)
  const close = rest.search(/[»”"]/u)
  if (close <= 0 || /[.!?:;,]/u.test(rest.slice(0, close))) return false
  return rest.slice(0, close).trim().split(/\s+/u).length <= 3
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
