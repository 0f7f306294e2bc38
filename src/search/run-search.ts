import { within, overlaps } from './months.ts'
import type { QueryWord } from './query.ts'
import { scoreShard } from './score.ts'
import type { DocMeta, Shard } from './shard.ts'
import type { SearchFilters, SearchHit, SearchResult } from './types.ts'

type Keep = ((meta: DocMeta) => boolean) | undefined

/** Runs the query over loaded shards and merges them: AND of the words, or OR when AND finds nothing. */
export function runSearch(
  shards: Shard[],
  words: QueryWord[],
  filters: SearchFilters,
  limit: number,
  offset: number,
): SearchResult {
  const result = emptyResult(words)
  if (!words.length) return result
  const targets = shards.filter((s) => s.ms && overlaps(s.month, filters))
  // Typo tolerance is the costliest part of a query (a walk of the whole vocabulary per term): keep it
  // for words that no searched shard knows, where it helps, and skip it for correctly spelled ones.
  words = words.map((w) => (w.fuzzy && targets.some((s) => w.terms.some((t) => s.hasTerm(t))) ? { ...w, fuzzy: false } : w))
  const and = fanOut(targets, words, 'AND', filters, limit + offset)
  if (and.total || words.length === 1) return { ...and, hits: and.hits.slice(offset, offset + limit) }
  const or = fanOut(targets, words, 'OR', filters, limit + offset)
  return { ...or, hits: or.hits.slice(offset, offset + limit), relaxed: true }
}

function fanOut(shards: Shard[], words: QueryWord[], mode: 'AND' | 'OR', f: SearchFilters, top: number) {
  const out = emptyResult(words)
  const { sector, source, lang, status } = out.facets
  const count = (facet: Record<string, number>, key: string) => (facet[key] = (facet[key] ?? 0) + 1)
  const hits: SearchHit[] = []
  for (const s of shards) {
    const keepMeta = keepFor(s, f)
    const keep = keepMeta ? (id: number) => keepMeta(s.docs.get(id)!) : undefined
    const before = out.total
    const best = scoreShard(s.ms!, words, mode, keep, top, (id) => {
      const meta = s.docs.get(id)!
      out.total++
      count(source, meta.source)
      count(lang, meta.lang ?? 'unknown')
      count(status, meta.status)
    })
    if (out.total > before) sector[s.sector] = (sector[s.sector] ?? 0) + out.total - before
    for (const r of best) hits.push({ id: r.id, score: r.score, terms: r.terms, queryTerms: r.queryTerms, match: r.match })
  }
  // Scores come from different shards' statistics; ties fall back to the newer article id.
  hits.sort((a, b) => b.score - a.score || b.id - a.id)
  out.hits = hits.slice(0, top)
  return out
}

function keepFor(s: Shard, f: SearchFilters): Keep {
  const tests: ((m: DocMeta) => boolean)[] = []
  if (!within(s.month, f)) {
    const from = f.from?.getTime() ?? -Infinity
    const to = f.to?.getTime() ?? Infinity
    tests.push((m) => m.publishedAt >= from && m.publishedAt <= to)
  }
  if (f.feedIds?.length) {
    const ids = new Set(f.feedIds)
    tests.push((m) => ids.has(m.feedId))
  }
  if (f.sources?.length) {
    const names = new Set(f.sources)
    tests.push((m) => names.has(m.source))
  }
  if (f.lang) {
    const lang = f.lang.toLowerCase().split(/[-_]/)[0]
    tests.push((m) => m.lang === lang)
  }
  if (f.status?.length) {
    const states = new Set(f.status)
    tests.push((m) => states.has(m.status))
  }
  if (!tests.length) return undefined
  return (m) => tests.every((t) => t(m))
}

function emptyResult(words: QueryWord[]): SearchResult {
  return {
    total: 0,
    hits: [],
    facets: { sector: {}, source: {}, lang: {}, status: {} },
    relaxed: false,
    words: words.map((w) => w.word),
  }
}
