import { errorMessage } from '../lib/errors.ts'
import { isStorageFull } from '../lib/storage-errors.ts'
import { deleteExpiredSessions, pruneUndecided } from '../store/index.ts'
import { crawlerId } from '../crawl/index.ts'
import type { CrawlProgress } from './crawl.ts'
import { startDigestLoop } from './digest-loop.ts'
import type { Services } from './services.ts'

/**
 * The background crawler of `npm start`: a crawl of due feeds every interval, never two at once.
 * The latest progress is kept for the web app's live status.
 */
export function startCrawlLoop(services: Services) {
  const { config, log } = services
  let running: Promise<unknown> | null = null
  let stopped = false
  let latest: (CrawlProgress & { running: boolean }) | null = null

  const tick = () => {
    if (running || stopped) return running
    // A crawl on a full disk would fetch everything and store nothing: wait for space (the storage
    // watch logs when it fills and when it comes back).
    if (services.database.storage.state.full) return null
    running = services
      .crawl({}, (p) => (latest = { ...p, errors: [...p.errors], running: true }))
      .then(async (s) => {
        if (latest) latest.running = false
        await deleteExpiredSessions(services.db, services.clock.now())
        if (config.crawl.retentionDays > 0) {
          const before = new Date(
            services.clock.now().getTime() - config.crawl.retentionDays * 86_400_000,
          )
          const pruned = await pruneUndecided(services.db, before, services.clock.now())
          if (pruned) log.info('retention pruned undecided articles', { pruned })
        }
        if (s.feedsOk + s.feedsFailed + s.feedsNotModified + s.feedsLeased > 0)
          log.info('crawl finished', { ...s, errors: s.errors.length })
      })
      .catch((err) => {
        if (!isStorageFull(err)) log.error('crawl crashed', { error: errorMessage(err) })
      })
      .finally(() => (running = null))
    return running
  }
  if (config.crawl.onStart) void tick()
  // The daily digests and search alerts keep their own once-a-minute check: a long crawl must not
  // delay them.
  const digests = startDigestLoop({
    ...services,
    owner: crawlerId(),
    publicUrl: config.publicUrl,
    storageFull: () => services.database.storage.state.full,
  })
  const timer =
    config.crawl.loopIntervalS > 0 ? setInterval(tick, config.crawl.loopIntervalS * 1000) : null
  return {
    crawlNow: () => tick(),
    status: () => latest,
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await Promise.all([running, digests.stop()])
    },
  }
}
