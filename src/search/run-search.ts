import { within, overlaps } from './months.ts'
import type { QueryWord } from './query.ts'
import { insertSorted, ranksBefore, scoreShard, type ScoredDoc } from './score.ts'
import type { Columns } from './columns.ts'
import type { Shard } from './shard.ts'
import type { SearchFilters, SearchHit, SearchResult } from './types.ts'

/** Loads a shard if it is not in memory, runs `use` on it, and lets it go again. */
export type VisitShard = <T>(s: Shard, use: (s: Shard) => T) => Promise<T>

/**
 * Runs the query over the shards and merges them: AND of the words, or OR when AND finds nothing;
 * never an article with one of the `excluded` terms.
 * Shards are visited one at a time, the loaded ones first, so that a query over more months than the
 * memory budget holds loads them in turn instead of all at once.
 */
export async function runSearch(
  shards: Shard[],
  words: QueryWord[],
  excluded: string[],
  filters: SearchFilters,
  limit: number,
  offset: number,
  visit: VisitShard,
): Promise<SearchResult> {
  const result = emptyResult(words)
  if (!words.length) return result
  const targets = shards
    .filter((s) => overlaps(s.month, filters))
    .sort((a, b) => Number(!a.loaded) - Number(!b.loaded) || b.month.localeCompare(a.month))
  // Typo tolerance is the costliest part of a query (a walk of the whole vocabulary per term): keep it
  // for words that no searched shard knows, where it helps, and skip it for correctly spelled ones
  // and for a last word that is the start of known terms (still being typed).
  const known = new Set<QueryWord>()
  const isKnown = (s: Shard, w: QueryWord) =>
    w.terms.some((t) => s.hasTerm(t)) || w.prefixes.some((p) => s.hasPrefix(p))
  for (const s of targets) {
    const unsure = words.filter((w) => w.fuzzy && !known.has(w))
    if (!unsure.length) break
    await visit(s, () => unsure.forEach((w) => isKnown(s, w) && known.add(w)))
  }
  words = words.map((w) => (known.has(w) ? { ...w, fuzzy: false } : w))
  const and = await fanOut(targets, words, excluded, 'AND', filters, limit + offset, visit)
  if (and.total || words.length === 1)
    return { ...and, hits: and.hits.slice(offset, offset + limit) }
  const or = await fanOut(targets, words, excluded, 'OR', filters, limit + offset, visit)
  return { ...or, hits: or.hits.slice(offset, offset + limit), relaxed: true }
}

async function fanOut(
  shards: Shard[],
  words: QueryWord[],
  excluded: string[],
  mode: 'AND' | 'OR',
  f: SearchFilters,
  top: number,
  visit: VisitShard,
) {
  const out = emptyResult(words)
  type Candidate = ScoredDoc & { explain: (shortId: number) => Omit<SearchHit, 'id' | 'score'> }
  const candidates: Candidate[] = []
  for (const shard of shards) await visit(shard, scoreOne)
  function scoreOne(s: Shard) {
    const cols = s.columns()
    const counts = {
      source: new Uint32Array(cols.names.source.length),
      lang: new Uint32Array(cols.names.lang.length),
      status: new Uint32Array(cols.names.status.length),
    }
    const keep = keepFor(s, cols, f, excluded)
    const { total, best, explain } = scoreShard(cols, words, mode, keep, top, counts)
    if (!total) return
    out.total += total
    addTo(out.facets.sector, s.sector, total)
    for (const kind of ['source', 'lang', 'status'] as const) {
      const facet = out.facets[kind]
      counts[kind].forEach((n, code) => n && addTo(facet, cols.names[kind][code]!, n))
    }
    for (const r of best) {
      // Both lists are sorted: once a shard's next is no better than the merged last, none is.
      if (candidates.length >= top && !ranksBefore(r, candidates[top - 1]!)) break
      insertSorted(candidates, { ...r, explain }, top)
    }
  }
  // Scores come from different shards' statistics; ties fall back to the newer article id.
  out.hits = candidates.map((c): SearchHit => ({
    id: c.id,
    score: c.score,
    ...c.explain(c.shortId),
  }))
  return out
}

// Own properties only: a source may be named "constructor".
function addTo(facet: Record<string, number>, name: string, n: number) {
  facet[name] = (Object.hasOwn(facet, name) ? facet[name]! : 0) + n
}

function keepFor(
  s: Shard,
  cols: Columns,
  f: SearchFilters,
  excluded: string[],
): ((shortId: number) => boolean) | undefined {
  const tests: ((i: number) => boolean)[] = []
  // The excluded terms' documents, field by field: an article in any of them is left out.
  const without = excluded.flatMap((term) => [...(cols.ix.tree.get(term)?.values() ?? [])])
  if (without.length) tests.push((i) => !without.some((docs) => docs.has(i)))
  if (!within(s.month, f)) {
    const from = f.from?.getTime() ?? -Infinity
    const to = f.to?.getTime() ?? Infinity
    tests.push((i) => cols.publishedAt[i]! >= from && cols.publishedAt[i]! <= to)
  }
  if (f.seenAfter) {
    const after = f.seenAfter.getTime()
    tests.push((i) => cols.firstSeenAt[i]! > after)
  }
  if (f.feedIds?.length) {
    const ids = new Set(f.feedIds)
    tests.push((i) => ids.has(cols.feedId[i]!))
  }
  const codesOf = (names: string[], wanted: string[]) =>
    new Set(wanted.map((w) => names.indexOf(w)).filter((c) => c >= 0))
  if (f.sources?.length) {
    const codes = codesOf(cols.names.source, f.sources)
    tests.push((i) => codes.has(cols.source[i]!))
  }
  if (f.lang) {
    const codes = codesOf(cols.names.lang, [f.lang.toLowerCase().split(/[-_]/)[0]!])
    tests.push((i) => codes.has(cols.lang[i]!))
  }
  if (f.status?.length) {
    const codes = codesOf(cols.names.status, f.status)
    tests.push((i) => codes.has(cols.status[i]!))
  }
  if (!tests.length) return undefined
  return (i) => tests.every((t) => t(i))
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
