// The crawl scheduler at scale: N feeds on one loopback server (most answer 304 to conditional
// requests, one in 20 publishes a new item each check), imported into a temp database and crawled
// by runCrawl. Prints feed checks per second, RSS at start / middle / end, and the time to choose
// due feeds (claimFeeds, one batch) with few and with many feeds due. The server runs in a child
// process so that serving costs the crawler nothing.
//   npm run bench:feeds -- --feeds 50000
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { createExtractor } from '../../src/extract/index.ts'
import { runCrawl } from '../../src/jobs/crawl.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { createHostLimiter } from '../../src/lib/host-limiter.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSafeFetch } from '../../src/lib/safe-fetch.ts'
import {
  addFeeds,
  claimFeeds,
  migrateDb,
  openDb,
  releaseLease,
  syncSectors,
} from '../../src/store/index.ts'
import { median, percentile } from './stats.ts'

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '50000' },
    passes: { type: 'string', default: '2' },
    serve: { type: 'boolean' },
  },
})
const FEEDS = Number(values.feeds)
const publishes = (f: number) => f % 20 === 0

if (values.serve) {
  let checks = 0
  const server = http.createServer((req, res) => {
    const feed = /^\/f(\d+)\/feed$/.exec(req.url ?? '')
    if (feed) {
      const f = Number(feed[1])
      const n = publishes(f) ? ++checks : 1
      const etag = `"v${n}"`
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end()
      const items = Array.from({ length: Math.min(n, 5) }, (_, k) => n - k)
        .map(
          (i) =>
            `<item><title>Billet ${i} du site ${f} : la veille du secteur</title><link>http://${req.headers.host}/f${f}/p${i}</link><guid>f${f}-p${i}</guid><pubDate>${new Date(Date.now() - k(i)).toUTCString()}</pubDate><description>Les community managers du site ${f} comparent leurs outils de veille.</description></item>`,
        )
        .join('')
      return void res
        .writeHead(200, { 'content-type': 'application/rss+xml', etag })
        .end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Site ${f}</title>${items}</channel></rss>`,
        )
    }
    const page = /^\/f(\d+)\/p(\d+)$/.exec(req.url ?? '')
    if (page)
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="fr"><head><title>Billet ${page[2]}</title></head><body><article><h1>Billet ${page[2]} du site ${page[1]}</h1>${'<p>Une veille efficace repose sur des sources choisies, relues chaque semaine, et sur des décisions notées pour apprendre ce qui compte.</p>'.repeat(6)}</article></body></html>`,
        )
    res.writeHead(404).end()
  })
  const k = (i: number) => (1000 - (i % 1000)) * 3_600_000
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number }
    process.stdout.write(JSON.stringify({ origin: `http://127.0.0.1:${port}` }) + '\n')
  })
} else {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', '--feeds', String(FEEDS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const [line] = (await once(readline.createInterface({ input: child.stdout! }), 'line')) as [
    string,
  ]
  const { origin } = JSON.parse(line) as { origin: string }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-feeds-'))
  const database = await openDb({ url: `file:${path.join(dir, 'bench.db')}` })
  await migrateDb(database)
  const rss = () => Math.round(process.memoryUsage().rss / 1048576)
  let t = performance.now()
  await syncSectors(
    database.db,
    [
      {
        slug: 'bench',
        name: 'Bench',
        language: 'fr',
        profile: {},
        file: null,
        sources: [],
      },
    ],
    new Date(),
  )
  // As an OPML import does (syncSectors with 50,000 sources in one file hits SQLite's variable limit).
  await addFeeds(
    database.db,
    'bench',
    Array.from({ length: FEEDS }, (_, f) => ({
      url: `${origin}/f${f}/feed`,
      title: `Site ${f}`,
      siteUrl: null,
    })),
    'opml',
    new Date(),
  )
  console.log(`import: ${FEEDS} feeds in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  const db = database.db
  const extractor = createExtractor({ workers: 1, timeoutMs: 30_000 })
  const fetch = createSafeFetch({
    allowHosts: ['127.0.0.0/8'],
    userAgent: 'Vigie-bench',
    timeoutMs: 30_000,
    connectTimeoutMs: 5000,
  })
  const deps = {
    db,
    fetch,
    // One loopback host stands for 50,000 sites: the per-host limit would otherwise serialise them.
    hostLimiter: createHostLimiter({ perHost: 64, delayMs: 0 }),
    extractor,
    clock: systemClock,
    log: silentLog,
    limits: { maxFeedBytes: 1_000_000, maxPageBytes: 1_000_000, concurrency: 32 },
  }
  // The steady state: feeds crawled before (etag saved), every one due again in each pass; 19 in 20
  // answer 304, the others a new item whose page is fetched and extracted.
  await db.run(sql`update feeds set etag = '"v1"', check_interval_s = 3600`)
  const rssSamples: number[][] = []
  const rates: number[] = []
  for (let pass = 1; pass <= Number(values.passes); pass++) {
    await db.run(sql`update feeds set next_check_at = 0`)
    const samples = [rss()]
    let mid = false
    t = performance.now()
    const s = await runCrawl(deps, {}, (p) => {
      if (!mid && p.feedsDone >= FEEDS / 2) ((mid = true), samples.push(rss()))
    })
    const secs = (performance.now() - t) / 1000
    samples.push(rss())
    const checks = s.feedsOk + s.feedsNotModified + s.feedsFailed
    rates.push(checks / secs)
    rssSamples.push(samples)
    console.log(
      `pass ${pass}: ${checks} checks in ${secs.toFixed(1)} s = ${(checks / secs).toFixed(0)}/s (ok ${s.feedsOk}, 304 ${s.feedsNotModified}, failed ${s.feedsFailed}, new articles ${s.articlesNew}); RSS MB start/middle/end ${samples.join(' / ')}`,
    )
  }
  // Choosing due feeds: one claim of a batch of 128, with 1% and then every feed due.
  const choose = async (dueEvery: number) => {
    await db.run(
      sql`update feeds set next_check_at = case when id % ${dueEvery} = 0 then 0 else 9e15 end`,
    )
    const times: number[] = []
    for (let i = 0; i < 21; i++) {
      const t0 = performance.now()
      const got = await claimFeeds(db, {
        owner: 'bench:1:00',
        now: new Date(),
        leaseMs: 60_000,
        limit: 128,
      })
      times.push(performance.now() - t0)
      for (const f of got) await releaseLease(db, f.id, 'bench:1:00')
    }
    return times
  }
  const few = await choose(100)
  const all = await choose(1)
  console.log(
    `choose 128 due feeds (ms, median / p95): ${FEEDS / 100} due ${median(few).toFixed(1)} / ${percentile(few, 95).toFixed(1)}; ${FEEDS} due ${median(all).toFixed(1)} / ${percentile(all, 95).toFixed(1)}`,
  )
  console.log(
    `median checks/s over passes: ${median(rates).toFixed(0)} (target >= 200; machine shared with other work: an upper bound on cost)`,
  )
  await extractor.close()
  database.close?.()
  child.kill()
  fs.rmSync(dir, { recursive: true, force: true })
}
