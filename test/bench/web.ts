// npx tsx test/bench/web.ts [--articles 100000] [--followed 8] [--rebuild] [--skip-mixed] [--json] [--cpu-profile FILE]: server time of the main
// pages and the queue JSON with a large database (a real file, built once per size and schema and cached in
// the temp folder), timed on `vigie serve` in its own process (its Server-Timing, the round trip beside it),
// database bytes per article, requests per second for the queue JSON on loopback, and reads with decisions
// while `vigie crawl --all` writes the same database from another process.
// `npm run bench:scale -- --articles N --json` is the same without the mixed phase, as one JSON object.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import inspector from 'node:inspector/promises'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { serve } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { articles, feeds } from '../../db/schema.ts'
import { createApiToken, createSession, createUser } from '../../src/auth/index.ts'
import { createApp } from '../../src/http/app.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import { createSearchIndex, indexDocsFor, syncIndex } from '../../src/search/index.ts'
import { staleQueueArticles } from '../../src/jobs/queue.ts'
import { followSearch, migrateDb, openDb, recordDismissals, syncSectors, type Database } from '../../src/store/index.ts'
import { cachedDatabase } from './cached-db.ts'
import { articleHtml, articleTitle, langOf } from './corpus.ts'
import { pagesOn, queueJsonRps, SEARCH_QUERIES, startServe, timePages, topStoryIds, WEB_PAGE_LABELS, webPages } from './serve-process.ts'
import { median, percentile } from './stats.ts'
import type { Load, LoadResult } from './web-load.ts'

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '100000' }, followed: { type: 'string', default: '8' }, 'crawl-feeds': { type: 'string', default: '40' }, rebuild: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, 'skip-mixed': { type: 'boolean', default: false }, prepare: { type: 'boolean', default: false }, 'cpu-profile': { type: 'string' } },
})
const N = Number(values.articles)
// With --json the figures go to stdout as one object (npm run bench:scale) and the lines to stderr.
const say = values.json ? console.error : console.log
const SOURCES = 300
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-web-'))
const clock = systemClock
const now = clock.now().getTime()
const { sectors } = await loadSectors(path.resolve('feeds'))
const sector = sectors.find((s) => s.slug === 'community-management')!
const t0 = performance.now()
// The run's crawl and decisions write into its copy of the generated database.
const { file, cacheDir } = await cachedDatabase(`web-${N}`, dir, buildDatabase, { rebuild: values.rebuild })
const database = await openDb({ url: `file:${file}` })
await migrateDb(database)
const { db } = database

async function buildDatabase({ db }: Database) {
  await syncSectors(db, [{ ...sector, sources: [] }], clock.now())
  const feedIds: number[] = []
  for (let f = 0; f < SOURCES; f++) {
    const url = `https://blog-${f}.example/feed`
    const [row] = await db.insert(feeds).values({ sectorSlug: sector.slug, declaredUrl: url, url, sourceName: `Blog ${f}`, kind: 'blog', createdAt: clock.now() }).returning({ id: feeds.id })
    feedIds.push(row!.id)
  }
  const textOf = (html: string) => html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>|<nav[\s\S]*?<\/nav>|<footer[\s\S]*?<\/footer>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
  for (let i = 0; i < N; i += 1000) {
    const batch = []
    for (let j = i; j < Math.min(N, i + 1000); j++) {
      const blog = j % SOURCES
      const post = Math.floor(j / SOURCES)
      // A year of articles, the newest first: about 8% fall in the 30-day scoring window.
      const publishedAt = new Date(now - Math.floor((j / N) * 365 * 86_400_000) - (j % 17) * 60_000)
      const url = `https://blog-${blog}.example/post-${post}`
      const text = textOf(articleHtml('https://x', blog, post)).slice(0, 1500)
      batch.push({ sectorSlug: sector.slug, feedId: feedIds[blog]!, guid: url, url, canonicalUrl: url, title: articleTitle(blog, post), text, html: `<p>${text}</p>`, lang: langOf(blog), publishedAt, firstSeenAt: publishedAt, updatedAt: publishedAt, extractState: 'ok' as const, wordCount: 250 })
    }
    await db.insert(articles).values(batch)
  }
}
// As the server wires it (src/jobs/services.ts): the scoring worker saves scores on its own connection.
const scoring = createScoring({ db, clock, log: silentLog, database: { url: `file:${file}` } })
const scored = await scoring.rescoreSector(sector.slug)
// A saved index, as a server keeps it: the crawl in another process loads it and adds to it.
const indexDir = path.join(dir, 'index')
// The index built from the cached database is cached beside it: at a million articles, building it
// took most of the setup. The run's copy syncs it: nothing to add, unless the analyser changed (then
// the rebuilt index replaces the cached one).
const cachedIndex = path.join(cacheDir, 'index')
const indexCached = !values.rebuild && fs.existsSync(path.join(cachedIndex, 'manifest.json'))
if (indexCached) fs.cpSync(cachedIndex, indexDir, { recursive: true })
const search = createSearchIndex({ dir: indexDir, docsFor: (ids) => indexDocsFor(db, ids) })
await search.load()
const synced = await syncIndex(search, db)
await search.save()
if (!indexCached || synced.added + synced.updated + synced.removed > 0) {
  fs.rmSync(cachedIndex, { recursive: true, force: true })
  fs.cpSync(indexDir, `${cachedIndex}.tmp`, { recursive: true })
  fs.renameSync(`${cachedIndex}.tmp`, cachedIndex)
}
const setupMs = performance.now() - t0
const dbBytes = fs.statSync(path.join(cacheDir, 'bench.db')).size
say(`web benchmark: ${N} articles in the database (${scored} in the scoring window), setup ${(setupMs / 1000).toFixed(0)} s (building the database once per size: ${path.basename(cacheDir)}); database ${(dbBytes / 1e6).toFixed(0)} MB, ${(dbBytes / N).toFixed(0)} bytes per article`)

