// Pure ranking metrics for `npm run eval` (test/eval/ranking.ts): no I/O, unit-tested.

export type Label = 'relevant' | 'near_miss' | 'off_topic'

/** Gain per label for nDCG; binary counts only relevant articles. */
export type Gains = Record<Label, number>
export const BINARY_GAINS: Gains = { relevant: 1, near_miss: 0, off_topic: 0 }
// A near miss in the queue costs the curator less than noise: half the gain of a relevant article.
export const GRADED_GAINS: Gains = { relevant: 2, near_miss: 1, off_topic: 0 }

/** Share of the first k ranked items that are relevant; a queue shorter than k counts the gap as misses. */
export function precisionAt(ranked: readonly Label[], k: number): number {
  if (k <= 0) return 0
  return ranked.slice(0, k).filter((l) => l === 'relevant').length / k
}

/** Share of all relevant items that appear in the first k; 0 when there is none to find. */
export function recallAt(ranked: readonly Label[], k: number): number {
  const total = ranked.filter((l) => l === 'relevant').length
  if (total === 0) return 0
  return ranked.slice(0, k).filter((l) => l === 'relevant').length / total
}

/** Discounted cumulative gain of the first k items: sum of gain / log2(rank + 1). */
export function dcgAt(gains: readonly number[], k: number): number {
  let sum = 0
  for (let i = 0; i < Math.min(k, gains.length); i++) sum += gains[i]! / Math.log2(i + 2)
  return sum
}

/** DCG of the first k divided by the DCG of the ideal order of the same items; 0 when no gain exists. */
export function ndcgAt(ranked: readonly Label[], k: number, gains: Gains = BINARY_GAINS): number {
  const actual = ranked.map((l) => gains[l])
  const ideal = dcgAt(
    [...actual].sort((a, b) => b - a),
    k,
  )
  return ideal === 0 ? 0 : dcgAt(actual, k) / ideal
}

/** Mean of the precision at each relevant item's rank: the whole queue's order in one figure. */
export function averagePrecision(ranked: readonly Label[]): number {
  let found = 0
  let sum = 0
  ranked.forEach((l, i) => {
    if (l !== 'relevant') return
    found++
    sum += found / (i + 1)
  })
  return found === 0 ? 0 : sum / found
}

export interface RankingMetrics {
  items: number
  relevant: number
  p10: number
  ndcg10: number
  ndcg10Graded: number
  r50: number
  /** The best recall@50 possible: below 1 when there are more than 50 relevant items. */
  r50Max: number
  ap: number
  ndcgAll: number
}

/** The report's figures for one ranked queue. */
export function rankingMetrics(ranked: readonly Label[]): RankingMetrics {
  return {
    items: ranked.length,
    relevant: ranked.filter((l) => l === 'relevant').length,
    p10: precisionAt(ranked, 10),
    ndcg10: ndcgAt(ranked, 10, BINARY_GAINS),
    ndcg10Graded: ndcgAt(ranked, 10, GRADED_GAINS),
    r50: recallAt(ranked, 50),
    r50Max: recallAt(
      [...ranked].sort((a, b) => BINARY_GAINS[b] - BINARY_GAINS[a]),
      50,
    ),
    ap: averagePrecision(ranked),
    ndcgAll: ndcgAt(ranked, ranked.length, BINARY_GAINS),
  }
}

/** Items by descending score; ties keep a stable order by key so runs are reproducible. */
export function rankBy<T>(
  items: readonly T[],
  score: (t: T) => number,
  key: (t: T) => string,
): T[] {
  return items
    .map((item) => ({ item, s: score(item), k: key(item) }))
    .sort((a, b) => b.s - a.s || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.item)
}

/** FNV-1a 32-bit of a string, as an unsigned integer: a stable hash for the split. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (const ch of new TextEncoder().encode(text)) {
    h ^= ch
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/**
 * A deterministic half/half split: items ordered by the hash of their key, the first half
 * (rounded up) trains, the rest is held out. Adding a line moves few others across.
 */
export function splitHalf<T>(
  items: readonly T[],
  key: (t: T) => string,
): { train: T[]; heldOut: T[] } {
  const ordered = [...items].sort((a, b) => {
    const ha = fnv1a(key(a))
    const hb = fnv1a(key(b))
    return ha - hb || (key(a) < key(b) ? -1 : 1)
  })
  const cut = Math.ceil(ordered.length / 2)
  return { train: ordered.slice(0, cut), heldOut: ordered.slice(cut) }
}

/** The curator's action on the n-th item of the triage (0-based): every third approval is a reshare. */
export function curatorActions(labels: readonly Label[]): ('approve' | 'reshare' | 'reject')[] {
  let approvals = 0
  return labels.map((l) => {
    if (l !== 'relevant') return 'reject'
    approvals++
    return approvals % 3 === 0 ? 'reshare' : 'approve'
  })
}
