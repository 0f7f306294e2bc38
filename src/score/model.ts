import { analyzeDoc } from './analyze-doc.ts'
import { isLearnable } from './learnable.ts'
import { TITLE_BOOST } from './profile-match.ts'
import type { Action, AnalyzedDoc, ScoreDoc } from './types.ts'

/**
 * What a sector learned from its curator, as JSON. A Rocchio model: per term, the summed article
 * vectors of kept (approve, reshare) and of rejected articles; a term's weight is
 * kept[t] / (positives + SHRINK) - rejected[t] / (negatives + SHRINK).
 * Why Rocchio rather than online logistic regression: it is order-independent (replaying the
 * decisions in any order gives the same model) and exactly reversible (an undone decision is
 * subtracted), each class is normalised by its own count so a curator who rejects ten times more
 * than they approve is not skewed, it has no learning rate to tune, and a weight reads plainly as
 * "more frequent in what you keep than in what you reject". SHRINK makes one decision move things a
 * little and many decisions a lot.
 */
export interface SectorModel {
  version: 1
  decisions: number
  positives: number
  negatives: number
  /** term -> [sum over kept articles, sum over rejected articles] of the term's vector value. */
  terms: Record<string, [number, number]>
  /** feedId -> the curator's record with that source. */
  sources: Record<string, { name: string; kept: number; rejected: number }>
  /**
   * Analyser language -> [kept, rejected] weighted counts: what each class should look like by
   * language alone, so that the language is never learned (absent from models saved before it).
   */
  langs?: Record<string, [number, number]>
}

export const MODEL_TERMS_MAX = 5000
export const LEARN_SHRINK = 10
const SHRINK = LEARN_SHRINK
// A reshare says more than an approve.
const ACTION_WEIGHT: Record<Action, number> = { approve: 1, reshare: 1.5, reject: 1 }
const FEATURES_PER_DOC = 40

export type LearnableDoc = ScoreDoc | (AnalyzedDoc & { feedId: number; source: string })

/** A model that knows nothing yet. */
export function emptyModel(): SectorModel {
  return { version: 1, decisions: 0, positives: 0, negatives: 0, terms: {}, sources: {} }
}

/** Updates the model with one decision (reshare counts 1.5 approvals); returns a new model. */
export function learnFromDecision(
  model: SectorModel,
  doc: LearnableDoc,
  action: Action,
): SectorModel {
  return learnFromDecisions(model, [{ doc, action }])
}

/** Several decisions at once (a replay of the history), copying the model once. */
export function learnFromDecisions(
  model: SectorModel,
  items: { doc: LearnableDoc; action: Action }[],
): SectorModel {
  const next = copy(model)
  for (const { doc, action } of items) apply(next, doc, action, 1)
  return prune(next)
}

/**
 * Learns one decision into this model itself, no copy: for the one who owns it (a copy of five
 * thousand terms took longer than the rest of a decision's learning). `replaces`: the article's
 * earlier decision, taken back first, so that an undone or changed decision no longer teaches;
 * `action` null only takes that back (the decision was undone, or is one that teaches nothing).
 */
export function learnInPlace(
  model: SectorModel,
  doc: LearnableDoc,
  action: Action | null,
  replaces: Action | null = null,
): SectorModel {
  if (replaces) apply(model, doc, replaces, -1)
  if (action) apply(model, doc, action, 1)
  return prune(model)
}

/** Takes back a decision learned earlier (the curator undid it); returns a new model. */
export function unlearnDecision(
  model: SectorModel,
  doc: LearnableDoc,
  action: Action,
): SectorModel {
  const next = copy(model)
  apply(next, doc, action, -1)
  return prune(next)
}

