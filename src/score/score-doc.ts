import { freshness } from './freshness.ts'
import { learnedScore } from './learned.ts'
import type { SectorModel } from './model.ts'
import type { CompiledProfile } from './profile.ts'
import { type DocFrequencies, matchProfile, type ProfileMatch, round } from './profile-match.ts'
import { reasonsOf, reasonText, type ReasonLang } from './reason.ts'
import { sourceWeight } from './source-weight.ts'
import type { Explanation, ScorableDoc } from './types.ts'

export interface ScoreContext {
  profile: CompiledProfile
  model: SectorModel
  now: Date
  /** How many sources of the sector cover the article's story (from clusterStories). */
  storySources?: number
  /** False when a member of the story is off topic: such a story gets no trending boost. */
  storyOnTopic?: boolean
  df?: DocFrequencies
  /**
   * The article's matchProfile against this profile and df, when the caller kept it: it depends on
   * neither the model nor the clock, so rescoring after a decision need not match again.
   */
  match?: ProfileMatch
  /** Language of the reason line; French by default. */
  lang?: ReasonLang
}

/*
 * The total, in [0, 1]:
 *   z     = 2.5 * ln(1 + strength) - 3 + 2.5 * learned + source.adj + trend - 4 * fw * (1 - freshness)
 *   total = sigmoid(z) * exclusion
 * strength is the profile's BM25F evidence (each term saturated on its own, weighted by rarity,
 * topics by their weight, related terms at most 0.4 of a term; see profile-match.ts): it is never
 * capped, so more evidence always ranks higher, with diminishing returns (log). No match gives
 * 0.05, one mention of a typical term ~0.2, three ~0.6, ten ~0.95 before the rest.
 * learned in [-1, 1] moves the logit by up to 2.5 (a third of the profile's range); source.adj in [-1.2, 1.2] (kind prior +
 * Beta-smoothed keep rate); trend = min(1.5, 0.5 * log2(storySources)) from 2 sources on, only for
 * a story whose members are all on topic; exclusion = exp(-0.9 * saturated excluded matches)
 * pushes noise down whatever else it has.
 * Freshness (0.5^(age / the sector's half_life_hours)) is bounded: an old article's logit loses at
 * most 4 x the sector's freshness_weight (fw, 0.15 by default, at most 0.3), which costs it at
 * most fw of its score (a logistic's slope is at most 1/4). So it orders articles of about equal
 * relevance, but a fresh off-topic article never overtakes an on-topic one of yesterday.
 */
const PROFILE_GAIN = 2.5
const PROFILE_OFFSET = 3
const LEARNED_GAIN = 2.5
const FRESH_LOGIT = 4

/** The article's score in its sector, with the parts that explain it. */
export function scoreDoc(doc: ScorableDoc, ctx: ScoreContext): Explanation {
  const { profile, model } = ctx
  const match = ctx.match ?? matchProfile(doc, profile, ctx.df)
  const learned = learnedScore(doc, model, ctx.df)
  const fresh = freshness(doc.publishedAt, ctx.now, profile.halfLifeHours)
  const source = sourceWeight(model, doc.feedId, doc.sourceKind)
  const sources = ctx.storySources ?? 1
  const trend =
    sources >= 2 && ctx.storyOnTopic !== false ? Math.min(1.5, 0.5 * Math.log2(sources)) : 0

  const z =
    PROFILE_GAIN * Math.log1p(match.strength) -
    PROFILE_OFFSET +
    LEARNED_GAIN * learned.score +
    source.adj
  const age = FRESH_LOGIT * profile.freshnessWeight * (1 - fresh.score)
  const scale = match.exclusion
  const total = sigmoid(z + trend - age) * scale
  const boost = total - sigmoid(z - age) * scale

  const explanation: Explanation = {
    score: round(total),
    reason: '',
    profile: match.explained,
    learned,
    freshness: {
      score: round(fresh.score),
      ageHours: round(fresh.ageHours, 1),
      halfLifeHours: profile.halfLifeHours,
    },
    source: {
      score: round(source.score),
      name: doc.source,
      kind: doc.sourceKind,
      kept: source.kept,
      rejected: source.rejected,
    },
    trending: { boost: round(boost), sources },
  }
  explanation.reasons = reasonsOf(explanation, match.highlights)
  explanation.reason = reasonText(explanation.reasons, ctx.lang ?? 'fr')
  return explanation
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))
