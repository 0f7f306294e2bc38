import { pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { loadConfig } from './config.ts'
import { createApp } from './http/app.ts'
import { startCrawlLoop } from './jobs/loop.ts'
import { startReshareLoop } from './jobs/reshare-loop.ts'
import { openServices } from './jobs/services.ts'
import { createLog } from './lib/log.ts'

/** loadConfig -> openDb -> migrate -> sectors -> background crawler -> HTTP server. */
export async function start() {
  const config = loadConfig()
  const log = createLog(config.logLevel)
  const services = await openServices(config, log)
  // Served while the search index loads and catches up (a first start on a large database indexes for
  // minutes): the search page says how far it is.
  let stopping = false
  void (async () => {
    try {
      const changes = await services.openSearch()
      if (!stopping) log.info('search index ready', { articles: services.search.size, ...changes })
    } catch (err) {
      log.error('search index failed to catch up', { error: String(err) })
    }
    // Then each sector's scoring, so that the first decision or profile preview finds it done.
    // After the index: both read every article, and sharing the machine would delay them both.
    if (stopping) return
    const primed = await services.primeScoring().catch((err: unknown) => {
      log.error('scoring warm-up failed', { error: String(err) })
      return null
    })
    if (primed && !stopping) log.info('scoring ready', primed)
  })()
  const loop = startCrawlLoop(services)
  const sender = startReshareLoop(services)
  const app = createApp({ ...services, crawler: loop })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = info.address.includes(':') ? `[${info.address}]` : info.address
    process.stdout.write(`Vigie is up: http://${host}:${info.port}/\n`)
  })
  const shutdown = async () => {
    stopping = true
    server.close()
    await loop.stop()
    await sender.stop()
    await services.close()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  start().catch((err) => {
    process.stderr.write(`vigie: ${err instanceof Error ? err.stack : String(err)}\n`)
    process.exit(1)
  })
}
