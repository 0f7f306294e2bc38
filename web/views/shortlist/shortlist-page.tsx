import { Layout } from '../layout.tsx'
import { AlsoCovered } from '../components/also-covered.tsx'
import { ScoreBadge, StatusBadge } from '../components/badges.tsx'
import { reasonLine, type Reasoned } from '../components/reason-line.ts'
import { DateTime, formatDate, scorePoints, WithTime } from '../components/format.tsx'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import type { Frame } from '../queue/queue-page.tsx'

export interface ShortlistEntry {
  rank: number
  id: number
  title: string
  source: string
  publishedAt: string
  score: number
  reason: string
  explanation?: Reasoned['explanation']
  status: string
  alsoCoveredBy: { id: number; source: string; title: string }[]
  /** The curator's public commentary, when written. */
  commentary?: string
}

export interface ShortlistPageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  day: string
  prevDay: string
  nextDay: string | null
  createdAt: string | null
  /** The sector's shortlist floor: no item scores below it. */
  floor?: number
  items: ShortlistEntry[]
  /** Curators and admins get the composer link on each item. */
  canReshare?: boolean
  /** Today's list, for a curator: it can be made again with what arrived since. */
  canRebuild?: boolean
  /** Just made again: how many of its items are new. */
  rebuilt?: number | null
}

/** A day's shortlist of a sector: rank, score and reason, and what the curator did with each item. */
export function ShortlistPage(p: ShortlistPageProps) {
  const { t, locale } = p.frame
  const dayUrl = (day: string) => `/shortlist?sector=${encodeURIComponent(p.sector)}&date=${day}`
  const dayLabel = formatDate(locale, `${p.day}T12:00:00Z`, false)
  return (
    <Layout {...p.frame} title={t('shortlist.title')} active="shortlist">
      <div class="page-head">
        <h1>{t('shortlist.of', { day: dayLabel })}</h1>
        <SectorPicker sectors={p.sectors} current={p.sector} action="/shortlist" t={t} />
      </div>
      <nav class="day-nav" aria-label={t('shortlist.days')}>
        <a href={dayUrl(p.prevDay)} rel="prev">
          {t('shortlist.prevDay')}
        </a>
        <form method="get" action="/shortlist" class="day-picker">
          <input type="hidden" name="sector" value={p.sector} />
          <input type="date" name="date" value={p.day} aria-label={t('shortlist.title')} />
          <button type="submit">{t('shortlist.go')}</button>
        </form>
        {p.nextDay ? (
          <a href={dayUrl(p.nextDay)} rel="next">
            {t('shortlist.nextDay')}
          </a>
        ) : (
          <span />
        )}
      </nav>
      {p.items.length > 0 && (
        <p class="page-links">
          {t('shortlist.export')}{' '}
          {(['md', 'html', 'csv'] as const).map((format) => (
            <>
              <a
                href={`/shortlist/export?sector=${encodeURIComponent(p.sector)}&date=${p.day}&format=${format}`}
                download
              >
                {format === 'md' ? 'Markdown' : format.toUpperCase()}
              </a>{' '}
            </>
          ))}
        </p>
      )}
      {p.rebuilt != null && (
        <p class="notice" role="status">
          {p.rebuilt === 0 ? t('shortlist.rebuiltNone') : t('shortlist.rebuilt', { n: p.rebuilt })}
        </p>
      )}
      {p.createdAt && (
        <div class="shortlist-made">
          <p class="muted">
            <WithTime sentence={t('shortlist.savedAt')} when={p.createdAt} locale={locale} />
          </p>
          {p.canRebuild && (
            <form method="post" action="/shortlist/rebuild" class="shortlist-rebuild">
              <input type="hidden" name="_csrf" value={p.frame.csrf} />
              <input type="hidden" name="sector" value={p.sector} />
              <button type="submit" aria-describedby="shortlist-rebuild-hint">
                {t('shortlist.rebuild')}
              </button>
              <span class="muted" id="shortlist-rebuild-hint">
                {t('shortlist.rebuildHint')}
              </span>
            </form>
          )}
        </div>
      )}
      {p.floor !== undefined && (
        <p class="muted shortlist-floor">
          {t('shortlist.floor', { floor: scorePoints(p.floor), setting: p.floor })}
        </p>
      )}
      {p.items.length ? (
        <ol class="shortlist">
          {p.items.map((item) => (
            <li class={`shortlist-item status-row-${item.status}`} data-id={String(item.id)}>
              <span class="rank" title={t('shortlist.rank')}>
                {item.rank}
              </span>
              <div class="shortlist-body">
                <h2 class="card-title">
                  <a href={`/articles/${item.id}`}>{item.title}</a>
                </h2>
                <p class="card-meta">
                  <span class="source">{item.source}</span>
                  <DateTime locale={locale} when={item.publishedAt} />
                  <StatusBadge status={item.status} t={t} />
                </p>
                <p class="card-reason">
                  <ScoreBadge score={item.score} t={t} /> {reasonLine(item, t)}
                </p>
                {item.commentary?.trim() && (
                  <blockquote class="public-commentary">{item.commentary}</blockquote>
                )}
                <AlsoCovered others={item.alsoCoveredBy} t={t} />
                {p.canReshare && (
                  <a class="compose-link" href={`/articles/${item.id}/reshare`}>
                    {t('reshare.action')}…
                  </a>
                )}
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">{t('shortlist.empty')}</p>
      )}
    </Layout>
  )
}
