import { errorMessage } from '../lib/errors.ts'
import type { Services } from './services.ts'

const INTERVAL_MS = 30_000

/** The server's background sender: due reshares every 30 s, never two runs at once. */
export function startReshareLoop(services: Services, intervalMs = INTERVAL_MS) {
  const { log } = services
  let running: Promise<unknown> | null = null
  let stopped = false
  const tick = () => {
    if (running || stopped || services.database.storage.state.full) return running
    running = services.resharing
      .sendDue()
      .then((s) => {
        if (s.sent + s.failed + s.retried + s.reconciled > 0) log.info('reshares sent', { ...s })
      })
      .catch((err) => log.error('reshare sender crashed', { error: errorMessage(err) }))
      .finally(() => (running = null))
    return running
  }
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : null
  return {
    sendNow: () => tick(),
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await running
    },
  }
}
