// npx tsx test/bench/workers.ts [--minutes 10] [--feeds 200] [--period 60]: the web server and two crawl
// workers (`vigie serve` and two `vigie crawl --loop`) on one database file for a while, under the web
// bench's load (readers and deciders in a process of their own). Every period each blog publishes one
// more post and every feed is made due again: each feed must be fetched exactly once per period, by
// one of the three processes. Prints fetches, duplicates, misses, articles, request latencies and any
// "database is locked" line; exits 1 if one of those checks fails. Loopback only.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { createApiToken, createUser } from '../../src/auth/index.ts'
import { migrateDb, openDb } from '../../src/store/index.ts'
import { articleHtml, articleTitle, langOf } from './corpus.ts'
import { median, percentile } from './stats.ts'
import type { Load, LoadResult } from './web-load.ts'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    feeds: { type: 'string', default: '200' },
    period: { type: 'string', default: '60' },
  },
})
const MINUTES = Number(values.minutes)
const FEEDS = Number(values.feeds)
const PERIOD_S = Number(values.period)
const FIRST_POSTS = 5
const bin = fileURLToPath(new URL('../../src/bin.mjs', import.meta.url))
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-workers-'))
const start = Date.now()
const hour = 3_600_000

// The blogs: post p of every blog is dated p hours after the bench's start less a day, so that all
// of them stay in the scoring window however long the run.
const state = { posts: FIRST_POSTS, period: 0 }
const hits: Map<number, number>[] = [new Map()]
const dated = (p: number) => new Date(start - 24 * hour + p * hour).toISOString()
const server = http.createServer((req, res) => {
  const url = req.url ?? '/'
  const feed = /^\/blog(\d+)\/feed$/.exec(url)
  if (feed) {
    const b = Number(feed[1])
    const period = hits[state.period]!
    period.set(b, (period.get(b) ?? 0) + 1)
    const items = Array.from(
      { length: state.posts },
      (_, p) =>
        `<item><title>${articleTitle(b, p)}</title><link>${origin}/blog${b}/post-${p}/</link><guid>${origin}/blog${b}/?p=${p}</guid><pubDate>${new Date(dated(p)).toUTCString()}</pubDate></item>`,
    ).join('')
    return void res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Blog ${b}</title><link>${origin}/blog${b}/</link>${items}</channel></rss>`,
      )
  }
  const page = /^\/blog(\d+)\/post-(\d+)\/$/.exec(url)
  if (page) {
    const [b, p] = [Number(page[1]), Number(page[2])]
    const html = articleHtml(origin, b, p).replace(/2026-11-\d\dT08:00:00Z/g, dated(p))
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
  }
  res.writeHead(404).end()
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`

const feedsDir = path.join(dir, 'feeds')
fs.mkdirSync(feedsDir)
const sectorFile = fs.readFileSync(path.resolve('feeds/community-management.yaml'), 'utf8')
fs.writeFileSync(
  path.join(feedsDir, 'community-management.yaml'),
  sectorFile.slice(0, sectorFile.search(/^sources:/m)) +
    `sources:\n${Array.from({ length: FEEDS }, (_, b) => `  - name: Blog ${b}\n    feed: ${origin}/blog${b}/feed\n    lang: ${langOf(b)}\n`).join('')}`,
)
const dbFile = path.join(dir, 'vigie.db')
const database = await openDb({ url: `file:${dbFile}` })
await migrateDb(database)
const { db } = database
const user = await createUser(
  db,
  { email: 'bench@example.org', role: 'curator', password: 'bench-password-123' },
  new Date(),
)
const token = (await createApiToken(db, user.id, 'bench', new Date())).token
const env = {
  ...process.env,
  DATABASE_URL: `file:${dbFile}`,
  VIGIE_FEEDS_DIR: feedsDir,
  VIGIE_INDEX_DIR: path.join(dir, 'index'),
  VIGIE_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
  VIGIE_ALLOW_HOSTS: '127.0.0.1',
  VIGIE_PER_HOST_DELAY_MS: '0',
  VIGIE_PER_HOST_CONCURRENCY: '2',
  VIGIE_EXTRACT_WORKERS: '1',
  VIGIE_LOG_LEVEL: 'warn',
}

interface Child {
  name: string
  child: ChildProcess
  stdout: string
  stderr: string
  exit: Promise<number | null>
}
function run(name: string, args: string[], extra: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const c: Child = {
    name,
    child,
    stdout: '',
    stderr: '',
    exit: new Promise((r) => child.on('close', r)),
  }
  child.stdout!.on('data', (d) => (c.stdout += d))
  child.stderr!.on('data', (d) => (c.stderr += d))
  return c
}

// The server crawls too (every 5 s), as a deployment with workers beside it would.
const web = run('server', ['serve'], {
  PORT: '0',
  HOST: '127.0.0.1',
  VIGIE_CRAWL_INTERVAL_S: '5',
  VIGIE_CRAWL_ON_START: '1',
})
const port = await new Promise<number>((resolve, reject) => {
  web.child.stdout!.on('data', () => {
    const m = /Vigie is up: http:\/\/127\.0\.0\.1:(\d+)/.exec(web.stdout)
    if (m) resolve(Number(m[1]))
  })
  void web.exit.then((code) => reject(new Error(`server exited ${code}: ${web.stderr}`)))
})
const workers = [1, 2].map((n) => run(`worker ${n}`, ['crawl', '--loop', '--every', '1']))
const api = `http://127.0.0.1:${port}`
const auth = { authorization: `Bearer ${token}` }
console.log(
  `server on ${api}, 2 workers, ${FEEDS} feeds, ${MINUTES} min, a period every ${PERIOD_S} s`,
)

// The deciders need articles: wait for the first crawl to fill the queue.
let pool: number[] = []
while (pool.length < 50) {
  if (Date.now() - start > 300_000) throw new Error('no articles after 5 minutes')
  await new Promise((r) => setTimeout(r, 2000))
  const res = await fetch(`${api}/api/queue?sector=community-management&limit=200`, {
    headers: auth,
  })
  if (res.ok) pool = ((await res.json()).stories as { id: number }[]).map((s) => s.id)
}
console.log(
  `first ${pool.length} stories in the queue after ${((Date.now() - start) / 1000).toFixed(0)} s`,
)
const readPaths = [
  '/api/queue?sector=community-management&limit=50',
  ...pool.slice(0, 10).map((id) => `/api/articles/${id}`),
  ...['linkedin', 'engagement communauté', 'tiktok algorithme'].map(
    (q) => `/api/search?sector=community-management&q=${encodeURIComponent(q)}`,
  ),
]
const load: Load = {
  origin: api,
  token,
  readPaths,
  pool,
  readers: 4,
  deciders: 2,
  seconds: MINUTES * 60,
}
const clients = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    fileURLToPath(new URL('./web-load.ts', import.meta.url)),
    JSON.stringify(load),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
)
let clientOut = ''
clients.stdout!.on('data', (d) => (clientOut += d))
const clientsDone = new Promise((r) => clients.on('close', r))

// Periods: publish one more post on every blog and make every feed due; each must be fetched once.
const loadEnds = Date.now() + MINUTES * 60_000
const periods: { fetched: number; duplicates: number; missed: number }[] = []
const close = () => {
  const counts = hits[state.period]!
  const values = Array.from({ length: FEEDS }, (_, b) => counts.get(b) ?? 0)
  periods.push({
    fetched: values.filter((n) => n >= 1).length,
    duplicates: values.filter((n) => n > 1).length,
    missed: values.filter((n) => n === 0).length,
  })
}
while (Date.now() + PERIOD_S * 1000 <= loadEnds) {
  state.posts++
  state.period++
  hits.push(new Map())
  await db.run(sql`update feeds set next_check_at = 0`)
  await new Promise((r) => setTimeout(r, PERIOD_S * 1000))
  close()
  const p = periods.at(-1)!
  console.log(
    `period ${state.period}: ${p.fetched}/${FEEDS} feeds fetched, ${p.duplicates} twice or more, ${p.missed} not fetched`,
  )
}
await clientsDone
for (const c of [...workers, web]) c.child.kill('SIGTERM')
const codes = await Promise.all([...workers, web].map((c) => c.exit))

const [counts] = (
  await db.run(
    sql`select count(*) as total, count(distinct canonical_url) as urls, sum(extract_state = 'ok') as ok from articles`,
  )
).rows as unknown as { total: number; urls: number; ok: number }[]
const result = JSON.parse(clientOut) as LoadResult
const locked = [...workers, web].filter((c) => /locked|SQLITE_BUSY/i.test(c.stderr))
const fmt = (xs: number[]) => `${median(xs).toFixed(0)} / ${percentile(xs, 95).toFixed(0)} ms`
const duplicates = periods.reduce((n, p) => n + p.duplicates, 0)
const missed = periods.reduce((n, p) => n + p.missed, 0)
console.log(`load average (1 min) at the end: ${os.loadavg()[0]!.toFixed(1)}`)
console.log(`reads: ${result.reads.length}, p50 / p95 ${fmt(result.reads)}`)
console.log(`decisions: ${result.decisions.length}, p50 / p95 ${fmt(result.decisions)}`)
console.log(`request errors: ${result.errors.length} ${result.errors.slice(0, 5).join('; ')}`)
console.log(
  `periods: ${periods.length}; feeds fetched twice in a period: ${duplicates}; not fetched within a period: ${missed}`,
)
console.log(
  `articles: ${counts!.total} stored, ${counts!.urls} distinct URLs, ${counts!.ok} extracted (${FEEDS * state.posts} published)`,
)
console.log(
  `exit codes: ${codes.join(', ')}; processes logging "locked": ${locked.map((c) => c.name).join(', ') || 'none'}`,
)
for (const c of locked)
  console.log(`${c.name}: ${c.stderr.split('\n').find((l) => /locked|BUSY/i.test(l))}`)
database.close()
server.close()
fs.rmSync(dir, { recursive: true, force: true })
const ok =
  duplicates === 0 &&
  locked.length === 0 &&
  codes.every((c) => c === 0) &&
  result.errors.length === 0 &&
  Number(counts!.total) === Number(counts!.urls)
console.log(ok ? 'OK' : 'FAILED')
process.exit(ok ? 0 : 1)