const user = await createUser(db, { email: 'bench@example.org', role: 'curator', password: 'bench-password-123' }, clock.now())
const session = await createSession(db, user.id, clock.now())
const cookie = `vigie_session=${session.token}`
// A curator follows a few searches (--followed, default 8): the queue page counts each one's new results
// (published in the last 3 days here).
for (const query of SEARCH_QUERIES.slice(0, Number(values.followed)))
  await followSearch(db, { sectorSlug: sector.slug, query }, new Date(now - 3 * 86_400_000))
// One article in 400 of this run's copy in German: a language few articles have, whose queue is read
// from those articles rather than by walking the window for them.
await db.run(sql`update articles set lang = 'de' where id % 400 = 7`)
if (values.prepare) {
  // For bench:scale, which serves every size at once and times them in the same passes: this run's
  // folder is left for it (it removes it).
  await scoring.close()
  database.close()
  console.log(JSON.stringify({ dir, file, indexDir, cookie, sector: sector.slug, articles: N, window: scored, dbBytes, bytesPerArticle: Math.round(dbBytes / N), setupMs: Math.round(setupMs) }))
  process.exit(0)
}
// The pages are timed on `vigie serve` in its own process, on this run's copy of the database and index,
// as the server's own time (its Server-Timing header), not in this process, which holds what building
// and scoring the database left (4.5 GB at a million articles).
const served = await startServe({ file, indexDir, dir, headers: { cookie }, sector: sector.slug })
await served.settled()
const topIds = await topStoryIds(served, sector.slug)
const pages = await timePages(pagesOn(served, webPages(sector.slug, topIds)))
for (const [page, t] of Object.entries(pages)) {
  say(`  ${WEB_PAGE_LABELS[page]}: median ${t.p50} ms, p95 ${t.p95} ms server time (target p95 < 50 ms); round trip on loopback ${t.roundTripP50} / ${t.roundTripP95} ms`)
}
const queueJson = await queueJsonRps(served, sector.slug)
const { rssMb, peakMb } = served.memory()
await served.stop()
say(`  queue JSON over HTTP on loopback, 8 connections: ${queueJson} requests/s; server RSS ${rssMb} MB, peak ${peakMb} MB`)
// "Skip everything older than a week" over the whole queue, then its undo: what the form's POST does
// (the store's statements, run here now that the server has stopped), and the longest the event loop
// was held meanwhile (what another request would wait: a skip writes a thousand articles a transaction).
let lastTick = performance.now()
let skipLoopMax = 0
const probe = setInterval(() => {
  const now = performance.now()
  skipLoopMax = Math.max(skipLoopMax, now - lastTick)
  lastTick = now
}, 1)
await new Promise((resolve) => setTimeout(resolve, 20))
const skipStart = performance.now()
const stale = await staleQueueArticles({ db, clock }, sector.slug, {}, 7)
const skipped = await recordDismissals(db, { sectorSlug: sector.slug, articleIds: stale }, clock.now())
const skipMs = performance.now() - skipStart
const undoStart = performance.now()
const restored = await recordDismissals(db, { sectorSlug: sector.slug, batch: skipped.batch ?? undefined, undo: true }, clock.now())
const undoMs = performance.now() - undoStart
// A turn of the loop, so that the probe sees the last stretch too.
await new Promise((resolve) => setTimeout(resolve, 20))
clearInterval(probe)
const skipLoopMaxMs = Math.round(skipLoopMax)
say(`  skip everything older than 7 days: ${skipped.articleIds.length} articles in ${skipMs.toFixed(0)} ms; its undo restored ${restored.articleIds.length} in ${undoMs.toFixed(0)} ms; the event loop's longest wait meanwhile ${skipLoopMaxMs} ms`)
const scale = { articles: N, window: scored, dbBytes, bytesPerArticle: Math.round(dbBytes / N), rssMb, peakMb, setupMs: Math.round(setupMs), pages, queueJsonRps: queueJson, skipOlder: { articles: skipped.articleIds.length, skipMs: Math.round(skipMs), undoMs: Math.round(undoMs), loopMaxMs: skipLoopMaxMs } }
if (values['skip-mixed']) {
  if (values.json) console.log(JSON.stringify(scale))
  database.close()
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

// Reads and decisions together (#15): 6 connections read (queue JSON, reader, search), 2 decide, for
// 20 s. A decision rescores the sector in the background, coalesced, so neither waits for a rescore.
// This phase serves from this process, whose scoring it waits on (scoring.settled()).
const app = createApp({ db, clock, log: silentLog, config: { feedsDir: 'feeds' }, scoring, search, crawler: null })
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
await new Promise((r) => server.once('listening', r))
// Longer than the pause while the crawl starts: else a reused idle connection races its close (ECONNRESET).
;(server as unknown as { keepAliveTimeout: number }).keepAliveTimeout = 120_000
const port = (server.address() as { port: number }).port
const token = (await createApiToken(db, user.id, 'bench', clock.now())).token
const pool = (await (await app.request(`/api/queue?sector=${sector.slug}&limit=400`, { headers: { cookie } })).json()).stories.map((s: { id: number }) => s.id) as number[]
// The crawl: `vigie crawl --all` in its own process on the same database and index folder, over
// generated blogs served on 127.0.0.1 from a third process (the sector file lists them).
const CRAWL_FEEDS = Number(values['crawl-feeds'])
const corpus = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./corpus-server.ts', import.meta.url)), String(CRAWL_FEEDS), '10', '1'], { stdio: ['pipe', 'pipe', 'inherit'] })
const [line] = (await once(readline.createInterface({ input: corpus.stdout! }), 'line')) as [string]
const origin: string = JSON.parse(line).origins[0]
const feedsDir = path.join(dir, 'feeds')
fs.mkdirSync(feedsDir)
const sectorFile = fs.readFileSync(path.resolve('feeds/community-management.yaml'), 'utf8')
fs.writeFileSync(
  path.join(feedsDir, 'community-management.yaml'),
  sectorFile.slice(0, sectorFile.search(/^sources:/m)) +
    `sources:\n${Array.from({ length: CRAWL_FEEDS }, (_, b) => `  - name: Crawled blog ${b}\n    feed: ${origin}/blog${b}/feed\n`).join('')}`,
)
const crawlEnv = {
  ...process.env,
  DATABASE_URL: `file:${path.join(dir, 'bench.db')}`,
  VIGIE_FEEDS_DIR: feedsDir,
  VIGIE_INDEX_DIR: indexDir,
  VIGIE_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
  VIGIE_ALLOW_HOSTS: '127.0.0.1',
  VIGIE_PER_HOST_DELAY_MS: '0',
  VIGIE_PER_HOST_CONCURRENCY: '2',
  VIGIE_EXTRACT_WORKERS: '1',
  VIGIE_LOG_LEVEL: 'error',
}
const crawlStart = performance.now()
const crawl = spawn(process.execPath, [fileURLToPath(new URL('../../src/bin.mjs', import.meta.url)), 'crawl', '--all', '--json'], { env: crawlEnv, stdio: ['ignore', 'pipe', 'pipe'] })
let crawlOut = ''
let crawlErr = ''
crawl.stdout!.on('data', (d) => (crawlOut += d))
crawl.stderr!.on('data', (d) => (crawlErr += d))
const crawlDone = new Promise<{ code: number | null; seconds: number }>((resolve) =>
  crawl.on('close', (code) => resolve({ code, seconds: (performance.now() - crawlStart) / 1000 })),
)
let crawlEnded: { code: number | null; seconds: number } | null = null
void crawlDone.then((r) => (crawlEnded = r))

const readPaths = [
  `/api/queue?sector=${sector.slug}&limit=50`,
  ...topIds.slice(0, 10).map((id: number) => `/api/articles/${id}`),
  ...SEARCH_QUERIES.map((q) => `/api/search?sector=${sector.slug}&q=${encodeURIComponent(q)}`),
]
// The clients run in a process of their own: their CPU is not counted in the server's figures.
const load: Load = { origin: `http://127.0.0.1:${port}`, token, readPaths, pool, readers: 6, deciders: 2, seconds: 20 }
// How long the server's event loop was blocked during the phase: what a read waits behind.
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()
const loadAvg = os.loadavg()[0]!
// --cpu-profile FILE: the server thread's CPU profile during the phase (open it in Chrome's devtools).
const profiler = values['cpu-profile'] ? new inspector.Session() : null
profiler?.connect()
await profiler?.post('Profiler.enable')
await profiler?.post('Profiler.start')
// The server thread's time on a CPU and waiting for one (Linux schedstat, ns): a read is slow either
// because the server works or because something else holds the cores.
const schedOfServerThread = () => fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number)
const schedBefore = schedOfServerThread()
const phaseStart = performance.now()
const clients = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./web-load.ts', import.meta.url)), JSON.stringify(load)], { stdio: ['ignore', 'pipe', 'inherit'] })
let clientsOut = ''
clients.stdout!.on('data', (d) => (clientsOut += d))
const [clientsCode] = (await once(clients, 'close')) as [number | null]
const phaseEnd = performance.now()
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop')
  fs.writeFileSync(values['cpu-profile']!, JSON.stringify(profile))
  profiler.disconnect()
}
loopDelay.disable()
const schedAfter = schedOfServerThread()
const [serverCpuMs, serverWaitMs] = [0, 1].map((k) => Math.round((schedAfter[k]! - schedBefore[k]!) / 1e6))
if (clientsCode !== 0) throw new Error(`load clients exited with ${clientsCode}`)
const { reads, decisions, errors } = JSON.parse(clientsOut) as LoadResult
if (errors.length) throw new Error(`load clients: ${errors.length} errors, first: ${errors[0]}`)
const crawlDuring = crawlEnded as { code: number | null; seconds: number } | null
say(`  server thread during the phase: ${serverCpuMs} ms on a CPU, ${serverWaitMs} ms waiting for one (of ${Math.round(phaseEnd - phaseStart)} ms)`)
say(`  event loop delay during the phase: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms (load average ${loadAvg.toFixed(1)} at the start of the phase)`)
await scoring.settled()
const settleMs = performance.now() - phaseEnd
say(`  under mixed load (6 readers, 2 deciders in another process, 20 s, a crawl in another process): reads ${reads.length}, median ${median(reads).toFixed(0)} ms, p95 ${percentile(reads, 95).toFixed(0)} ms; decisions ${decisions.length}, median ${median(decisions).toFixed(0)} ms, p95 ${percentile(decisions, 95).toFixed(0)} ms (target p95 < 300 ms); background rescoring settled ${settleMs.toFixed(0)} ms after the last decision`)
// The crawl must have been running for the whole phase to count as "with a crawl": say when it was not.
const ended = crawlDuring ?? (await crawlDone)
const summary = /\{[\s\S]*\}/.exec(crawlOut)?.[0]
const stored = summary ? (JSON.parse(summary) as { articlesNew?: number }).articlesNew : undefined
say(`  crawl in another process: ${crawlDuring ? `ended ${crawlDuring.seconds.toFixed(1)} s in (before the end of the phase)` : `still running at the end of the phase, ended after ${ended.seconds.toFixed(1)} s`}, exit ${ended.code}, ${stored ?? '?'} articles stored`)
if (ended.code !== 0) say(crawlErr.slice(-2000))

