import type { Query, SearchOptions } from 'minisearch'
import { queryTermsOf, words } from './analyzer.ts'

/** One query word and the index terms it may match (French and English readings). */
export interface QueryWord {
  word: string
  terms: string[]
  /** Terms matched as prefixes too: the last word may still be being typed. */
  prefixes: string[]
  fuzzy: boolean
}

const PREFIX_MIN_WORD = 3
const PREFIX_MIN_TERM = 4
const FUZZY_MIN_WORD = 5
const FUZZY = 0.2
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '')

// A word written "-mot" (after a space or at the start) excludes the articles that have it; a hyphen
// inside a word ("e-réputation") does not.
const EXCLUDED = /(^|\s)-(?=[\p{L}\p{N}])(\S+)/gu

/**
 * The terms of the words a query excludes ("-recrutement"): an article with any of them (in any field,
 * in either language's reading, not as a prefix or a typo) is left out of its results.
 */
export function excludedTermsOf(query: string): string[] {
  const terms = [...query.matchAll(EXCLUDED)].flatMap((m) => words(m[2]!).flatMap(queryTermsOf))
  return [...new Set(terms)]
}

/** The words of a user's query that carry terms; stop words of either language and excluded words are dropped. */
export function parseQuery(query: string): QueryWord[] {
  const seen = new Set<string>()
  const ws = words(query.replace(EXCLUDED, '$1')).filter((w) => !seen.has(w) && seen.add(w))
  const out: QueryWord[] = []
  ws.forEach((word, i) => {
    const terms = queryTermsOf(word)
    if (!terms.length) return
    const isLast = i === ws.length - 1
    let prefixes: string[] = []
    if (isLast && word.length >= PREFIX_MIN_WORD) {
      // The typed form itself too: an unfinished word ("rése") stems to something shorter than its prefix.
      prefixes = [...new Set([...terms, fold(word)])].filter((t) => t.length >= PREFIX_MIN_TERM)
    }
    out.push({ word, terms, prefixes, fuzzy: word.length >= FUZZY_MIN_WORD })
  })
  return out
}

/** MiniSearch query: each word an OR group of its terms, the words combined with AND or OR. */
export function toMiniQuery(qws: QueryWord[], combineWith: 'AND' | 'OR'): Query {
  return {
    combineWith,
    queries: qws.map((qw): Query => {
      const fuzzy: SearchOptions['fuzzy'] = qw.fuzzy
        ? (t) => (qw.terms.includes(t) ? FUZZY : false)
        : false
      const prefix: SearchOptions['prefix'] = qw.prefixes.length
        ? (t) => qw.prefixes.includes(t)
        : false
      return {
        combineWith: 'OR',
        queries: [...new Set([...qw.terms, ...qw.prefixes])],
        fuzzy,
        prefix,
      }
    }),
  }
}
