import { formatNumber } from '../../i18n/number.ts'
import type { Locale, Translate } from '../../i18n/index.ts'
import { DateTime } from '../components/format.tsx'
import type { DirectoryFiguresView } from './directory-page.tsx'
import { Figure, ShareBar, Sparkline } from './sparkline.tsx'

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

/** What a person or a source publishes and how the curator took it; `afterWeeks` goes beside the weekly chart. */
export function ActivityFigures(p: {
  figures: DirectoryFiguresView
  t: Translate
  locale: Locale
  afterWeeks?: unknown
}) {
  const { figures: f, t, locale } = p
  return (
    <>
      <Figure label={t('directory.perWeek')}>{formatNumber(locale, f.articlesPerWeek)}</Figure>
      <Figure label={t('directory.weeks')}>
        <Sparkline weekly={f.weekly} label={t('directory.sparkline', { n: sum(f.weekly) })} />
      </Figure>
      {p.afterWeeks}
      <Figure label={t('directory.last')}>
        {f.lastPublishedAt ? (
          <DateTime locale={locale} when={f.lastPublishedAt} withTime={false} />
        ) : (
          '—'
        )}
      </Figure>
      <Figure label={t('directory.affinity')}>
        {f.affinity === null ? '—' : formatNumber(locale, f.affinity, 2)}
      </Figure>
      <Figure label={t('directory.shortlisted')}>
        <ShareBar share={f.shortlistShare} label={t('directory.shortlistedShare')} />
      </Figure>
      <Figure label={t('directory.approved')}>
        <ShareBar share={f.approveRate} label={t('directory.approvedShare')} />
      </Figure>
    </>
  )
}
