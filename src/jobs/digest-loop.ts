import { errorMessage } from '../lib/errors.ts'
import { sendDueDigests, type DigestDeps } from './digest.ts'

const CHECK_EVERY_MS = 60_000
/** A failed digest is tried again this long after, not every minute until midnight. */
export const DIGEST_RETRY_MS = 15 * 60_000

/**
 * The digest part of the background loop: once a minute, the digests whose local time has come.
 * Never two checks at once; a failed send waits DIGEST_RETRY_MS before this process tries again.
 */
export function startDigestLoop(deps: DigestDeps & { storageFull?: () => boolean }) {
  const failedAt = new Map<string, number>()
  let running: Promise<unknown> | null = null
  let stopped = false

  const skip = (sector: string, day: string) => {
    const at = failedAt.get(`${sector} ${day}`)
    return at !== undefined && deps.clock.now().getTime() - at < DIGEST_RETRY_MS
  }

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
      .catch((err) => deps.log.error('digest check crashed', { error: errorMessage(err) }))
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
