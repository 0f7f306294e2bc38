import { translator } from '../../web/i18n/index.ts'
import type { ProfileMatch } from './profile-match.ts'
import type { Explanation, Reason } from './types.ts'

export type ReasonLang = 'fr' | 'en'

// A learned score or a source weight shows only once it visibly moves the total.
const LEARNED_SHOWN = 0.2
const SOURCE_SHOWN = 0.07

/**
 * Why the article scored as it did, as codes with parameters (the words are web/i18n's
 * "reason.<code>"): the best matched terms, then what else lifted or lowered the score.
 */
export function reasonsOf(e: Explanation, highlights: ProfileMatch['highlights']): Reason[] {
  const out: Reason[] = []
  const shown = highlights.slice(0, 3)
  const inBody = shown.filter((h) => !h.inTitle).map((h) => h.display)
  for (const h of shown)
    if (h.inTitle) out.push({ code: 'title_match', params: { term: h.display } })
  if (inBody.length) out.push({ code: 'profile_terms', params: { terms: inBody.join(', ') } })
  const related = [...new Set((e.profile.related ?? []).map((m) => m.display))].slice(0, 3)
  if (!shown.length && related.length)
    out.push({ code: 'related_terms', params: { terms: related.join(', ') } })
  else if (!shown.length) out.push({ code: 'no_profile_topic', params: {} })
  if (e.profile.excluded.length)
    out.push({
      code: 'excluded',
      params: { terms: e.profile.excluded.map((x) => x.display).join(', ') },
    })
  if (e.learned.score >= LEARNED_SHOWN) out.push({ code: 'close_to_choices', params: {} })
  if (e.learned.score <= -LEARNED_SHOWN) out.push({ code: 'far_from_choices', params: {} })
  const n = e.source.kept + e.source.rejected
  if (e.source.score >= 0.5 + SOURCE_SHOWN && n > 0)
    out.push({ code: 'liked_source', params: { n } })
  if (e.source.score <= 0.5 - SOURCE_SHOWN && n > 0)
    out.push({ code: 'rejected_source', params: { n } })
  if (e.trending.sources >= 2 && e.trending.boost > 0)
    out.push({ code: 'trending', params: { sources: e.trending.sources } })
  if (e.freshness.score >= 0.7) out.push({ code: 'fresh', params: {} })
  if (e.freshness.score < 0.25) out.push({ code: 'old', params: {} })
  return out
}

/** The reasons as one line for a card, in a language: "LinkedIn (titre) · source appréciée (5 décisions)". */
export function reasonText(reasons: readonly Reason[], lang: ReasonLang): string {
  const t = translator(lang)
  return reasons.map((r) => t(`reason.${r.code}`, r.params)).join(' · ')
}
