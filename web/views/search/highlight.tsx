import type { Child } from 'hono/jsx'
import { analyzerLang, termOf, WORD, wordOf } from '../../../src/search/analyzer.ts'

interface Span {
  start: number
  end: number
}

/** Where in `text` the words are whose index term is one of `terms` (analysed in the article's language), in order. */
function* spansOf(text: string, terms: Set<string>, lang: string | null): Generator<Span> {
  const l = analyzerLang(lang)
  for (const m of text.matchAll(WORD)) {
    // Lower-cased, an elided article dropped ("l'algorithme" -> "algorithme"), as indexing does.
    const word = wordOf(m[0])
    const term = word ? termOf(word, l) : null
    if (term && terms.has(term)) yield { start: m.index, end: m.index + m[0].length }
  }
}

/** Text with the matched words wrapped in <mark>; every piece is a string child, so JSX escapes it. */
export function Highlighted(p: { text: string; terms: Set<string>; lang: string | null }): Child {
  const out: Child[] = []
  let at = 0
  for (const s of spansOf(p.text, p.terms, p.lang)) {
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
  // Only the first match matters: the rest of a long article is not analysed.
  const first = spansOf(flat, terms, lang).next().value
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
