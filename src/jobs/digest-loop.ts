import { errorMessage } from '../lib/errors.ts'
import { sendDueDigests, type DigestDeps } from './digest.ts'
import { alertKey, sendDueSearchAlerts, type SearchAlertDeps } from './search-alerts.ts'

const CHECK_EVERY_MS = 60_000
/** A failed digest is tried again this long after, not every minute until midnight. */
export const DIGEST_RETRY_MS = 15 * 60_000

/**
 * The mail part of the background loop: once a minute, the digests whose local time has come, then
 * the followed searches' alerts that are due. Never two checks at once; a failed send waits
 * DIGEST_RETRY_MS before this process tries again.
 */
export function startDigestLoop(
  deps: DigestDeps & Omit<SearchAlertDeps, 'mailer'> & { storageFull?: () => boolean },
) {
  const failedAt = new Map<string, number>()
  const alertFailedAt = new Map<string, number>()
  const retryLater = (at: number | undefined) =>
    at !== undefined && deps.clock.now().getTime() - at < DIGEST_RETRY_MS
  let running: Promise<unknown> | null = null
  let stopped = false

  const skip = (sector: string, day: string) => retryLater(failedAt.get(`${sector} ${day}`))

  const tick = () => {
    if (running || stopped || !deps.mailer || deps.storageFull?.()) return running
    running = sendDueDigests(deps, { skip })
      .then((results) => {
        const now = deps.clock.now().getTime()
        for (const r of results) {
          if (r.state === 'failed') failedAt.set(`${r.sector} ${r.day}`, now)
          else failedAt.delete(`${r.sector} ${r.day}`)
        }
        for (const [key, at] of failedAt) if (now - at > 86_400_000) failedAt.delete(key)
      })
      .then(() => sendDueSearchAlerts(deps, { skip: (key) => retryLater(alertFailedAt.get(key)) }))
      .then((results) => {
        for (const r of results)
          if (r.state === 'failed') alertFailedAt.set(alertKey(r), deps.clock.now().getTime())
          else alertFailedAt.delete(alertKey(r))
      })
      .catch((err) => deps.log.error('mail check crashed', { error: errorMessage(err) }))
      .finally(() => (running = null))
    return running
  }

  const timer = deps.mailer ? setInterval(tick, CHECK_EVERY_MS) : null
  timer?.unref()
  return {
    checkNow: () => tick(),
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await running
    },
  }
}
