// npm run bench:reshare (or npx tsx test/bench/reshare.ts [--posts 10000] [--latency 0]): issue #8,
// 10,000 scheduled posts due at once drained by the sender against a fake Mastodon (its own process,
// 127.0.0.1 only; --latency delays each answer) at concurrency 4, 8 and 16; then two senders at once
// on the same database file, each with its own connection and owner, over 10,000 more posts: in one
// process (the two connections take turns, libSQL's local calls being synchronous) and in two
// processes (real lock contention). Every round checks that the server received each post exactly
// once and that every row ended 'sent'; the run exits non-zero otherwise.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { articles, feeds } from '../../db/schema.ts'
import { crawlerId } from '../../src/crawl/index.ts'
import { createChannels, type ChannelSettings } from '../../src/jobs/reshare-channels.ts'
import { createDrivers } from '../../src/jobs/reshare-drivers.ts'
import type { SendSummary } from '../../src/jobs/reshare-send.ts'
import { createResharing } from '../../src/jobs/resharing.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSafeFetch, type FetchRequest } from '../../src/lib/safe-fetch.ts'
import { secretBox } from '../../src/lib/secret-box.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import {
  insertReshares,
  migrateDb,
  openDb,
  syncSectors,
  type Database,
} from '../../src/store/index.ts'
import { median, peakRssMb, percentile } from './stats.ts'

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    latency: { type: 'string', default: '0' },
    // Internal: this file run as one of the two sender processes.
    sender: { type: 'string' },
    key: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
  },
})
const LIMIT = 500 // posts leased at a time: the sender's default
const thisFile = fileURLToPath(import.meta.url)

/** The resharing stage on a connection, as the server wires it, timing each network call. */
function senderOn(database: Database, key: string) {
  const fetcher = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    userAgent: 'Vigie/0.1 (bench)',
    timeoutMs: 30_000,
    connectTimeoutMs: 2_000,
  })
  const latencies: number[] = []
  const fetch = async (req: FetchRequest) => {
    const t = performance.now()
    try {
      return await fetcher.fetch(req)
    } finally {
      latencies.push(performance.now() - t)
    }
  }
  const box = secretBox(key)
  const { db } = database
  const clock = systemClock
  const channels = createChannels({ db, box: () => box, now: () => clock.now() })
  const drivers = createDrivers({ db, fetch: { fetch }, channels, clock, log: silentLog })
  const scoring = { decide: () => Promise.reject(new Error('no decisions in this benchmark')) }
  const owner = crawlerId()
  const resharing = createResharing({
    db,
    clock,
    log: silentLog,
    channels,
    drivers,
    scoring,
    owner,
  })
  return { resharing, channels, latencies, owner, close: () => fetcher.close() }
}

interface SenderResult {
  summary: SendSummary
  latencies: number[]
  rssMb: number
}

if (values.sender) await senderProcess(values.sender, values.key!, Number(values.concurrency))
else await main()

// One of the two sender processes: opens the file, says "ready", sends on "go", prints its result.
async function senderProcess(file: string, key: string, concurrency: number) {
  const database = await openDb({ url: `file:${file}` })
  const sender = senderOn(database, key)
  const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]()
  process.stdout.write('ready\n')
  await lines.next()
  const summary = await sender.resharing.sendDue({ limit: LIMIT, concurrency })
  const result: SenderResult = { summary, latencies: sender.latencies, rssMb: peakRssMb() }
  process.stdout.write(JSON.stringify(result) + '\n')
  await sender.close()
  database.close()
  process.exit(0)
}

