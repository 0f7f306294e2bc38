// npm run bench:ingest [-- --feeds 200 --posts 15]: end-to-end crawl of a generated corpus served on loopback,
// against bare Readability on jsdom over the same pages in one thread (the floor).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createExtractor } from '../../src/extract/index.ts'
import { runCrawl } from '../../src/jobs/crawl.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { createHostLimiter } from '../../src/lib/host-limiter.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSafeFetch } from '../../src/lib/safe-fetch.ts'
import { migrateDb, openDb, syncSectors } from '../../src/store/index.ts'
import { articleHtml, feedXml } from './corpus.ts'
import { median, percentile, peakRssMb } from './stats.ts'

const { values } = parseArgs({ options: { feeds: { type: 'string', default: '250' }, posts: { type: 'string', default: '20' }, heap: { type: 'string' } } })
const FEEDS = Number(values.feeds)
const POSTS = Number(values.posts)
const HOSTS = 8 // blogs are spread over 127.0.0.1..8, so per-host politeness applies as on the web

// The corpus is served from another process, pre-rendered, so serving costs this one nothing.
const serverProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./corpus-server.ts', import.meta.url)), String(FEEDS), String(POSTS), String(HOSTS)], { stdio: ['pipe', 'pipe', 'inherit'] })
const [line] = (await once(readline.createInterface({ input: serverProcess.stdout! }), 'line')) as [string]
const origins: string[] = JSON.parse(line).origins
const originOf = (blog: number) => origins[blog % HOSTS]!
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-'))
const database = await openDb({ url: `file:${path.join(dir, 'bench.db')}` })
await migrateDb(database)
await syncSectors(
  database.db,
  [
    {
      slug: 'bench',
      name: 'Bench',
      language: 'fr',
      profile: {},
      file: null,
      sources: Array.from({ length: FEEDS }, (_, b) => ({ name: `Blog ${b}`, siteUrl: null, feedUrl: `${originOf(b)}/blog${b}/feed`, kind: 'blog' as const, people: [] })),
    },
  ],
  new Date(),
)
const workers = os.availableParallelism()
const runTimes: number[] = []
const waitTimes: number[] = []
const extractor = createExtractor({
  workers,
  timeoutMs: 30_000,
  ...(values.heap ? { maxHeapMb: Number(values.heap) } : {}),
  onTaskTimed: ({ runMs, waitMs }) => {
    runTimes.push(runMs)
    waitTimes.push(waitMs)
  },
})
const fetch = createSafeFetch({ allowHosts: ['127.0.0.0/8'], userAgent: 'Vigie-bench', timeoutMs: 30_000, connectTimeoutMs: 5000 })
// Warm the workers (loading jsdom in a thread takes seconds) before timing.
await Promise.all(Array.from({ length: workers * 2 }, () => extractor.extract({ html: articleHtml('http://127.0.0.1', 0, 0), url: 'http://127.0.0.1/x' })))

const rssAfterWarmup = process.memoryUsage().rss / 1048576
runTimes.length = waitTimes.length = 0
const t0 = performance.now()
const fetchTimes: number[] = []
const summary = await runCrawl({
  db: database.db,
  fetch: { ...fetch, fetch: async (r) => { const t = performance.now(); try { return await fetch.fetch(r) } finally { fetchTimes.push(performance.now() - t) } } },
  hostLimiter: createHostLimiter({ perHost: 2, delayMs: 0 }),
  extractor,
  clock: systemClock,
  log: silentLog,
  limits: { maxFeedBytes: 10_000_000, maxPageBytes: 5_000_000, concurrency: 16 },
})
const seconds = (performance.now() - t0) / 1000
const rssPipeline = peakRssMb()
await extractor.close()
const pages = summary.articlesNew
const e2e = pages / seconds

// The floor: bare Readability on jsdom, one thread, same pages (as served, scripts and styles included).
// Loaded only now, so that jsdom in this thread does not count in the crawl's peak RSS.
const { Readability } = await import('@mozilla/readability')
const { JSDOM } = await import('jsdom')
const floorTimes: number[] = []
const f0 = performance.now()
for (let b = 0; b < FEEDS; b++) {
  for (let p = 0; p < POSTS; p++) {
    const origin = originOf(b)
    const t = performance.now()
    const dom = new JSDOM(articleHtml(origin, b, p), { url: `${origin}/blog${b}/post-${p}/` })
    new Readability(dom.window.document).parse()
    dom.window.close()
    floorTimes.push(performance.now() - t)
    if (p % 10 === 0) await new Promise((r) => setImmediate(r))
  }
}
const floor = (FEEDS * POSTS) / ((performance.now() - f0) / 1000)

console.log(`ingest benchmark: ${FEEDS} feeds, ${pages} article pages (~${Math.round(articleHtml('http://127.0.0.1', 1, 1).length / 1024)} KB each), ${workers} workers, ${os.cpus().length} cores`)
console.log(`  crawl summary: ${JSON.stringify({ ...summary, errors: summary.errors.length })}`)
console.log(`  end to end: ${e2e.toFixed(1)} articles/s (${seconds.toFixed(1)} s)`)
console.log(`  extraction per page in a worker: median ${median(runTimes).toFixed(1)} ms, p95 ${percentile(runTimes, 95).toFixed(1)} ms (waiting for a worker: median ${median(waitTimes).toFixed(1)} ms, p95 ${percentile(waitTimes, 95).toFixed(1)} ms)`)
console.log(`  floor, bare Readability on jsdom in one thread: ${floor.toFixed(1)} pages/s, median ${median(floorTimes).toFixed(1)} ms/page`)
console.log(`  fetch median ${median(fetchTimes).toFixed(1)} p95 ${percentile(fetchTimes, 95).toFixed(1)}`)
console.log(`  ratio end to end / floor: ${(e2e / floor).toFixed(2)}x (target >= 1.5x)`)
console.log(`  RSS after starting the workers: ${rssAfterWarmup.toFixed(0)} MB`)
console.log(`  peak RSS during the crawl: ${rssPipeline.toFixed(0)} MB (target < 600 MB for 5,000 pages)`)
await fetch.close()
database.close()
serverProcess.stdin!.end()
fs.rmSync(dir, { recursive: true, force: true })
