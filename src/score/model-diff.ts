import { isInformative } from './learnable.ts'
import { docVector, type SectorModel } from './model.ts'
import type { DocFrequencies } from './profile-match.ts'
import type { AnalyzedDoc } from './types.ts'

/** What changed from one learned model to the next: the parts an article's score can depend on. */
export interface ModelDiff {
  /** Terms whose learned record differs (added, removed or changed). */
  terms: Set<string>
  /** Feed ids (as in the model) whose record with the curator differs. */
  sources: Set<string>
  /**
   * The largest relative move of the model's own counts (decisions, positives, negatives...): they
   * scale every learned weight a little, so a big move reaches articles the changed terms do not.
   */
  countsMoved: number
}

/**
 * Compares two models' term and source records, entry by entry. It reads only the shape of the
 * records (maps of plain values), not how weights are computed from them, so it holds whatever
 * the weighting is.
 */
export function modelDiff(before: SectorModel, after: SectorModel): ModelDiff {
  return {
    terms: changedKeys(before.terms, after.terms),
    sources: changedKeys(before.sources, after.sources),
    countsMoved: countsMoved(before, after),
  }
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): Set<string> {
  const out = new Set<string>()
  for (const [key, value] of Object.entries(b)) {
    const old = a[key]
    // Records are replaced, never mutated, by each learning step: the same object is unchanged.
    if (old !== value && JSON.stringify(old) !== JSON.stringify(value)) out.add(key)
  }
  for (const key of Object.keys(a)) if (!(key in b)) out.add(key)
  return out
}

function countsMoved(a: SectorModel, b: SectorModel): number {
  let moved = 0
  const before = a as unknown as Record<string, unknown>
  const after = b as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(after)) {
    const old = before[key]
    if (typeof value !== 'number' || typeof old !== 'number') continue
    moved = Math.max(moved, Math.abs(value - old) / Math.max(1, Math.abs(old)))
  }
  return moved
}

/**
 * The terms through which the learned model reaches an article (those its learned score reads): a
 * change to any other term's record cannot move the article's score.
 */
export function learnedTermsOf(doc: AnalyzedDoc, df?: DocFrequencies): string[] {
  return [...docVector(doc).keys()].filter((t) => isInformative(t, doc.lang, df))
}
