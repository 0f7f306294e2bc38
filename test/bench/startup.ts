// npx tsx test/bench/startup.ts [--articles 100000]: `vigie serve` as it is deployed, in its own process, on
// the database of N articles that test/bench/web.ts builds and caches (run that first): the time from spawn to
// "Vigie is up" and to the search index caught up with the database, on a first start (no search index yet:
// built from the database, in the background) and on a second (the saved index), and the server process's resident memory (VmRSS, and its peak VmHWM) after start, after a round
// of pages (queue, readers, searches: the newest months, then every month) and once the background work has
// settled. --skip-first starts only on a saved index: the one web.ts caches beside its database (a first
// start at a million articles indexes them all, about half an hour here).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createSession, createUser } from '../../src/auth/index.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { migrateDb, openDb } from '../../src/store/index.ts'
import { cachedDatabase } from './cached-db.ts'

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    'skip-first': { type: 'boolean', default: false },
  },
})
const N = Number(values.articles)
const SECTOR = 'community-management'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-startup-'))
const { file, cacheDir } = await cachedDatabase(`web-${N}`, dir, async () => {
  throw new Error(
    `no cached database of ${N} articles: run npx tsx test/bench/web.ts --articles ${N} first`,
  )
})
const database = await openDb({ url: `file:${file}` })
await migrateDb(database)
const user = await createUser(
  database.db,
  { email: 'startup@example.org', role: 'curator', password: 'bench-password-123' },
  systemClock.now(),
)
const { token } = await createSession(database.db, user.id, systemClock.now())
database.close()
const headers = { cookie: `vigie_session=${token}` }

const env = {
  ...process.env,
  DATABASE_URL: `file:${file}`,
  VIGIE_INDEX_DIR: path.join(dir, 'index'),
  VIGIE_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
  VIGIE_CRAWL_ON_START: '0',
  VIGIE_CRAWL_INTERVAL_S: '0',
  VIGIE_LOG_LEVEL: 'warn',
  PORT: '0',
  HOST: '127.0.0.1',
}
const bin = path.resolve('src/bin.mjs')

/** Resident and peak resident memory of a process, in MB (Linux). */
function memoryOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) }
}

async function serveOnce(label: string) {
  const started = performance.now()
  const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr.on('data', (d) => (err += d))
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = /Vigie is up: http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('close', (code) =>
      reject(new Error(`vigie serve exited ${code}: ${err.slice(-2000)}`)),
    )
  })
  const upMs = performance.now() - started
  const atStart = memoryOf(child.pid!)
  const get = async (p: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${p}`, { headers })
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`)
    return res
  }
  const ids = (
    (await (await get(`/api/queue?sector=${SECTOR}&limit=20`)).json()) as {
      stories: { id: number }[]
    }
  ).stories.map((s) => s.id)
  await (await get(`/queue?sector=${SECTOR}`)).text()
  for (const id of ids) await (await get(`/articles/${id}`)).text()
  // Words of the generated articles: the newest months that the memory budget holds, then every month
  // (each shard loaded in turn, within the budget plus one shard).
  for (const q of [
    'community manager',
    'réseaux sociaux',
    'engagement linkedin',
    'modération',
    'social media',
    'audience instagram',
  ])
    await (await get(`/search?sector=${SECTOR}&q=${encodeURIComponent(q)}`)).text()
  await (await get(`/search?sector=${SECTOR}&q=community&all=1`)).text()
  const afterPages = memoryOf(child.pid!)
  // The index loads and catches up with the database in the background, after the server is up.
  for (;;) {
    const res = await get(`/api/search?sector=${SECTOR}&q=community&limit=1`)
    if (!((await res.json()) as { catchingUp: unknown }).catchingUp) break
    await new Promise((r) => setTimeout(r, 250))
  }
  const indexMs = performance.now() - started
  const indexed = memoryOf(child.pid!)
  // The scoring worker's first pass runs in the background after start too.
  await new Promise((r) => setTimeout(r, 20_000))
  const settled = memoryOf(child.pid!)
  const closed = new Promise((r) => child.once('close', r))
  child.kill('SIGTERM')
  await closed
  console.log(
    `  ${label}: up in ${(upMs / 1000).toFixed(1)} s (target < 10 s), search index caught up after ${(indexMs / 1000).toFixed(1)} s; RSS ${atStart.rssMb} MB at start, ${afterPages.rssMb} MB after pages and searches, ${indexed.rssMb} MB once indexed, ${settled.rssMb} MB 20 s later, peak ${settled.peakMb} MB (target < 1500 MB)`,
  )
  return {
    upMs: Math.round(upMs),
    indexMs: Math.round(indexMs),
    atStart,
    afterPages,
    indexed,
    settled,
  }
}

console.log(
  `vigie serve on ${N} articles (${(fs.statSync(file).size / 1e6).toFixed(0)} MB database)`,
)
if (values['skip-first']) {
  const saved = path.join(cacheDir, 'index')
  if (!fs.existsSync(path.join(saved, 'manifest.json'))) {
    throw new Error(`no search index saved beside ${cacheDir}: run npx tsx test/bench/web.ts --articles ${N} first`)
  }
  fs.cpSync(saved, path.join(dir, 'index'), { recursive: true })
}
const first = values['skip-first'] ? null : await serveOnce('first start, index built from the database')
const second = await serveOnce('second start, saved index')
console.log(JSON.stringify({ articles: N, first, second }))
fs.rmSync(dir, { recursive: true, force: true })
