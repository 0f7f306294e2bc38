import { docVector } from './model.ts'
import type { AnalyzedDoc } from './types.ts'

export interface Candidate {
  id: number
  storyId: number
  source: string
  feedId: number
  score: number
  /** The article's salient terms, to measure how alike two picks are. */
  terms: string[]
}

export interface ShortlistOptions {
  size: number
  /** At most this many picks from one source (default 2). */
  maxPerSource?: number
  /** Relevance against diversity in MMR: 1 ranks by score alone (default 0.7). */
  lambda?: number
  /** MMR runs over the best this-many candidates by score (default max(300, 10 x size)). */
  prefilter?: number
  /** The sector's floor: no candidate scoring below it is picked, even if the list stays short. */
  minScore?: number
}

/**
 * The day's shortlist by maximal marginal relevance: each pick maximises
 * lambda * score - (1 - lambda) * (highest term Jaccard with a pick so far), with at most
 * maxPerSource per source and one article per story, never one below minScore (a quiet day gives
 * a shorter list rather than a weak pick). Returned best score first.
 */
export function selectShortlist(cands: Candidate[], opts: ShortlistOptions): Candidate[] {
  const maxPerSource = opts.maxPerSource ?? 2
  const lambda = opts.lambda ?? 0.7
  const floor = opts.minScore ?? 0
  const pool = cands
    .filter((c) => c.score >= floor)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, opts.prefilter ?? Math.max(300, 10 * opts.size))
  const sets = pool.map((c) => new Set(c.terms))
  const maxSim = new Float64Array(pool.length)
  const taken = new Uint8Array(pool.length)
  const perSource = new Map<string, number>()
  const stories = new Set<number>()
  const picked: Candidate[] = []

  while (picked.length < opts.size) {
    let best = -1
    let bestValue = -Infinity
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!
      if (taken[i] || stories.has(c.storyId) || (perSource.get(c.source) ?? 0) >= maxPerSource)
        continue
      const value = lambda * c.score - (1 - lambda) * maxSim[i]!
      if (value > bestValue) {
        bestValue = value
        best = i
      }
    }
    if (best < 0) break
    const chosen = pool[best]!
    taken[best] = 1
    picked.push(chosen)
    stories.add(chosen.storyId)
    perSource.set(chosen.source, (perSource.get(chosen.source) ?? 0) + 1)
    for (let i = 0; i < pool.length; i++) {
      if (!taken[i]) maxSim[i] = Math.max(maxSim[i]!, jaccard(sets[i]!, sets[best]!))
    }
  }
  return picked.sort((a, b) => b.score - a.score || a.id - b.id)
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let shared = 0
  for (const x of small) if (large.has(x)) shared++
  return shared / (a.size + b.size - shared)
}

/** An article's strongest terms, for Candidate.terms. */
export function salientTerms(doc: AnalyzedDoc, count = 20): string[] {
  return [...docVector(doc).keys()].slice(0, count)
}
