import type { Child } from 'hono/jsx'
import type { Locale, Translate } from '../../i18n/index.ts'
import { Layout } from '../layout.tsx'
import { DateTime } from '../components/format.tsx'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import type { Frame } from '../queue/queue-page.tsx'
import { Sparkline } from './sparkline.tsx'

export interface DirectoryFiguresView {
  articles: number
  articlesPerWeek: number
  weekly: number[]
  lastPublishedAt: string | null
  affinity: number | null
  shortlistShare: number | null
  approveRate: number | null
  citations: number
  citingSources: number
  influence: number
  rising: boolean
}

export interface DirectoryEntry extends DirectoryFiguresView {
  id: number
  name: string
  /** the site (sources) or the sources written for (people) */
  detail: string | null
  handles: { network: string; handle: string; url: string | null; signal: string }[]
  /** the entry's own page, when it has one */
  href?: string
}

export interface DirectoryPageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  sectorName: string
  computedAt: string | null
  sources: DirectoryEntry[]
  people: DirectoryEntry[]
  /** The suggested sources section (web/views/directory/suggestions.tsx). */
  suggestions?: Child
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`)
const webUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null)

function Handles(p: { handles: DirectoryEntry['handles']; t: Translate }) {
  return (
    <ul class="handles">
      {p.handles.map((h) => (
        <li title={p.t('directory.foundBy', { signal: h.signal })}>
          <span class="network">{h.network}</span>{' '}
          {webUrl(h.url) ? (
            <a href={webUrl(h.url)!} rel="nofollow noopener noreferrer">
              {h.handle}
            </a>
          ) : (
            h.handle
          )}
        </li>
      ))}
    </ul>
  )
}

function Table(p: { rows: DirectoryEntry[]; t: Translate; locale: Locale; caption: string }) {
  const { t } = p
  if (!p.rows.length) return <p class="empty">{t('directory.empty')}</p>
  return (
    <div class="table-scroll">
      <table class="directory">
        <caption>{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('directory.rank')}</th>
            <th scope="col">{t('directory.name')}</th>
            <th scope="col">{t('directory.influence')}</th>
            <th scope="col">{t('directory.citations')}</th>
            <th scope="col">{t('directory.perWeek')}</th>
            <th scope="col">{t('directory.weeks')}</th>
            <th scope="col">{t('directory.last')}</th>
            <th scope="col">{t('directory.affinity')}</th>
            <th scope="col">{t('directory.shortlisted')}</th>
            <th scope="col">{t('directory.approved')}</th>
            <th scope="col">{t('directory.handles')}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r, i) => (
            <tr>
              <td>{i + 1}</td>
              <th scope="row">
                {r.href ? <a href={r.href}>{r.name}</a> : r.name}
                {r.rising && <span class="badge rising">{t('directory.rising')}</span>}
                {r.detail && <div class="detail">{r.detail}</div>}
              </th>
              <td>{(r.influence * 100).toFixed(2)}</td>
              <td>{t('directory.citationsLine', { n: r.citations, sources: r.citingSources })}</td>
              <td>{r.articlesPerWeek}</td>
              <td>
                <Sparkline
                  weekly={r.weekly}
                  label={t('directory.sparkline', { n: r.weekly.reduce((a, b) => a + b, 0) })}
                />
              </td>
              <td>
                {r.lastPublishedAt ? (
                  <DateTime locale={p.locale} when={r.lastPublishedAt} withTime={false} />
                ) : (
                  '—'
                )}
              </td>
              <td>{r.affinity === null ? '—' : r.affinity.toFixed(2)}</td>
              <td>{pct(r.shortlistShare)}</td>
              <td>{pct(r.approveRate)}</td>
              <td>
                <Handles handles={r.handles} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A sector's directory: its sources and its people, most influential first, with their figures. */
export function DirectoryPage(p: DirectoryPageProps) {
  const { t, locale } = p.frame
  return (
    <Layout {...p.frame} title={t('directory.title')} active="directory">
      <div class="page-head">
        <h1>{t('directory.of', { sector: p.sectorName })}</h1>
        <SectorPicker sectors={p.sectors} current={p.sector} action="/directory" t={t} />
      </div>
      <p class="meta">
        {p.computedAt ? (
          <>
            {t('directory.computedAt', { at: '' })}
            <DateTime locale={locale} when={p.computedAt} />
          </>
        ) : (
          t('directory.notComputed')
        )}
      </p>
      <p class="hint">{t('directory.method')}</p>
      <h2 id="sources">{t('directory.sources')}</h2>
      <Table rows={p.sources} t={t} locale={locale} caption={t('directory.sources')} />
      <h2 id="people">{t('directory.people')}</h2>
      <Table rows={p.people} t={t} locale={locale} caption={t('directory.people')} />
      {p.suggestions}
    </Layout>
  )
}
