import type { Child } from 'hono/jsx'
import type { SearchAlertEvery } from '../../../src/store/index.ts'
import { AuthPage, CsrfField, Message, type Frame } from './frame.tsx'

export interface AlertRow {
  searchId: number
  sectorSlug: string
  sectorName: string
  query: string
  every: SearchAlertEvery
}

export interface AlertsPageProps {
  frame: Frame
  alerts: AlertRow[]
  /** Without VIGIE_SMTP_URL nothing is sent: the page says so. */
  canSend: boolean
}

const EVERY: SearchAlertEvery[] = ['hour', 'day']

/** A switch of one alert (on with a frequency, or off), back to this page after. */
function AlertForm(p: { searchId: number; alert: 'on' | 'off'; csrf: string; children: Child }) {
  return (
    <form method="post" action={`/search/followed/${p.searchId}/alert`} class="inline-form">
      <CsrfField value={p.csrf} />
      <input type="hidden" name="alert" value={p.alert} />
      <input type="hidden" name="back" value="/account/alerts" />
      {p.children}
    </form>
  )
}

/** The curator's email alerts of followed searches, in every sector: how often, or stop one. */
export function AlertsPage(p: AlertsPageProps) {
  const { t, csrf } = p.frame
  return (
    <AuthPage frame={p.frame} title={t('auth.alerts.title')}>
      <p class="muted">{t('auth.alerts.intro')}</p>
      {!p.canSend && <Message kind="error" text={t('auth.alerts.noSmtp')} />}
      {p.alerts.length === 0 ? (
        <p>{t('auth.alerts.none')}</p>
      ) : (
        <table class="list alerts">
          <thead>
            <tr>
              <th>{t('auth.alerts.search')}</th>
              <th>{t('follow.every')}</th>
            </tr>
          </thead>
          <tbody>
            {p.alerts.map((a) => (
              <tr>
                <td>
                  <a href={`/search?${new URLSearchParams({ sector: a.sectorSlug, q: a.query })}`}>
                    {a.query}
                  </a>
                  <br />
                  <small class="muted">{a.sectorName}</small>
                </td>
                <td>
                  <div class="row-actions">
                    {!p.canSend ? (
                      <span>{t(`follow.every.${a.every}`)}</span>
                    ) : (
                      <AlertForm searchId={a.searchId} alert="on" csrf={csrf}>
                        <select name="every" aria-label={`${t('follow.every')} (${a.query})`}>
                          {EVERY.map((e) => (
                            <option value={e} selected={e === a.every}>
                              {t(`follow.every.${e}`)}
                            </option>
                          ))}
                        </select>
                        <button type="submit" aria-label={`${t('auth.alerts.save')} (${a.query})`}>
                          {t('auth.alerts.save')}
                        </button>
                      </AlertForm>
                    )}
                    <AlertForm searchId={a.searchId} alert="off" csrf={csrf}>
                      <button type="submit" aria-label={`${t('follow.alertOff')} (${a.query})`}>
                        {t('follow.alertOff')}
                      </button>
                    </AlertForm>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AuthPage>
  )
}

export interface AlertStopPageProps {
  frame: Frame
  /** The stop link's token, posted back by the form. */
  token: string
  /** The alerts of the link still on (before) or just stopped (done). */
  alerts: Pick<AlertRow, 'query' | 'sectorName'>[]
  done: boolean
}

/** An alert email's stop link: which alerts it stops, and a button that stops them (no sign-in). */
export function AlertStopPage(p: AlertStopPageProps) {
  const { t } = p.frame
  const list = (
    <ul>
      {p.alerts.map((a) => (
        <li>
          <strong>{a.query}</strong> <small class="muted">{a.sectorName}</small>
        </li>
      ))}
    </ul>
  )
  return (
    <AuthPage frame={p.frame} title={t('auth.alertStop.title')}>
      {p.done && p.alerts.length > 0 ? (
        <>
          <Message kind="notice" text={t('auth.alertStop.done', { n: p.alerts.length })} />
          {list}
        </>
      ) : p.alerts.length === 0 ? (
        <p>{t('auth.alertStop.none')}</p>
      ) : (
        <form method="post" action={`/alerts/stop?${new URLSearchParams({ t: p.token })}`}>
          <p>{t('auth.alertStop.intro', { n: p.alerts.length })}</p>
          {list}
          <button type="submit" class="primary">
            {t('auth.alertStop.submit')}
          </button>
        </form>
      )}
      <p>
        <a href="/account/alerts">{t('auth.alertStop.manage')}</a>
      </p>
    </AuthPage>
  )
}
