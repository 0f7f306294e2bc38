import { Layout } from '../layout.tsx'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import type { Frame } from '../queue/queue-page.tsx'
import { ReshareHistory, type ReshareItem } from './reshare-history.tsx'

export interface CalendarPageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  timezone: string
  days: { day: string; items: (ReshareItem & { articleId: number; title: string })[] }[]
  /** How many weeks ahead the page shows. */
  weeks: number
  /** Posts scheduled after those weeks: how many, and the weeks that would show them all. */
  later: { n: number; weeks: number } | null
  canEdit: boolean
}

/** What goes out in the next weeks (two unless asked), day by day in the sector's time zone. */
export function CalendarPage(p: CalendarPageProps) {
  const { t, locale, csrf } = p.frame
  return (
    <Layout {...p.frame} title={t('reshare.calendar')} active="reshares">
      <div class="page-head">
        <h1>{t('reshare.calendar')}</h1>
        <SectorPicker sectors={p.sectors} current={p.sector} action="/reshares" t={t} />
      </div>
      <p class="muted">{t('reshare.timezone', { tz: p.timezone })}</p>
      {p.days.length === 0 && <p class="empty">{t('reshare.calendarEmpty', { n: p.weeks })}</p>}
      {p.days.map((d) => (
        <section class="calendar-day">
          <h2>{d.day}</h2>
          {d.items.map((item) => (
            <div class="calendar-item">
              <a href={`/articles/${item.articleId}`}>{item.title}</a>
              <ReshareHistory
                items={[item]}
                heading={false}
                sector={p.sector}
                t={t}
                locale={locale}
                timezone={p.timezone}
                csrf={csrf}
                canEdit={p.canEdit}
                back={`/reshares?sector=${encodeURIComponent(p.sector)}`}
              />
            </div>
          ))}
        </section>
      ))}
      {p.later && (
        <p class="notice calendar-later">
          {t('reshare.calendarLater', { n: p.later.n, weeks: p.weeks })}{' '}
          <a
            href={`/reshares?sector=${encodeURIComponent(p.sector)}&weeks=${Math.min(520, p.later.weeks)}`}
          >
            {t('reshare.calendarShowLater')}
          </a>
        </p>
      )}
    </Layout>
  )
}
