import type { SectorDashboard } from '../../../src/store/index.ts'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import { Layout, type LayoutProps } from '../layout.tsx'
import { formatNumber } from '../../i18n/number.ts'
import { BarChart } from './bar-chart.tsx'

export type Frame = Omit<LayoutProps, 'children' | 'title' | 'active'>

export interface DashboardPageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  data: SectorDashboard
}

// "2026-11-20" -> "20/11": short enough for an axis.
const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`

/** Figures and three charts of a sector: articles per day, score distribution, decisions per day. */
export function DashboardPage(p: DashboardPageProps) {
  const { t, locale } = p.frame
  const d = p.data
  const days = d.days.map(shortDay)
  const bins = d.scoreBins.map((_, i) => `${i * 10}–${i * 10 + 10}`)
  const figures = [
    { key: 'feeds', value: d.health.enabled },
    { key: 'feedsFailing', value: d.health.failing, alert: d.health.failing > 0 },
    { key: 'feedsDisabled', value: d.health.disabled },
    { key: 'articlesWeek', value: d.week.articles },
    { key: 'decisionsWeek', value: d.week.decisions },
  ]
  return (
    <Layout {...p.frame} title={t('dash.title')} active="dashboard">
      <div class="page-head">
        <h1>{t('dash.title')}</h1>
        <SectorPicker sectors={p.sectors} current={p.sector} action="/dashboard" t={t} />
      </div>
      <section class="figures" aria-label={t('dash.figures')}>
        {figures.map((f) => (
          <div class={f.alert ? 'figure alert' : 'figure'}>
            <span class="figure-value">{formatNumber(locale, f.value)}</span>
            <span class="figure-label">{t(`dash.${f.key}`)}</span>
          </div>
        ))}
      </section>
      <div class="charts">
        <BarChart
          id="chart-articles"
          title={t('dash.articlesPerDay')}
          labels={days}
          labelHeader={t('dash.day')}
          series={[{ key: 'articles', label: t('dash.articles'), values: d.articlesPerDay }]}
          tickEvery={5}
          t={t}
          locale={locale}
        />
        <BarChart
          id="chart-scores"
          title={t('dash.scores')}
          labels={bins}
          labelHeader={t('dash.scoreRange')}
          series={[{ key: 'scores', label: t('dash.count'), values: d.scoreBins }]}
          t={t}
          locale={locale}
        />
        <BarChart
          id="chart-decisions"
          title={t('dash.decisions')}
          labels={days}
          labelHeader={t('dash.day')}
          series={(['approve', 'reject', 'reshare'] as const).map((a) => ({
            key: a,
            label: t(`dash.${a}`),
            values: d.decisions[a],
          }))}
          tickEvery={5}
          t={t}
          locale={locale}
        />
      </div>
    </Layout>
  )
}
