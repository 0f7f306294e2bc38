import { randomBytes } from 'node:crypto'
import { afterEach } from 'vitest'
import { createChannels } from '../../src/jobs/reshare-channels.ts'
import { createDrivers } from '../../src/jobs/reshare-drivers.ts'
import { createResharing } from '../../src/jobs/resharing.ts'
import type { Scoring } from '../../src/jobs/scoring.ts'
import type { Clock } from '../../src/lib/clock.ts'
import type { Log } from '../../src/lib/log.ts'
import { createSafeFetch } from '../../src/lib/safe-fetch.ts'
import { secretBox } from '../../src/lib/secret-box.ts'
import type { Db } from '../../src/store/index.ts'

const fetchers: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()))
})

/** The real resharing stage on a database, posting through a fetcher allowed 127.0.0.1 only. */
export function testResharing(opts: {
  db: Db
  clock: Clock
  log: Log
  scoring: Pick<Scoring, 'decide'>
  owner?: string
  key?: string
}) {
  const fetch = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    userAgent: 'Vigie/0.1 (test)',
    timeoutMs: 5000,
    connectTimeoutMs: 1000,
  })
  fetchers.push(fetch)
  const box = secretBox(opts.key ?? randomBytes(32).toString('base64url'))
  const channels = createChannels({ db: opts.db, box: () => box, now: () => opts.clock.now() })
  const drivers = createDrivers({ db: opts.db, fetch, channels, clock: opts.clock, log: opts.log })
  const owner = opts.owner ?? `test-host:${process.pid}:${randomBytes(4).toString('hex')}`
  return {
    ...createResharing({ ...opts, channels, drivers, owner }),
    channels,
  }
}
