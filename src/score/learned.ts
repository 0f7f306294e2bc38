import { docVector, type SectorModel, termWeight } from './model.ts'
import { isInformative } from './learnable.ts'
import type { DocFrequencies } from './profile-match.ts'
import type { AnalyzedDoc, Explanation } from './types.ts'

// margin / LEARNED_SCALE goes through tanh: one identical approved article gives ~0.5, a loosely
// similar one ~0.15; many consistent decisions push similar articles towards +-1.
const LEARNED_SCALE = 0.2
const SHOWN_TERMS = 8

const weightsCache = new WeakMap<SectorModel, Map<string, number>>()

/** The model's term weights, computed once per model object (models are immutable). */
function weightsOf(model: SectorModel): Map<string, number> {
  let weights = weightsCache.get(model)
  if (!weights) {
    weights = new Map()
    for (const [term, sums] of Object.entries(model.terms))
      weights.set(term, termWeight(model, sums))
    weightsCache.set(model, weights)
  }
  return weights
}

/** How much the article resembles what the curator kept rather than rejected, in [-1, 1]. */
export function learnedScore(
  doc: AnalyzedDoc,
  model: SectorModel,
  df?: DocFrequencies,
): Explanation['learned'] {
  if (model.decisions === 0) return { score: 0, terms: [] }
  const weights = weightsOf(model)
  let margin = 0
  const contributions: { term: string; weight: number }[] = []
  for (const [term, v] of docVector(doc)) {
    const w = weights.get(term)
    if (!w || !isInformative(term, doc.lang, df)) continue
    margin += v * w
    contributions.push({ term, weight: v * w })
  }
  contributions.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
  const terms = contributions
    .slice(0, SHOWN_TERMS)
    .filter((c) => Math.abs(c.weight) >= 1e-4)
    .map((c) => ({ term: c.term, weight: Math.round(c.weight * 1e4) / 1e4 }))
  return { score: Math.round(Math.tanh(margin / LEARNED_SCALE) * 1e4) / 1e4, terms }
}
