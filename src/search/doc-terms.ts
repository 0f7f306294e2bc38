import { analyzerLang, termOf, words, type AnalyzerLang } from './analyzer.ts'
import type { IndexDoc } from './types.ts'

/** Index terms kept per article body, so that memory per article stays predictable. */
export const MAX_BODY_TERMS = 1500
// Enough characters for MAX_BODY_TERMS words and their stop words, so a huge body is not scanned whole.
const MAX_BODY_CHARS = 24_000
// Bump when the analysis changes: saved shards made with another version are rebuilt.
export const ANALYSIS_VERSION = 1

/** analyze() (its stems are memoised per word), stopping after `max` terms. */
export function termsOf(
  text: string | null | undefined,
  lang: AnalyzerLang,
  max = Infinity,
): string[] {
  const out: string[] = []
  if (!text) return out
  for (const w of words(text)) {
    const t = termOf(w, lang)
    if (t) out.push(t)
    if (out.length >= max) break
  }
  return out
}

/** The fields MiniSearch indexes, each already analysed in the article's language (terms joined by spaces). */
export interface AnalysedDoc {
  id: number
  title: string
  excerpt: string
  text: string
  author: string
  site: string
  tags: string
}

export const INDEXED_FIELDS = ['title', 'excerpt', 'text', 'author', 'site', 'tags'] as const

/** A document's analysed fields: its own language picks stop words and stemmer. */
export function analyseDoc(doc: IndexDoc): AnalysedDoc {
  const lang = analyzerLang(doc.lang)
  const join = (text: string | null | undefined, max?: number) => termsOf(text, lang, max).join(' ')
  const site =
    doc.siteName && doc.siteName !== doc.source ? `${doc.source} ${doc.siteName}` : doc.source
  return {
    id: doc.id,
    title: join(doc.title),
    excerpt: join(doc.excerpt),
    text: join(doc.text.slice(0, MAX_BODY_CHARS), MAX_BODY_TERMS),
    author: join(doc.author),
    site: join(site),
    tags: join(doc.tags.join(' ')),
  }
}
