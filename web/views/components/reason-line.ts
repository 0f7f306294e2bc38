import type { Translate } from '../../i18n/index.ts'

export interface Reasoned {
  reason: string
  explanation?: { reasons?: { code: string; params: Record<string, string | number> }[] } | null
}

/**
 * A card's reason line in the reader's language, from the score's reason codes; a score saved
 * before codes existed keeps its stored line.
 */
export function reasonLine(card: Reasoned, t: Translate): string {
  const reasons = card.explanation?.reasons
  if (!reasons) return card.reason
  return reasons.map((r) => t(`reason.${r.code}`, r.params)).join(' · ')
}
