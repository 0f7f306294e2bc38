import type { SectorModel } from './model.ts'
import type { SourceKind } from './types.ts'

// A slight prior by kind: a person the curator chose to follow, then a niche blog, then general media.
const KIND_BIAS: Record<SourceKind, number> = { influencer: 0.15, blog: 0.08, media: 0 }
// Beta prior worth PRIOR_DECISIONS decisions at the sector's own keep rate (Bayesian shrinkage):
// a source needs about as many decisions of its own before it moves far from average...
const PRIOR_DECISIONS = 20
const LEARNED_GAIN = 0.8
const ADJ_MAX = 1.2

export interface SourceWeight {
  /** Added to the relevance logit: 0 is neutral. */
  adj: number
  /** sigmoid(adj): 0.5 is neutral. */
  score: number
  kept: number
  rejected: number
}

/** The source's weight: its kind, and how often the curator kept its articles relative to the sector's average. */
export function sourceWeight(model: SectorModel, feedId: number, kind: SourceKind): SourceWeight {
  let allKept = 0
  let allRejected = 0
  for (const s of Object.values(model.sources)) {
    allKept += s.kept
    allRejected += s.rejected
  }
  const base = (allKept + 1) / (allKept + allRejected + 2)
  const own = model.sources[String(feedId)] ?? { kept: 0, rejected: 0 }
  const rate = (own.kept + PRIOR_DECISIONS * base) / (own.kept + own.rejected + PRIOR_DECISIONS)
  // ...and the move is bounded by the evidence, n / (n + prior) of the full range, since near an
  // extreme keep rate the logit is steep: one decision can never move a source by more than 0.06.
  const n = own.kept + own.rejected
  const bound = (ADJ_MAX * n) / (n + PRIOR_DECISIONS)
  const learned = clamp(LEARNED_GAIN * (logit(rate) - logit(base)), bound)
  const adj = Math.max(-ADJ_MAX, Math.min(ADJ_MAX, (KIND_BIAS[kind] ?? 0) + learned))
  return { adj, score: 1 / (1 + Math.exp(-adj)), kept: own.kept, rejected: own.rejected }
}

const logit = (p: number) => Math.log(p / (1 - p))
const clamp = (x: number, bound: number) => Math.max(-bound, Math.min(bound, x))
