import type { ProfileMatch } from './profile-match.ts'
import type { Explanation } from './types.ts'

export type ReasonLang = 'fr' | 'en'

const WORDING = {
  fr: {
    title: 'titre',
    none: 'aucun thème du profil',
    liked: 'proche de vos choix',
    disliked: 'loin de vos choix',
    goodSource: 'source appréciée',
    badSource: 'source souvent écartée',
    excluded: (list: string) => `exclu : ${list}`,
    trending: (n: number) => `tendance (${n} sources)`,
    fresh: 'frais',
    old: 'ancien',
  },
  en: {
    title: 'title',
    none: 'no profile topic',
    liked: 'like your picks',
    disliked: 'unlike your picks',
    goodSource: 'liked source',
    badSource: 'often rejected source',
    excluded: (list: string) => `excluded: ${list}`,
    trending: (n: number) => `trending (${n} sources)`,
    fresh: 'fresh',
    old: 'old',
  },
}

/** One line for a card: the best matched terms, then what else lifted or lowered the score. */
export function reasonLine(
  e: Explanation,
  highlights: ProfileMatch['highlights'],
  lang: ReasonLang,
): string {
  const w = WORDING[lang]
  const shown: string[] = []
  for (const h of highlights.slice(0, 3))
    shown.push(h.inTitle ? `${h.display} (${w.title})` : h.display)
  const parts = [shown.length ? shown.join(', ') : w.none]
  if (e.profile.excluded.length)
    parts.push(w.excluded(e.profile.excluded.map((x) => x.display).join(', ')))
  if (e.learned.score >= 0.2) parts.push(w.liked)
  if (e.learned.score <= -0.2) parts.push(w.disliked)
  if (e.source.score >= 0.57) parts.push(w.goodSource)
  if (e.source.score <= 0.43) parts.push(w.badSource)
  if (e.trending.sources >= 2) parts.push(w.trending(e.trending.sources))
  if (e.freshness.score >= 0.7) parts.push(w.fresh)
  if (e.freshness.score < 0.25) parts.push(w.old)
  return parts.join(' · ')
}