async function main() {
  const N = Number(values.posts)
  const token = randomBytes(24).toString('base64url')
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(path.dirname(thisFile), 'mastodon-server.ts'),
      token,
      values.latency,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const [line] = (await once(readline.createInterface({ input: server.stdout! }), 'line')) as [
    string,
  ]
  const origin: string = JSON.parse(line).origin
  const serverStats = async () =>
    (await (await fetch(`${origin}/_bench/stats`)).json()) as Record<string, number>
  const resetServer = () => fetch(`${origin}/_bench/reset`, { method: 'POST' })

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-reshare-'))
  const file = path.join(dir, 'bench.db')
  const database = await openDb({ url: `file:${file}` })
  await migrateDb(database)
  const { db } = database
  const now = new Date()
  const { sectors } = await loadSectors(path.resolve('feeds'))
  const sector = sectors.find((s) => s.slug === 'community-management')!
  await syncSectors(db, [{ ...sector, sources: [] }], now)
  const [feed] = await db
    .insert(feeds)
    .values({
      sectorSlug: sector.slug,
      declaredUrl: 'https://blog.example/feed',
      url: 'https://blog.example/feed',
      sourceName: 'Blog',
      kind: 'blog',
      createdAt: now,
    })
    .returning({ id: feeds.id })
  const seeded = await db
    .insert(articles)
    .values(
      Array.from({ length: 12 }, (_, i) => ({
        sectorSlug: sector.slug,
        feedId: feed!.id,
        guid: `https://blog.example/post-${i}`,
        url: `https://blog.example/post-${i}`,
        canonicalUrl: `https://blog.example/post-${i}`,
        title: `Animer une communauté en ligne, leçon ${i}`,
        text: 'Une communauté se construit dans la durée. '.repeat(40),
        lang: 'fr',
        publishedAt: now,
        firstSeenAt: now,
        updatedAt: now,
        extractState: 'ok' as const,
      })),
    )
    .returning({ id: articles.id, title: articles.title, url: articles.url })

  const key = randomBytes(32).toString('base64url')
  const first = senderOn(database, key)
  // One channel takes the post's language from its article (three more reads per post), one has its own.
  const settings: ChannelSettings[] = [
    { instanceUrl: origin },
    { instanceUrl: origin, language: 'en', visibility: 'unlisted' },
  ]
  const channels: number[] = []
  for (const [i, s] of settings.entries()) {
    const input = {
      name: `Piaille ${i + 1}`,
      kind: 'mastodon' as const,
      settings: s,
      secret: token,
    }
    channels.push((await first.channels.create(sector.slug, input)).id)
  }

  let batch = 0
  async function schedule(n: number) {
    batch++
    const at = new Date(Date.now() - 1000)
    for (let i = 0; i < n; i += 1000) {
      const rows = []
      for (let j = i; j < Math.min(n, i + 1000); j++) {
        const a = seeded[j % seeded.length]!
        rows.push({
          articleId: a.id,
          sectorSlug: sector.slug,
          channelId: channels[j % channels.length]!,
          text: `${a.title} ${a.url} #communitymanagement (${batch}.${j})`,
          state: 'scheduled' as const,
          scheduledAt: at,
          nextAttemptAt: at,
          idempotencyKey: randomUUID(),
          createdAt: at,
          updatedAt: at,
        })
      }
      await insertReshares(db, rows)
    }
  }

  const failures: string[] = []
  async function round(label: string, run: () => Promise<SenderResult[]>) {
    await schedule(N)
    await resetServer()
    const t = performance.now()
    const results = await run()
    const seconds = (performance.now() - t) / 1000
    const seen = await serverStats()
    const sum = (k: keyof SendSummary) => results.reduce((s, r) => s + r.summary[k], 0)
    const latencies = results.flatMap((r) => r.latencies)
    const { rows } = await database.client.execute(
      `select sum(state != 'sent') as unsent, count(*) as total, count(distinct remote_id) as remote from reshares`,
    )
    const { unsent, total, remote } = rows[0] as unknown as Record<string, number>
    const problems = [
      seen.distinct !== N && `server received ${seen.distinct} distinct statuses`,
      seen.posts !== N && `server received ${seen.posts} posts`,
      seen.repeats && `${seen.repeats} posts repeated an idempotency key`,
      (seen.unauthorised || seen.rejected) && `${seen.unauthorised + seen.rejected} refused`,
      sum('sent') !== N && `sender reported ${sum('sent')} sent`,
      sum('retried') + sum('failed') + sum('lost') + sum('reconciled') &&
        `retried/failed/lost/reconciled ${sum('retried')}/${sum('failed')}/${sum('lost')}/${sum('reconciled')}`,
      Number(unsent) && `${unsent} rows not 'sent'`,
      Number(remote) !== Number(total) && `${remote} distinct remote ids for ${total} rows`,
    ].filter((p): p is string => !!p)
    failures.push(...problems.map((p) => `${label}: ${p}`))
    const split = results.length > 1 ? ` (${results.map((r) => r.summary.sent).join(' + ')})` : ''
    console.log(
      `  ${label}: ${N} posts in ${seconds.toFixed(2)} s, ${Math.round(N / seconds)} posts/s;` +
        ` network call median ${median(latencies).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms;` +
        ` server got ${seen.distinct} distinct${split}: ${problems.length ? 'NOT exactly once' : 'exactly once'}`,
    )
  }

  console.log(
    `reshare benchmark: ${N} Mastodon posts due at once per round, 2 channels, fake server on 127.0.0.1` +
      ` (+${values.latency} ms per answer), lease ${LIMIT} at a time`,
  )
  for (const concurrency of [4, 8, 16])
    await round(`one sender, concurrency ${concurrency}`, async () => {
      first.latencies.length = 0
      const summary = await first.resharing.sendDue({ limit: LIMIT, concurrency })
      return [{ summary, latencies: first.latencies, rssMb: peakRssMb() }]
    })

  const second = await openDb({ url: `file:${file}` })
  const other = senderOn(second, key)
  await round('two senders, one process, 2 connections, concurrency 8 each', async () => {
    first.latencies.length = 0
    const sends = [first, other].map(async (s) => ({
      summary: await s.resharing.sendDue({ limit: LIMIT, concurrency: 8 }),
      latencies: s.latencies,
      rssMb: peakRssMb(),
    }))
    return Promise.all(sends)
  })
  await other.close()
  second.close()

  let childRss: number[] = []
  const kids: ChildProcess[] = []
  await round('two senders, two processes, concurrency 8 each', async () => {
    const args = ['--import', 'tsx', thisFile, '--sender', file, '--key', key, '--concurrency', '8']
    for (let i = 0; i < 2; i++)
      kids.push(spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] }))
    const lines = kids.map((k) =>
      readline.createInterface({ input: k.stdout! })[Symbol.asyncIterator](),
    )
    await Promise.all(lines.map((l) => l.next())) // both ready: their start-up is not timed
    for (const k of kids) k.stdin!.write('go\n')
    const results = await Promise.all(
      lines.map(async (l) => JSON.parse((await l.next()).value as string) as SenderResult),
    )
    childRss = results.map((r) => r.rssMb)
    return results
  })
  for (const k of kids) k.stdin!.end()

  console.log(
    `  peak RSS: ${peakRssMb().toFixed(0)} MB (this process), sender processes ${childRss.map((r) => r.toFixed(0)).join(' and ')} MB`,
  )
  for (const f of failures) console.log(`  FAILED ${f}`)
  await first.close()
  database.close()
  server.stdin!.end()
  fs.rmSync(dir, { recursive: true, force: true })
  if (failures.length) process.exitCode = 1
}
