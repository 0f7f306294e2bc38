import type { Child } from 'hono/jsx'
import { analyzerLang, termOf, words } from '../../../src/search/analyzer.ts'

// The analyser's notion of a word (letters and digits, joined by apostrophes), found with its position.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu

interface Span {
  start: number
  end: number
}

/** Where in `text` the words are whose index term is one of `terms` (analysed in the article's language). */
export function matchedSpans(text: string, terms: Set<string>, lang: string | null): Span[] {
  const l = analyzerLang(lang)
  const spans: Span[] = []
  for (const m of text.matchAll(WORD)) {
    // words() lower-cases and drops an elided article ("l'algorithme" -> "algorithme"), as indexing does.
    const word = words(m[0])[0]
    const term = word ? termOf(word, l) : null
    if (term && terms.has(term)) spans.push({ start: m.index, end: m.index + m[0].length })
  }
  return spans
}

/** Text with the matched words wrapped in <mark>; every piece is a string child, so JSX escapes it. */
export function Highlighted(p: { text: string; terms: Set<string>; lang: string | null }): Child {
  const out: Child[] = []
  let at = 0
  for (const s of matchedSpans(p.text, p.terms, p.lang)) {
    if (s.start > at) out.push(p.text.slice(at, s.start))
    out.push(<mark>{p.text.slice(s.start, s.end)}</mark>)
    at = s.end
  }
  if (at < p.text.length) out.push(p.text.slice(at))
  return <>{out}</>
}

/**
 * A passage of about `size` characters around the first matched word (or the start), cut at word
 * boundaries, with an ellipsis where it was cut.
 */
export function snippetOf(
  text: string,
  terms: Set<string>,
  lang: string | null,
  size = 260,
): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= size) return flat
  const first = matchedSpans(flat, terms, lang)[0]
  let start = first ? Math.max(0, first.start - Math.floor(size / 3)) : 0
  let end = Math.min(flat.length, start + size)
  start = Math.max(0, end - size)
  if (start > 0) {
    const space = flat.indexOf(' ', start)
    if (space >= 0 && space < (first?.start ?? end)) start = space + 1
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end)
    if (space > start) end = space
  }
  return `${start > 0 ? '… ' : ''}${flat.slice(start, end)}${end < flat.length ? ' …' : ''}`
}