/** The article as a sparse unit vector: title terms x2.5, 1 + ln(tf), its strongest FEATURES_PER_DOC terms. */
export function docVector(doc: AnalyzedDoc): Map<string, number> {
  const cached = vectors.get(doc)
  if (cached) return cached
  const tf = new Map<string, number>()
  for (const t of doc.titleTerms) tf.set(t, (tf.get(t) ?? 0) + TITLE_BOOST)
  for (const t of doc.bodyTerms) tf.set(t, (tf.get(t) ?? 0) + 1)
  const keys: string[] = []
  const counts = new Float64Array(tf.size)
  for (const [t, n] of tf) counts[keys.push(t) - 1] = n
  // The FEATURES_PER_DOC-th largest frequency; ties at the cut go by term, for determinism.
  const sorted = counts.slice().sort()
  const cut = sorted[Math.max(0, sorted.length - FEATURES_PER_DOC)] ?? 0
  const top: string[] = []
  const ties: string[] = []
  for (let i = 0; i < keys.length; i++) {
    if (counts[i]! > cut) top.push(keys[i]!)
    else if (counts[i] === cut) ties.push(keys[i]!)
  }
  ties.sort()
  for (const t of ties.slice(0, FEATURES_PER_DOC - top.length)) top.push(t)
  let norm = 0
  const values = top.map((t) => {
    const v = 1 + Math.log(tf.get(t)!)
    norm += v * v
    return v
  })
  norm = Math.sqrt(norm) || 1
  const vector = new Map<string, number>()
  top.forEach((t, i) => vector.set(t, values[i]! / norm))
  vectors.set(doc, vector)
  return vector
}
const vectors = new WeakMap<AnalyzedDoc, Map<string, number>>()

/** A term's learned weight: positive when it is more present in kept than in rejected articles. */
export function termWeight(model: SectorModel, sums: [number, number]): number {
  return sums[0] / (model.positives + SHRINK) - sums[1] / (model.negatives + SHRINK)
}

function apply(model: SectorModel, input: LearnableDoc, action: Action, sign: 1 | -1): void {
  const doc = 'titleTerms' in input ? input : analyzeDoc(input)
  const w = ACTION_WEIGHT[action] * sign
  const side = action === 'reject' ? 1 : 0
  for (const [term, v] of docVector(doc)) {
    // Stop words and stubs would teach the language and the prose, not the curator's interests.
    // "constructor" (an F1 team) or "tostring" are words too: never Object's inherited members.
    if (!isLearnable(term) || term === '__proto__') continue
    const had = Object.hasOwn(model.terms, term) ? model.terms[term] : undefined
    const sums: [number, number] = [...(had ?? [0, 0])]
    sums[side] = Math.max(0, sums[side] + w * v)
    if (sums[0] === 0 && sums[1] === 0) {
      if (had) countTerms(model.terms, -1)
      delete model.terms[term]
    } else {
      if (!had) countTerms(model.terms, 1)
      model.terms[term] = sums
    }
  }
  if (side === 0) model.positives = Math.max(0, model.positives + w)
  else model.negatives = Math.max(0, model.negatives + w)
  const langs = [...(model.langs?.[doc.lang] ?? [0, 0])] as [number, number]
  langs[side] = Math.max(0, langs[side] + w)
  model.langs = { ...model.langs, [doc.lang]: langs }
  model.decisions = Math.max(0, model.decisions + sign)
  const key = String(input.feedId)
  const src = {
    ...(model.sources[key] ?? { name: input.source, kept: 0, rejected: 0 }),
    name: input.source,
  }
  if (side === 0) src.kept = Math.max(0, src.kept + sign)
  else src.rejected = Math.max(0, src.rejected + sign)
  // A source whose only decision was taken back is one the curator never decided on.
  if (src.kept === 0 && src.rejected === 0) delete model.sources[key]
  else model.sources[key] = src
}

function copy(model: SectorModel): SectorModel {
  // Term arrays are replaced, never mutated, so a shallow copy keeps the input model intact.
  return { ...model, terms: { ...model.terms }, sources: { ...model.sources } }
}

// Hysteresis: sort only when the vocabulary is 10% over the bound, not on every decision.
function prune(model: SectorModel): SectorModel {
  if (termCount(model.terms) <= MODEL_TERMS_MAX * 1.1) return model
  const entries = Object.entries(model.terms)
  entries.sort((a, b) => Math.abs(termWeight(model, b[1])) - Math.abs(termWeight(model, a[1])))
  model.terms = Object.fromEntries(entries.slice(0, MODEL_TERMS_MAX))
  return model
}

// How many terms a model holds, counted once per terms object and then kept up to date by apply:
// counting the keys of five thousand terms on every decision cost more than learning it.
const termCounts = new WeakMap<SectorModel['terms'], number>()

function termCount(terms: SectorModel['terms']): number {
  let n = termCounts.get(terms)
  if (n === undefined) termCounts.set(terms, (n = Object.keys(terms).length))
  return n
}

function countTerms(terms: SectorModel['terms'], change: 1 | -1) {
  const n = termCounts.get(terms)
  if (n !== undefined) termCounts.set(terms, n + change)
}
