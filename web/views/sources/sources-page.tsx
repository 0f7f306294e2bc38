import type { Feed, FeedEvent } from '../../../src/store/index.ts'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import { formatNumber, queryString } from '../components/format.tsx'
import { Layout, type LayoutProps } from '../layout.tsx'
import { AddFeedForm, ImportOpmlForm, type AddFeedValues, type FormError } from './feed-forms.tsx'
import { FEED_STATUSES, FeedRow, feedStatus, type FeedStatus } from './feed-row.tsx'
import { TableScroll } from '../components/table-scroll.tsx'

export type Frame = Omit<LayoutProps, 'children' | 'title' | 'active'>

export interface SourcesPageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  feeds: { feed: Feed; perWeek: number; history?: FeedEvent[] }[]
  isAdmin: boolean
  /** Curators may crawl a feed now; viewers only look. */
  canFetch?: boolean
  flash: { ok: boolean; text: string } | null
  error: FormError | null
  addValues: AddFeedValues
  now: Date
  /** When an OPML import just ran: the OPML feeds created at that instant are highlighted. */
  importedAt?: number | null
  /** Show only the feeds in this state; null for all. */
  only?: FeedStatus | null
  /** Whether the sector's picks are published at /p/<slug>. */
  isPublic?: boolean
}

/** Every feed of a sector with its health; for administrators, the forms that change them. */
export function SourcesPage(p: SourcesPageProps) {
  const { t, locale, csrf } = p.frame
  const q = queryString({ sector: p.sector })
  const only = p.only ?? null
  const shown = only ? p.feeds.filter(({ feed }) => feedStatus(feed) === only) : p.feeds
  return (
    <Layout {...p.frame} title={t('sources.title')} active="sources">
      <div class="page-head">
        <h1>{t('sources.title')}</h1>
        <SectorPicker sectors={p.sectors} current={p.sector} action="/sources" t={t} />
        <nav class="page-links" aria-label={t('sources.links')}>
          <a href={`/sources/export.opml${q}`} download>
            {t('sources.export')}
          </a>
          {p.isAdmin && <a href={`/sources/profile${q}`}>{t('sources.profile')}</a>}
          {p.isAdmin && <a href={`/sources/channels${q}`}>{t('reshare.channels')}</a>}
        </nav>
      </div>
      {p.flash && (
        <p class={p.flash.ok ? 'flash ok' : 'flash bad'} role="status">
          {p.flash.text}
        </p>
      )}
      {p.error && (
        <p class="flash bad" role="alert">
          {`${t('sources.error')} : ${p.error.message}`}
        </p>
      )}
      {!p.isAdmin && <p class="help">{t('sources.readOnly')}</p>}
      <PublicSwitch {...p} />
      {p.feeds.length > 0 && <StatusFilter {...p} only={only} />}
      {shown.length === 0 ? (
        <p class="empty">{t(p.feeds.length === 0 ? 'sources.none' : 'sources.noneWithStatus')}</p>
      ) : (
        <TableScroll label={t('sources.title')}>
          <table class="feeds">
            <thead>
              <tr>
                <th scope="col">{t('sources.source')}</th>
                <th scope="col">{t('sources.kind')}</th>
                <th scope="col">{t('sources.url')}</th>
                <th scope="col">{t('sources.lastFetch')}</th>
                <th scope="col">{t('sources.status')}</th>
                <th scope="col">
                  <abbr title={t('sources.perWeekHelp')}>{t('sources.perWeek')}</abbr>
                </th>
                <th scope="col">{t('sources.nextCheck')}</th>
                {(p.isAdmin || p.canFetch) && (
                  <th scope="col" class="feed-actions">
                    {t('sources.actions')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {shown.map(({ feed, perWeek, history }) => (
                <FeedRow
                  history={history}
                  canFetch={p.canFetch}
                  feed={feed}
                  perWeek={perWeek}
                  isAdmin={p.isAdmin}
                  csrf={csrf}
                  t={t}
                  locale={locale}
                  now={p.now}
                  isNew={
                    feed.origin === 'opml' &&
                    p.importedAt != null &&
                    feed.createdAt.getTime() === p.importedAt
                  }
                />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {p.isAdmin && (
        <div class="admin-forms">
          <AddFeedForm sector={p.sector} csrf={csrf} values={p.addValues} error={p.error} t={t} />
          <ImportOpmlForm sector={p.sector} csrf={csrf} error={p.error} t={t} />
        </div>
      )}
    </Layout>
  )
}

/** Whether the sector's picks are public, with the switch for administrators. */
function PublicSwitch(p: SourcesPageProps) {
  const { t, csrf } = p.frame
  const url = `/p/${encodeURIComponent(p.sector)}`
  return (
    <form method="post" action="/sources/public" class="public-switch">
      <span>
        {p.isPublic ? (
          <>
            {t('sources.publicOn')} <a href={url}>{url}</a>
          </>
        ) : (
          t('sources.publicOff')
        )}
      </span>
      {p.isAdmin && (
        <>
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="sector" value={p.sector} />
          <input type="hidden" name="public" value={p.isPublic ? '0' : '1'} />
          <button type="submit">
            {t(p.isPublic ? 'sources.publicClose' : 'sources.publicOpen')}
          </button>
        </>
      )}
    </form>
  )
}

/** Links to all the feeds or to those in one state, with how many there are in each. */
function StatusFilter(p: SourcesPageProps & { only: FeedStatus | null }) {
  const { t, locale } = p.frame
  const counts = new Map<FeedStatus, number>()
  for (const { feed } of p.feeds) {
    const status = feedStatus(feed)
    counts.set(status, (counts.get(status) ?? 0) + 1)
  }
  const link = (status: FeedStatus | null, label: string, n: number) => (
    <a
      href={`/sources${queryString({ sector: p.sector, status })}`}
      aria-current={p.only === status ? 'true' : undefined}
      data-status={status ?? 'all'}
    >
      {`${label} (${formatNumber(locale, n)})`}
    </a>
  )
  return (
    <nav class="status-filter" aria-label={t('sources.filter')}>
      {link(null, t('sources.filter.all'), p.feeds.length)}
      {FEED_STATUSES.filter((s) => counts.has(s)).map((s) =>
        link(s, t(`sources.status.${s}`), counts.get(s)!),
      )}
    </nav>
  )
}