// A decision alone, once the crawl has ended: its answer, and the time until the queue reflects it
// (its background rescore saved). One at a time, each waiting for the rescore of the one before.
const alone: number[] = []
const reflected: number[] = []
for (const [i, id] of pool.slice(-20).entries()) {
  const t = performance.now()
  const res = await fetch(`http://127.0.0.1:${port}/api/articles/${id}/decision`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ action: i % 2 ? 'reject' : 'approve' }) })
  await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`decision ${id}: ${res.status}`)
  alone.push(performance.now() - t)
  await scoring.settled()
  reflected.push(performance.now() - t)
}
say(`  a decision alone (20, one at a time, load average ${os.loadavg()[0]!.toFixed(1)}): median ${median(alone).toFixed(0)} ms, p95 ${percentile(alone, 95).toFixed(0)} ms (target < 100 ms); the queue reflects it (background rescore saved) after median ${median(reflected).toFixed(0)} ms, max ${Math.max(...reflected).toFixed(0)} ms`)
corpus.stdin!.end()
server.close()
await (scoring as { close?: () => Promise<void> }).close?.()
database.close()
fs.rmSync(dir, { recursive: true, force: true })
if (values.json) console.log(JSON.stringify({ ...scale, mixed: { readsP50: Math.round(median(reads)), readsP95: Math.round(percentile(reads, 95)), decisionsP50: Math.round(median(decisions)), decisionsP95: Math.round(percentile(decisions, 95)), loopP99: Math.round(loopDelay.percentile(99) / 1e6), serverCpuMs, serverWaitMs, loopMax: Math.round(loopDelay.max / 1e6), settleMs: Math.round(settleMs), decisionAloneP50: Math.round(median(alone)), decisionAloneP95: Math.round(percentile(alone, 95)), reflectedP50: Math.round(median(reflected)), reflectedMax: Math.round(Math.max(...reflected)) } }))
