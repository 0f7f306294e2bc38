import type { Translate } from '../../i18n/index.ts'
import { scorePoints } from './format.tsx'

/** The score out of 100, coloured by band (high, mid, low) through a class. */
export function ScoreBadge(p: { score: number; t: Translate }) {
  const points = scorePoints(p.score)
  const band = points >= 60 ? 'high' : points >= 30 ? 'mid' : 'low'
  return (
    <span class={`score-badge score-${band}`} title={p.t('card.score')}>
      {points}
    </span>
  )
}

const STATUSES = new Set([
  'new',
  'approved',
  'rejected',
  'reshared',
  'snoozed',
  'dismissed',
  'deleted',
])

/** The curation state of an article, as a word and a class. */
export function StatusBadge(p: { status: string; t: Translate }) {
  const status = STATUSES.has(p.status) ? p.status : 'new'
  return <span class={`status-badge status-${status}`}>{p.t(`status.${status}`)}</span>
}
