import { ADDED_BY_HAND, type Feed, type FeedEvent } from '../../../src/store/index.ts'
import type { Locale, Translate } from '../../i18n/index.ts'
import { DateTime, safeHref } from '../components/format.tsx'
import { disabledReasonText, FeedError } from './feed-problem.tsx'

export const KINDS = ['blog', 'media', 'influencer'] as const

export const FEED_STATUSES = ['ok', 'pending', 'failing', 'disabled'] as const
export type FeedStatus = (typeof FEED_STATUSES)[number]

/** Disabled wins over failing: a disabled feed is not fetched, its old errors no longer matter. */
export function feedStatus(f: Pick<Feed, 'enabled' | 'errorCount' | 'lastFetchedAt'>): FeedStatus {
  if (!f.enabled) return 'disabled'
  if (f.errorCount > 0) return 'failing'
  return f.lastFetchedAt ? 'ok' : 'pending'
}

export interface FeedRowProps {
  feed: Feed
  perWeek: number
  isAdmin: boolean
  csrf: string
  t: Translate
  locale: Locale
  now: Date
  /** Added by the import that just ran. */
  isNew?: boolean
  /** What happened to the feed (merges), oldest first. */
  history?: FeedEvent[]
  /** Whether the reader may crawl it now (curators and administrators). */
  canFetch?: boolean
}

/** One feed of the sources table: where it stands, and the administrator's edit and on/off forms. */
export function FeedRow(p: FeedRowProps) {
  const { feed: f, perWeek, isAdmin, csrf, t, locale, now } = p
  const status = feedStatus(f)
  return (
    <tr
      id={`feed-${f.id}`}
      class={`feed status-${status}${p.isNew ? ' is-new' : ''}`}
      data-feed={String(f.id)}
    >
      <th scope="row" data-label={t('sources.source')}>
        <span class="feed-name">{f.sourceName}</span>
        <span class="feed-origin">
          {t(`sources.origin.${f.origin}`)}
          {f.sourceType === 'page' && ` · ${t('sources.pageListed')}`}
          {p.isNew && <span class="new-pill">{t('sources.new')}</span>}
        </span>
        {!!p.history?.length && <FeedHistory events={p.history} t={t} locale={locale} />}
      </th>
      <td data-label={t('sources.kind')}>{t(`sources.kind.${f.kind}`)}</td>
      <td data-label={t('sources.url')} class="feed-url">
        <a href={safeHref(f.url)} rel="noopener noreferrer" title={f.url}>
          {f.url}
        </a>
      </td>
      <td data-label={t('sources.lastFetch')} class="feed-date">
        {f.lastFetchedAt ? <DateTime locale={locale} when={f.lastFetchedAt} /> : t('sources.never')}
      </td>
      <td data-label={t('sources.status')} class="feed-status">
        <span class={`status-pill ${status}`}>{t(`sources.status.${status}`)}</span>
        {status === 'failing' && (
          <>
            <span class="error-count">{t('sources.errorCount', { n: f.errorCount })}</span>
            <FeedError t={t} feed={f} />
          </>
        )}
        {status === 'disabled' && f.disabledReason && (
          <span class="disabled-reason">{disabledReasonText(t, f.disabledReason)}</span>
        )}
      </td>
      <td data-label={t('sources.perWeek')} class="num">
        {perWeek.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 })}
      </td>
      <td data-label={t('sources.nextCheck')} class="feed-date">
        {!f.enabled ? (
          '—'
        ) : f.nextCheckAt <= now ? (
          t('sources.due')
        ) : (
          <DateTime locale={locale} when={f.nextCheckAt} />
        )}
      </td>
      {(isAdmin || p.canFetch) && (
        <td data-label={t('sources.actions')} class="feed-actions">
          {p.canFetch && f.enabled && (
            <form method="post" action={`/sources/${f.id}/fetch`} class="feed-fetch">
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit">{t('sources.fetchNow')}</button>
            </form>
          )}
          {isAdmin && <AdminActions {...p} />}
        </td>
      )}
    </tr>
  )
}

/** Disable or enable, edit, and delete (after a confirmation that says what goes and what stays). */
function AdminActions(p: FeedRowProps) {
  const { feed: f, csrf, t } = p
  return (
    <>
      {f.disabledReason !== ADDED_BY_HAND && (
        <form method="post" action={`/sources/${f.id}`} class="feed-toggle">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="enabled" value={f.enabled ? '0' : '1'} />
          <button type="submit">{f.enabled ? t('sources.disable') : t('sources.enable')}</button>
        </form>
      )}
      <details class="feed-edit">
        <summary>{t('sources.edit')}</summary>
        <form method="post" action={`/sources/${f.id}`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <label for={`name-${f.id}`}>{t('sources.name')}</label>
          <input id={`name-${f.id}`} name="name" value={f.sourceName} required maxlength={200} />
          <label for={`kind-${f.id}`}>{t('sources.kind')}</label>
          <select id={`kind-${f.id}`} name="kind">
            {KINDS.map((k) => (
              <option value={k} selected={k === f.kind}>
                {t(`sources.kind.${k}`)}
              </option>
            ))}
          </select>
          {f.origin === 'yaml' && <p class="help">{t('sources.yamlNote')}</p>}
          <button type="submit">{t('sources.save')}</button>
        </form>
      </details>
      <details class="feed-delete">
        <summary>{t('sources.delete')}</summary>
        <form method="post" action={`/sources/${f.id}/delete`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <p class="help">{t('sources.deleteConfirm', { name: f.sourceName })}</p>
          {f.origin === 'yaml' && <p class="help">{t('sources.deleteYamlNote')}</p>}
          <button type="submit" class="danger">
            {t('sources.deleteButton')}
          </button>
        </form>
      </details>
    </>
  )
}

/** The feed's history (merges), behind a disclosure. */
function FeedHistory(p: { events: FeedEvent[]; t: Translate; locale: Locale }) {
  const { t } = p
  return (
    <details class="feed-history">
      <summary>{t('sources.history', { n: p.events.length })}</summary>
      <ol>
        {p.events.map((e) => (
          <li data-kind={e.kind}>
            <DateTime locale={p.locale} when={e.at} /> {eventText(t, e)}
          </li>
        ))}
      </ol>
    </details>
  )
}

function eventText(t: Translate, e: FeedEvent): string {
  const d = e.detail
  const vars = {
    name: String(d.otherName ?? ''),
    url: String(d.url ?? ''),
    n: Number(d.moved ?? 0),
  }
  if (e.kind === 'merged')
    return t(d.role === 'kept' ? 'sources.event.mergedKept' : 'sources.event.mergedAway', vars)
  return t(`sources.event.${e.kind}`, vars)
}
