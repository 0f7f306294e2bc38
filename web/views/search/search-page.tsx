import type { Translate } from '../../i18n/index.ts'
import {
  followedQuery,
  MAX_FOLLOWED_QUERY,
  MAX_FOLLOWED_SEARCHES,
  type FollowedSearchCount,
} from '../../../src/jobs/followed-searches.ts'
import type { CatchUpStatus } from '../../../src/search/index.ts'
import type { SearchAlertEvery } from '../../../src/store/index.ts'
import { Layout } from '../layout.tsx'
import { StatusBadge } from '../components/badges.tsx'
import { FollowedSearches } from '../components/followed-searches.tsx'
import { formatDate, langLabel } from '../components/format.tsx'
import type { Frame } from '../queue/queue-page.tsx'
import { Facets, type FacetCounts } from './facets.tsx'
import { Highlighted } from './highlight.tsx'
import { searchUrl, type SearchParams } from './search-url.tsx'

export type { SearchParams } from './search-url.tsx'

export interface SearchItem {
  id: number
  title: string
  snippet: string
  source: string
  sectorName: string
  lang: string | null
  status: string
  publishedAt: Date
  /** When Vigie first saw it: after the followed search's last visit, it is marked new. */
  firstSeenAt: Date
  /** The index terms this hit matched, to mark in the title and snippet. */
  terms: Set<string>
}

export interface SearchPageProps {
  frame: Frame
  params: SearchParams
  /** Null when the server runs without a search index. */
  result: {
    total: number
    relaxed: boolean
    items: SearchItem[]
    facets: FacetCounts
    olderNotSearched?: { articles: number; before: string }
  } | null
  sectorNames: Record<string, string>
  pageSize: number
  /** The sector's calendar day (YYYY-MM-DD): the date facets count back from it. */
  today: string
  /** The index is still catching up with the database (after a first start): results are incomplete. */
  catchingUp?: CatchUpStatus | null
  /**
   * The sector's followed searches; `current`: this search is one of them, its results Vigie first saw
   * since `newSince` are new, `alertRecipients` get its email alert (`myEvery`: how often the curator
   * viewing gets it, null when they do not); `canFollow`: the curator may follow this search in `sector`.
   */
  follow?: {
    sector: string
    list: FollowedSearchCount[]
    current: {
      id: number
      newSince: Date
      alertRecipients: string[]
      myEvery: SearchAlertEvery | null
      canAlert: boolean
    } | null
    canFollow: boolean
  } | null
}

/** Full-text search: the form, facets that add filters, highlighted results, pagination. */
export function SearchPage(p: SearchPageProps) {
  const { t, locale } = p.frame
  const params = p.params
  const newSince = p.follow?.current?.newSince
  return (
    <Layout
      {...p.frame}
      title={params.q ? `${params.q} · ${t('search.title')}` : t('search.title')}
      active="search"
    >
      <h1>{t('search.title')}</h1>
      <form method="get" action="/search" class="search-form" role="search">
        <input
          type="search"
          name="q"
          id="search-q"
          value={params.q}
          placeholder={t('search.placeholder')}
          aria-label={t('search.title')}
          aria-describedby="search-tip"
        />
        {(['sector', 'source', 'lang', 'status', 'from', 'to', 'all'] as const).map((k) =>
          params[k] ? <input type="hidden" name={k} value={params[k]!} /> : null,
        )}
        <button type="submit" class="primary">
          {t('search.submit')}
        </button>
        <p class="muted search-tip" id="search-tip">
          {t('search.tip')}
        </p>
      </form>
      {p.follow && <FollowedSearches sector={p.follow.sector} list={p.follow.list} t={t} />}
      {p.catchingUp && <CatchingUp status={p.catchingUp} t={t} locale={locale} />}
      {!p.result ? (
        <p class="notice unavailable">{t('search.unavailable')}</p>
      ) : (
        <div class="search-layout">
          <Facets
            params={params}
            facets={p.result.facets}
            sectorNames={p.sectorNames}
            today={p.today}
            t={t}
            locale={locale}
          />
          <section class="search-results">
            {params.q && <p class="muted">{t('search.results', { n: p.result.total })}</p>}
            {params.q && p.follow && (
              <FollowBox follow={p.follow} q={params.q} csrf={p.frame.csrf} t={t} />
            )}
            {p.result.relaxed && <p class="notice">{t('search.relaxed')}</p>}
            {p.result.olderNotSearched && (
              <p class="notice older-not-searched">
                {t('search.olderNotSearched', {
                  n: p.result.olderNotSearched.articles.toLocaleString(locale),
                  month: p.result.olderNotSearched.before,
                })}{' '}
                <a href={searchUrl(params, { all: '1' })}>{t('search.searchOlder')}</a>
              </p>
            )}
            {params.q && !p.result.items.length && <p class="empty">{t('search.none')}</p>}
            <ol class="results">
              {p.result.items.map((item) => (
                <li class="result">
                  <h2>
                    <a href={`/articles/${item.id}`}>
                      <Highlighted text={item.title} terms={item.terms} lang={item.lang} />
                    </a>
                  </h2>
                  <p class="card-meta">
                    <span class="source">{item.source}</span>
                    <span>{item.sectorName}</span>
                    <time datetime={item.publishedAt.toISOString()}>
                      {formatDate(locale, item.publishedAt, false)}
                    </time>
                    <span class="lang">{langLabel(item.lang)}</span>
                    <StatusBadge status={item.status} t={t} />
                    {newSince && item.firstSeenAt > newSince && (
                      <span class="new-pill">{t('follow.newBadge')}</span>
                    )}
                  </p>
                  <p class="snippet">
                    <Highlighted text={item.snippet} terms={item.terms} lang={item.lang} />
                  </p>
                </li>
              ))}
            </ol>
            <Pager params={params} total={p.result.total} pageSize={p.pageSize} t={t} />
          </section>
        </div>
      )}
    </Layout>
  )
}

