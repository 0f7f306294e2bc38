// Email alerts of followed searches: what a search finds among the articles Vigie saw since its last
// alert (late-crawled ones too), sent to each curator who asked, hourly at most or daily as they chose,
// in one email for all of a curator's searches.
import { renderSearchAlert, type Mailer } from '../digest/index.ts'
import type { Clock } from '../lib/clock.ts'
import { AppError, errorMessage } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import type { SecretBox } from '../lib/secret-box.ts'
import type { SearchIndex } from '../search/index.ts'
import { LATE_CRAWL_MS } from './followed-searches.ts'
import { alertStopToken } from './search-alert-stop.ts'
import {
  articlesSeenBetween,
  getSector,
  moveSearchAlert,
  searchAlertsToCheck,
  setSearchAlert,
  type Db,
  type FollowedSearch,
  type SearchAlertEvery,
} from '../store/index.ts'

/** How long an alert waits after the last one (or check), by its frequency. */
const SEARCH_ALERT_WAIT_MS = { hour: 3_600_000, day: 86_400_000 } as const
const LISTED = 20

export interface SearchAlertDeps {
  db: Db
  clock: Clock
  log: Log
  search?: SearchIndex | null
  /** Null when VIGIE_SMTP_URL is not set. */
  mailer: Mailer | null
  /** VIGIE_PUBLIC_URL: the alert links to the search in Vigie. */
  publicUrl?: string
  /** The installation's key, which seals the email's stop link (none without it or a public URL). */
  box?: () => SecretBox
}

export type SearchAlertResult =
  | { state: 'sent'; searchId: number; userId: number; articles: number }
  | { state: 'failed'; searchId: number; userId: number; error: string }

/** Which curator's alert of which search: the key of a failed one waiting to be tried again. */
export const alertKey = (r: { searchId: number; userId: number }) => `${r.searchId} ${r.userId}`

/**
 * Sends the alerts that are due: each curator's alerts of searches whose last alert (or check) is an
 * hour old (a day for a daily one) and that find articles seen since, in one email per curator (a
 * section per search). Each alert is claimed before it is sent, so that two processes never send it
 * twice; a failed send gives the claims back, and a later check tries again.
 */
export async function sendDueSearchAlerts(
  deps: SearchAlertDeps,
  opts: { skip?: (key: string) => boolean } = {},
): Promise<SearchAlertResult[]> {
  const { mailer, search } = deps
  if (!mailer || !search) return []
  const byUser = new Map<number, Awaited<ReturnType<typeof searchAlertsToCheck>>>()
  for (const row of await searchAlertsToCheck(deps.db))
    (byUser.get(row.userId) ?? byUser.set(row.userId, []).get(row.userId)!).push(row)

  const results: SearchAlertResult[] = []
  for (const [userId, rows] of byUser) {
    const now = deps.clock.now()
    const claimed = []
    for (const { search: row, alertedUntil: since, every } of rows) {
      const alert = { searchId: row.id, userId }
      if (opts.skip?.(alertKey(alert))) continue
      if (now.getTime() - since.getTime() < SEARCH_ALERT_WAIT_MS[every]) continue
      const found = await newMatchesOf(deps.db, search, row, since, now)
      // Checked: the next check is an hour (or a day) from now, whether or not it found anything.
      if (!(await moveSearchAlert(deps.db, alert, since, now)) || !found.length) continue
      claimed.push({ row, alert, since, found })
    }
    if (!claimed.length) continue
    const { email, locale } = rows[0]!
    try {
      await mailer.send({ to: [email], ...(await alertMail(deps, userId, locale, claimed)) })
      for (const c of claimed) results.push({ state: 'sent', ...c.alert, articles: c.found.length })
      deps.log.info('search alert sent', {
        user: userId,
        searches: claimed.map((c) => c.row.id),
        articles: claimed.reduce((n, c) => n + c.found.length, 0),
      })
    } catch (err) {
      for (const c of claimed) {
        await moveSearchAlert(deps.db, c.alert, now, c.since)
        results.push({ state: 'failed', ...c.alert, error: errorMessage(err) })
      }
      deps.log.warn('search alert not sent', { user: userId, error: errorMessage(err) })
    }
  }
  return results
}

// The new matches read: the newest this many.
const NEW_MATCHES_READ = 500

/**
 * The articles a followed search finds among those Vigie first saw after `since` and by `until`,
 * newest first. No article with every word: the search fell back to any of them, which is
 * not what is followed, and nothing is new.
 */
async function newMatchesOf(
  db: Db,
  search: SearchIndex,
  row: Pick<FollowedSearch, 'sectorSlug' | 'query'>,
  since: Date,
  until: Date,
) {
  const result = await search.search(
    row.query,
    {
      sectorSlug: row.sectorSlug,
      from: new Date(since.getTime() - LATE_CRAWL_MS),
      seenAfter: since,
    },
    { limit: NEW_MATCHES_READ },
  )
  if (result.relaxed) return []
  return articlesSeenBetween(
    db,
    result.hits.map((h) => h.id),
    since,
    until,
  )
}

async function alertMail(
  deps: SearchAlertDeps,
  userId: number,
  locale: string,
  alerts: { row: FollowedSearch; found: Awaited<ReturnType<typeof newMatchesOf>> }[],
) {
  const searches = []
  for (const { row, found } of alerts) {
    const sector = await getSector(deps.db, row.sectorSlug)
    searches.push({
      query: row.query,
      sectorName: sector?.name ?? row.sectorSlug,
      items: found.slice(0, LISTED).map((a) => ({ ...a, source: a.source ?? '' })),
      total: found.length,
      searchUrl: deps.publicUrl
        ? new URL(
            `/search?${new URLSearchParams({ sector: row.sectorSlug, q: row.query })}`,
            deps.publicUrl,
          ).href
        : null,
    })
  }
  const alertsUrl = deps.publicUrl ? new URL('/account/alerts', deps.publicUrl).href : null
  const token =
    deps.publicUrl && deps.box
      ? alertStopToken(
          deps.box(),
          userId,
          alerts.map((a) => a.row.id),
        )
      : null
  const stopUrl = token
    ? new URL(`/alerts/stop?${new URLSearchParams({ t: token })}`, deps.publicUrl).href
    : null
  return {
    ...renderSearchAlert({ language: locale, searches, alertsUrl, stopUrl }),
    // Mail clients show their own "unsubscribe": one click stops these alerts (RFC 8058).
    unsubscribeUrl: stopUrl ?? alertsUrl,
    oneClickUnsubscribe: !!stopUrl,
  }
}

/**
 * Turns a followed search's alert on or off for this curator (each curator who asks gets it). On needs
 * a mail server (`canSend`) and a signed-in curator; a search no longer followed is not found.
 */
export async function switchSearchAlert(
  deps: { db: Db; clock: Clock },
  input: {
    id: number
    on: boolean
    every?: SearchAlertEvery
    userId: number | null
    canSend: boolean
  },
) {
  if (input.on && !input.canSend)
    throw new AppError('smtp_not_configured', {}, 'VIGIE_SMTP_URL is not set: no alert can be sent')
  if (input.userId === null)
    throw new AppError(
      'validation_failed',
      { field: 'alert' },
      'an alert goes to a signed-in curator',
    )
  const row = await setSearchAlert(
    deps.db,
    { searchId: input.id, userId: input.userId, on: input.on, every: input.every },
    deps.clock.now(),
  )
  if (!row) throw new AppError('not_found', { id: input.id }, 'this search is not followed')
  return row
}
