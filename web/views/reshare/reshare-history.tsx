import type { Locale, Translate } from '../../i18n/index.ts'
import { safeHref } from '../components/format.tsx'
import { formatIn } from './composer-page.tsx'

/** An instant as a datetime-local value in the sector's zone ("2026-11-17T17:30"). */
function localInput(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
  return parts.replace(' ', 'T')
}

export interface ReshareItem {
  id: number
  channelName: string
  state: string
  scheduledAt: Date
  sentAt: Date | null
  text: string
  remoteUrl: string | null
  error: string | null
}

/** An article's posts: where, when, the published post or the network's message, and what can be done. */
export function ReshareHistory(p: {
  items: ReshareItem[]
  t: Translate
  locale: Locale
  timezone: string
  csrf: string
  canEdit: boolean
  back: string
  /** False inside the calendar, which has its own headings. */
  heading?: boolean
  /** The sector, whose time zone reads a new time typed in the edit form. */
  sector?: string
}) {
  const { t } = p
  const heading = p.heading ?? true
  return (
    <section class="reshares" id={heading ? 'reshares' : undefined}>
      {heading && <h2>{t('reshare.history')}</h2>}
      {p.items.length === 0 && <p class="muted">{t('reshare.none')}</p>}
      <ul class="reshare-list">
        {p.items.map((r) => (
          <li class={`reshare reshare-${r.state}`}>
            <strong>{r.channelName}</strong> ·{' '}
            <span class="reshare-state">{t(`reshare.state.${r.state}`)}</span>{' '}
            <span class="muted">
              {r.state === 'sent' && r.sentAt
                ? formatIn(p.locale, r.sentAt, p.timezone)
                : t('reshare.scheduledFor', {
                    when: formatIn(p.locale, r.scheduledAt, p.timezone),
                  })}
            </span>
            {r.remoteUrl && safeHref(r.remoteUrl) && (
              <>
                {' · '}
                <a href={safeHref(r.remoteUrl)!} rel="noopener noreferrer" target="_blank">
                  {t('reshare.view')}
                </a>
              </>
            )}
            {r.error && r.state !== 'sent' && <p class="reshare-error">{r.error}</p>}
            {p.canEdit && (r.state === 'failed' || r.state === 'scheduled') && (
              <form method="post" action={`/reshares/${r.id}`} class="inline">
                <input type="hidden" name="_csrf" value={p.csrf} />
                <input type="hidden" name="back" value={p.back} />
                {r.state === 'failed' ? (
                  <button type="submit" name="op" value="retry">
                    {t('reshare.retry')}
                  </button>
                ) : (
                  <>
                    <button type="submit" name="op" value="now">
                      {t('reshare.now')}
                    </button>{' '}
                    <button type="submit" name="op" value="cancel">
                      {t('reshare.cancel')}
                    </button>
                  </>
                )}
              </form>
            )}
            {p.canEdit && r.state === 'scheduled' && (
              <details class="feed-edit">
                <summary>{t('reshare.edit')}</summary>
                <form method="post" action={`/reshares/${r.id}`} class="channel-edit">
                  <input type="hidden" name="_csrf" value={p.csrf} />
                  <input type="hidden" name="back" value={p.back} />
                  <input type="hidden" name="op" value="save" />
                  {p.sector && <input type="hidden" name="sector" value={p.sector} />}
                  <textarea name="text" rows={4} aria-label={t('reshare.edit')}>
                    {r.text}
                  </textarea>
                  <label>
                    {t('reshare.at')}{' '}
                    <input
                      type="datetime-local"
                      name="at"
                      value={localInput(r.scheduledAt, p.timezone)}
                    />{' '}
                    <span class="muted">{t('reshare.timezone', { tz: p.timezone })}</span>
                  </label>
                  <button type="submit">{t('reshare.save')}</button>
                </form>
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