/** "Follow this search", or, once followed, what is new and how to stop. */
function FollowBox(p: {
  follow: NonNullable<SearchPageProps['follow']>
  q: string
  csrf: string
  t: Translate
}) {
  const { current, canFollow } = p.follow
  if (current)
    return (
      <div class="follow-box">
        <p>{p.t('follow.following')}</p>
        {canFollow && (
          <form method="post" action={`/search/followed/${current.id}/delete`}>
            <input type="hidden" name="_csrf" value={p.csrf} />
            <button type="submit">{p.t('follow.unfollow')}</button>
          </form>
        )}
        <AlertSwitch current={current} canFollow={canFollow} csrf={p.csrf} t={p.t} />
      </div>
    )
  // Too long a query to follow (a search may be longer): no button that would end in an error.
  if (!canFollow || followedQuery(p.q).length > MAX_FOLLOWED_QUERY) return null
  if (p.follow.list.length >= MAX_FOLLOWED_SEARCHES)
    return <p class="muted follow-box">{p.t('follow.full', { n: MAX_FOLLOWED_SEARCHES })}</p>
  return (
    <form method="post" action="/search/follow" class="follow-box">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="sector" value={p.follow.sector} />
      <input type="hidden" name="q" value={p.q} />
      <button type="submit" aria-describedby="follow-hint">
        {p.t('follow.follow')}
      </button>
      <p class="muted" id="follow-hint">
        {p.t('follow.hint')}
      </p>
    </form>
  )
}

/** The followed search's email alert: who gets it, and the switch (curators, with SMTP set). */
function AlertSwitch(p: {
  current: NonNullable<NonNullable<SearchPageProps['follow']>['current']>
  canFollow: boolean
  csrf: string
  t: Translate
}) {
  const { alertRecipients, myEvery, canAlert, id } = p.current
  const status = alertRecipients.length ? (
    <p class="muted">
      {p.t('follow.alertTo', { email: alertRecipients.join(', ') })}{' '}
      {myEvery && (
        <>
          {p.t(`follow.alertMine.${myEvery}`)}{' '}
          <a href="/account/alerts">{p.t('follow.myAlerts')}</a>
        </>
      )}
    </p>
  ) : canAlert || !p.canFollow ? null : (
    <p class="muted">{p.t('follow.alertNoSmtp')}</p>
  )
  if (!p.canFollow || (!canAlert && !myEvery)) return status
  return (
    <>
      {status}
      <form method="post" action={`/search/followed/${id}/alert`} class="follow-alert">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="alert" value={myEvery ? 'off' : 'on'} />
        {!myEvery && (
          <select name="every" aria-label={p.t('follow.every')}>
            <option value="hour">{p.t('follow.every.hour')}</option>
            <option value="day">{p.t('follow.every.day')}</option>
          </select>
        )}
        <button type="submit" aria-describedby={myEvery ? undefined : 'alert-hint'}>
          {p.t(myEvery ? 'follow.alertOff' : 'follow.alertOn')}
        </button>
        {!myEvery && (
          <span class="muted" id="alert-hint">
            {p.t('follow.alertHint')}
          </span>
        )}
      </form>
    </>
  )
}

function CatchingUp(p: { status: CatchUpStatus; t: Translate; locale: string }) {
  const { phase, done, total } = p.status
  const n = (x: number) => x.toLocaleString(p.locale)
  return (
    <p class="notice catching-up" role="status">
      {phase === 'loading'
        ? p.t('search.loading')
        : p.t('search.catchingUp', { done: n(done), total: n(total) })}{' '}
      {phase === 'indexing' && <progress value={done} max={total} />}
    </p>
  )
}

function Pager(p: { params: SearchParams; total: number; pageSize: number; t: Translate }) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  if (pages < 2) return null
  const page = Math.min(p.params.page, pages)
  return (
    <nav class="pager" aria-label={p.t('search.pages')}>
      {page > 1 ? (
        <a href={searchUrl(p.params, { page: page - 1 })} rel="prev">
          {p.t('search.prev')}
        </a>
      ) : (
        <span />
      )}
      <span>{p.t('search.page', { page, pages })}</span>
      {page < pages ? (
        <a href={searchUrl(p.params, { page: page + 1 })} rel="next">
          {p.t('search.next')}
        </a>
      ) : (
        <span />
      )}
    </nav>
  )
}
