import type { AnalyzerLang } from '../search/analyzer.ts'
import { isInformative } from './learnable.ts'
import type { CompiledProfile } from './profile.ts'
import { type DocFrequencies, matchProfile } from './profile-match.ts'
import type { AnalyzedDoc } from './types.ts'

/*
 * Pseudo-relevance feedback (a relevance model, RM3-style), from the sector's own articles: the
 * articles that match the profile best, per language (the best quarter of the strong matches, 10 to
 * 30 of them), are taken as relevant; the terms they share far more than the sector's articles of
 * that language do ("tory", "mps" and "downing" beside "government"; "iphone" beside "smartphone")
 * join the profile as related terms, each worth at most RELATED_WEIGHT of a profile term. A
 * ten-minute profile names the topic; its articles say how the topic is written about. Terms too
 * rare, too common or stop words never qualify (the learned model's filter), nor do the profile's
 * own terms.
 */
// The feedback articles: a quarter of the strong matches, from FEEDBACK_DOCS to MAX_FEEDBACK_DOCS.
const FEEDBACK_DOCS = 10
const MAX_FEEDBACK_DOCS = 30
// Fewer strong matches than this in a language and the feedback would be noise.
const MIN_FEEDBACK_DOCS = 5
// Only articles with at least this much evidence (about two mentions of a typical term) count as feedback.
const MIN_FEEDBACK_STRENGTH = 2
const RELATED_TERMS = 15
// A related term must appear in this share of the feedback articles: one article's names are not the topic's.
const MIN_SHARE = 0.3
export const RELATED_WEIGHT = 0.4
// A term in more than this share of the language's articles does not single out the topic's.
const MAX_BACKGROUND = 0.1

/** Related terms per language: analysed term -> weight in (0, RELATED_WEIGHT]. */
export type RelatedTerms = Partial<Record<AnalyzerLang, Map<string, number>>>

/** The profile's related terms in the sector's articles (to set as `df.related`). */
export function relatedTerms(
  docs: readonly AnalyzedDoc[],
  profile: CompiledProfile,
  df: DocFrequencies,
): RelatedTerms {
  const related: RelatedTerms = {}
  const byLang = new Map<AnalyzerLang, { doc: AnalyzedDoc; strength: number }[]>()
  for (const doc of docs) {
    const m = matchProfile(doc, profile, { ...df, related: undefined })
    if (m.strength < MIN_FEEDBACK_STRENGTH || m.exclusion < 0.5) continue
    const list = byLang.get(doc.lang) ?? []
    list.push({ doc, strength: m.strength })
    byLang.set(doc.lang, list)
  }
  for (const [lang, matches] of byLang) {
    if (matches.length < MIN_FEEDBACK_DOCS) continue
    // A broad topic has many strong matches and is written about in more ways than ten articles show.
    const take = Math.min(
      MAX_FEEDBACK_DOCS,
      Math.max(FEEDBACK_DOCS, Math.round(matches.length / 4)),
    )
    const top = matches.sort((a, b) => b.strength - a.strength).slice(0, take)
    const own = new Set(profile.terms[lang].flatMap((t) => t.seq))
    const inLang = df.byLang?.[lang]
    const present = new Map<string, number>()
    for (const { doc } of top)
      for (const t of new Set([...doc.titleTerms, ...doc.bodyTerms]))
        present.set(t, (present.get(t) ?? 0) + 1)
    const scored: [string, number][] = []
    for (const [t, a] of present) {
      if (own.has(t) || a < MIN_SHARE * top.length) continue
      if (!isInformative(t, lang, df)) continue
      const p = Math.max(1, inLang?.df.get(t) ?? 1) / Math.max(1, inLang?.docs ?? df.docs)
      if (p > MAX_BACKGROUND) continue
      // How much more often the feedback articles use the term than their language does (a
      // log-likelihood term): shared and rare beats merely frequent.
      const lift = a * Math.log(a / (top.length * p))
      if (lift > 0) scored.push([t, lift])
    }
    scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    const best = scored.slice(0, RELATED_TERMS)
    const max = best[0]?.[1] ?? 1
    related[lang] = new Map(best.map(([t, lift]) => [t, (RELATED_WEIGHT * lift) / max]))
  }
  return related
}
