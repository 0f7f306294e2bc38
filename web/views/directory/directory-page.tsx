import type { Child } from 'hono/jsx'
import type { Locale, Translate } from '../../i18n/index.ts'
import { formatNumber } from '../../i18n/number.ts'
import { Layout } from '../layout.tsx'
import { DateTime } from '../components/format.tsx'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import type { Frame } from '../queue/queue-page.tsx'
import { Sparkline } from './sparkline.tsx'
import { Pager, type Paging } from '../components/pager.tsx'
import { TableScroll } from '../components/table-scroll.tsx'

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

export const DIRECTORY_SORTS = [
  'influence',
  'citations',
  'perWeek',
  'affinity',
  'last',
  'name',
] as const
export type DirectorySort = (typeof DIRECTORY_SORTS)[number]
export type DirectoryTab = 'sources' | 'people' | 'suggestions'

export interface DirectoryPageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  computedAt: string | null
  tab: DirectoryTab
  filters: { q: string; rising: boolean; sort: DirectorySort }
  /** This page's address with some parameters changed (a tab, a sort), the others kept. */
  href: (changes: Record<string, string | null>) => string
  /** The page's rows of the tab, each with its influence rank. */
  rows: (DirectoryEntry & { rank: number })[]
  /** Whether a text or "rising" filter narrowed the list (an empty list then says so). */
  filtered: boolean
  paging: Paging
  /** The suggested sources (web/views/directory/suggestions.tsx), on their tab. */
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

// Column headers that sort the list (the others do not order anything meaningful).
const SORTED_BY: Partial<Record<string, DirectorySort>> = {
  'directory.name': 'name',
  'directory.influence': 'influence',
  'directory.citations': 'citations',
  'directory.perWeek': 'perWeek',
  'directory.last': 'last',
  'directory.affinity': 'affinity',
}

function Header(p: {
  label: string
  sort: DirectorySort
  href: DirectoryPageProps['href']
  t: Translate
}) {
  const by = SORTED_BY[p.label]
  if (!by) return <th scope="col">{p.t(p.label)}</th>
  return (
    <th
      scope="col"
      aria-sort={by === p.sort ? (by === 'name' ? 'ascending' : 'descending') : undefined}
    >
      <a href={p.href({ sort: by === 'influence' ? null : by, page: null })}>{p.t(p.label)}</a>
    </th>
  )
}

const COLUMNS = [
  'directory.rank',
  'directory.name',
  'directory.influence',
  'directory.citations',
  'directory.perWeek',
  'directory.weeks',
  'directory.last',
  'directory.affinity',
  'directory.shortlisted',
  'directory.approved',
  'directory.handles',
]

function Table(p: {
  rows: DirectoryPageProps['rows']
  t: Translate
  locale: Locale
  caption: string
  sort: DirectorySort
  href: DirectoryPageProps['href']
  filtered: boolean
}) {
  const { t } = p
  if (!p.rows.length)
    return <p class="empty">{t(p.filtered ? 'directory.noMatch' : 'directory.empty')}</p>
  return (
    <TableScroll label={p.caption}>
      <table class="directory">
        <caption class="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            {COLUMNS.map((label) => (
              <Header label={label} sort={p.sort} href={p.href} t={t} />
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.rank}</td>
              <th scope="row">
                {r.href ? <a href={r.href}>{r.name}</a> : r.name}
                {r.rising && <span class="badge rising">{t('directory.rising')}</span>}
                {r.detail && <div class="detail">{r.detail}</div>}
              </th>
              <td>{formatNumber(p.locale, r.influence * 100, 2)}</td>
              <td>
                {r.citations
                  ? t('directory.citationsLine', { n: r.citingSources, citations: r.citations })
                  : '—'}
              </td>
              <td>{formatNumber(p.locale, r.articlesPerWeek)}</td>
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
              <td>{r.affinity === null ? '—' : formatNumber(p.locale, r.affinity, 2)}</td>
              <td>{pct(r.shortlistShare)}</td>
              <td>{pct(r.approveRate)}</td>
              <td>
                <Handles handles={r.handles} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

/** A sector's directory: its sources and its people, most influential first, with their figures. */
export function DirectoryPage(p: DirectoryPageProps) {
  const { t, locale } = p.frame
  return (
    <Layout {...p.frame} title={t('directory.title')} active="directory">
      <div class="page-head">
        <h1>{t('directory.title')}</h1>
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
      <nav class="queue-states" aria-label={t('directory.tabs')}>
        {(['sources', 'people', 'suggestions'] as const).map((tab) => (
          <a
            href={p.href({ tab: tab === 'sources' ? null : tab, page: null })}
            aria-current={tab === p.tab ? 'page' : undefined}
          >
            {t(`directory.${tab}`)}
          </a>
        ))}
      </nav>
      {p.tab === 'suggestions' ? (
        p.suggestions
      ) : (
        <>
          <form method="get" action="/directory" class="filters directory-filters">
            <input type="hidden" name="sector" value={p.sector} />
            <input type="hidden" name="tab" value={p.tab} />
            <label>
              {t('directory.filter')}
              <input type="search" name="q" value={p.filters.q} maxlength={200} />
            </label>
            <label>
              <input type="checkbox" name="rising" value="1" checked={p.filters.rising} />{' '}
              {t('directory.risingOnly')}
            </label>
            <label>
              {t('directory.sortBy')}
              <select name="sort">
                {DIRECTORY_SORTS.map((sort) => (
                  <option value={sort} selected={sort === p.filters.sort}>
                    {t(`directory.sort.${sort}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">{t('directory.apply')}</button>
          </form>
          <p class="meta">{t('directory.count', { n: p.paging.total })}</p>
          <Table
            rows={p.rows}
            t={t}
            locale={locale}
            caption={t(`directory.${p.tab}`)}
            sort={p.filters.sort}
            href={p.href}
            filtered={p.filtered}
          />
          <Pager paging={p.paging} label={t('directory.pages')} t={t} />
        </>
      )}
    </Layout>
  )
}
