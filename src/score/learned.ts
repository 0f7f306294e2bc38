import { docVector, LEARN_SHRINK, type SectorModel } from './model.ts'
import { isInformative } from './learnable.ts'
import type { AnalyzerLang } from '../search/analyzer.ts'
import type { DocFrequencies } from './profile-match.ts'
import type { AnalyzedDoc, Explanation } from './types.ts'

// margin / LEARNED_SCALE goes through tanh: one identical approved article gives ~0.5, a loosely
// similar one ~0.15; many consistent decisions push similar articles towards +-1.
const LEARNED_SCALE = 0.2
const SHOWN_TERMS = 8
const SHOWN_MIN = 0.005

const weightsCache = new WeakMap<SectorModel, WeakMap<object, Map<string, number>>>()
const NO_DF = {}

/**
 * The model's term weights, computed once per model and corpus (both immutable). Each class is
 * compared with what it would hold by language alone: a term weighs
 *   w(t) = (kept[t] - E_kept[t]) / (positives + S) - (rejected[t] - E_rejected[t]) / (negatives + S)
 * where E_kept[t] = sum over languages L of (kept articles in L) x (mean vector of the sector's
 * articles in L)[t], and likewise for rejected; S (LEARN_SHRINK) pseudo-articles shrink both
 * toward zero. So a term is learned only where the kept articles differ from the sector's articles
 * of their own languages: the prose, the language itself and the sector's common ground cancel out,
 * even when the curator has rejected almost nothing yet (which a plain kept-minus-rejected centroid
 * does not), and with few decisions every weight stays near zero.
 */
function weightsOf(model: SectorModel, df: DocFrequencies | undefined): Map<string, number> {
  let byDf = weightsCache.get(model)
  if (!byDf) weightsCache.set(model, (byDf = new WeakMap()))
  let weights = byDf.get(df ?? NO_DF)
  if (weights) return weights
  weights = new Map()
  // Each class's language mix, with the sector's mean vector in each language.
  const mix: { kept: number; rejected: number; centroid?: Map<string, number> }[] = model.langs
    ? Object.entries(model.langs).map(([lang, [kept, rejected]]) => ({
        kept,
        rejected,
        centroid: df?.byLang?.[lang as AnalyzerLang]?.centroid ?? df?.centroid,
      }))
    : [{ kept: model.positives, rejected: model.negatives, centroid: df?.centroid }]
  const s = LEARN_SHRINK
  for (const [term, [kept, rejected]] of Object.entries(model.terms)) {
    let expectKept = 0
    let expectRejected = 0
    for (const m of mix) {
      const mean = m.centroid?.get(term) ?? 0
      expectKept += m.kept * mean
      expectRejected += m.rejected * mean
    }
    const w =
      (kept - expectKept) / (model.positives + s) -
      (rejected - expectRejected) / (model.negatives + s)
    weights.set(term, w)
  }
  byDf.set(df ?? NO_DF, weights)
  return weights
}

/** How much the article resembles what the curator kept rather than rejected, in [-1, 1]. */
export function learnedScore(
  doc: AnalyzedDoc,
  model: SectorModel,
  df?: DocFrequencies,
): Explanation['learned'] {
  if (model.decisions === 0) return { score: 0, terms: [] }
  const weights = weightsOf(model, df)
  let margin = 0
  const contributions: { term: string; weight: number }[] = []
  for (const [term, v] of docVector(doc)) {
    const w = weights.get(term)
    if (!w || !isInformative(term, doc.lang, df)) continue
    margin += v * w
    contributions.push({ term, weight: v * w })
  }
  const score = Math.tanh(margin / LEARNED_SCALE)
  // Each term is shown with its share of the learned score (the shares add up to it), and only if
  // that share shows at the explanation's two decimals.
  const perMargin = margin ? score / margin : 0
  contributions.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
  const terms = contributions
    .slice(0, SHOWN_TERMS)
    .map((c) => ({ term: c.term, weight: Math.round(c.weight * perMargin * 1e4) / 1e4 }))
    .filter((c) => Math.abs(c.weight) >= SHOWN_MIN)
  return { score: Math.round(score * 1e4) / 1e4, terms }
}
