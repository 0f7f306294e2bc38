// npx tsx test/bench/startup.ts [--articles 100000] [--skip-first]: `vigie serve` as it is deployed, in its
// own process, on the database of N articles that test/bench/web.ts builds and caches (run that first),
// scored first as crawls leave it: the time from spawn to "Vigie is up" and to the search index caught up
// with the database, on a first start (no search index yet: built from the database, in the background)
// and on a second (the saved index); the server process's resident memory (VmRSS, and its peak VmHWM)
// after start, after a round of pages (queue, readers, searches: the newest months, then every month),
// once the background work has settled, and after 100 rounds of each page, timed by the server's own time
// (Server-Timing) with the round trip on loopback beside it.
// --skip-first starts only on a saved index: the one web.ts caches beside its database (a first start at
// a million articles indexes them all, about half an hour here).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createSession, createUser } from '../../src/auth/index.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { migrateDb, openDb } from '../../src/store/index.ts'
import { cachedDatabase } from './cached-db.ts'
import { pagesOn, SEARCH_QUERIES, startServe, timePages } from './serve-process.ts'

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
// Scored as crawls leave a database (the cached one holds raw articles): else the queue, its readers
// and the shortlist would be empty pages.
const scoring = createScoring({
  db: database.db,
  clock: systemClock,
  log: silentLog,
  database: { url: `file:${file}` },
})
const scoringStarted = performance.now()
const scored = await scoring.rescoreSector(SECTOR)
await scoring.close()
console.log(
  `${scored} articles in the scoring window scored in ${((performance.now() - scoringStarted) / 1000).toFixed(0)} s`,
)
const user = await createUser(
  database.db,
  { email: 'startup@example.org', role: 'curator', password: 'bench-password-123' },
  systemClock.now(),
)
const { token } = await createSession(database.db, user.id, systemClock.now())
database.close()
const headers = { cookie: `vigie_session=${token}` }

async function serveOnce(label: string) {
  const server = await startServe({
    file,
    indexDir: path.join(dir, 'index'),
    dir,
    headers,
    sector: SECTOR,
  })
  const { get } = server
  const atStart = server.memory()
  const queueIds = async () =>
    (
      (await (await get(`/api/queue?sector=${SECTOR}&limit=20`)).json()) as {
        stories: { id: number }[]
      }
    ).stories.map((s) => s.id)
  const ids = await queueIds()
  await (await get(`/queue?sector=${SECTOR}`)).text()
  for (const id of ids) await (await get(`/articles/${id}`)).text()
  // Words of the generated articles: the newest months that the memory budget holds, then every month
  // (each shard loaded in turn, within the budget plus one shard).
  const searches = SEARCH_QUERIES.map((q) => `/search?sector=${SECTOR}&q=${encodeURIComponent(q)}`)
  for (const p of searches) await (await get(p)).text()
  await (await get(`/search?sector=${SECTOR}&q=community&all=1`)).text()
  const afterPages = server.memory()
  // The index loads and catches up with the database in the background, after the server is up; the
  // scoring worker's first pass runs then too.
  const indexMs = (await server.settled()) - server.startedAt
  const indexed = server.memory()
  await new Promise((r) => setTimeout(r, 20_000))
  const settled = server.memory()
  // The pages as a browser on loopback sees them, in the server's own process.
  const pages = await timePages(
    pagesOn(server, {
      queue: [`/queue?sector=${SECTOR}`],
      reader: (await queueIds()).map((id) => `/articles/${id}`),
      search: searches,
      shortlist: [`/shortlist?sector=${SECTOR}`],
    }),
    { rounds: 110 },
  )
  const afterRounds = server.memory()
  await server.stop()
  console.log(
    `  ${label}: up in ${(server.upMs / 1000).toFixed(1)} s (target < 10 s), search index caught up after ${(indexMs / 1000).toFixed(1)} s; RSS ${atStart.rssMb} MB at start, ${afterPages.rssMb} MB after pages and searches, ${indexed.rssMb} MB once indexed, ${settled.rssMb} MB 20 s later, ${afterRounds.rssMb} MB after 100 rounds of each page, peak ${afterRounds.peakMb} MB (target < 1500 MB)`,
  )
  console.log(
    `    server time (median / p95 ms; round trip on loopback in brackets): ${Object.entries(pages)
      .map(([page, t]) => `${page} ${t.p50} / ${t.p95} (${t.roundTripP50} / ${t.roundTripP95})`)
      .join(', ')}`,
  )
  return {
    upMs: Math.round(server.upMs),
    indexMs: Math.round(indexMs),
    atStart,
    afterPages,
    indexed,
    afterRounds,
    settled,
    pages,
  }
}

console.log(
  `vigie serve on ${N} articles (${(fs.statSync(file).size / 1e6).toFixed(0)} MB database)`,
)
if (values['skip-first']) {
  const saved = path.join(cacheDir, 'index')
  if (!fs.existsSync(path.join(saved, 'manifest.json'))) {
    throw new Error(
      `no search index saved beside ${cacheDir}: run npx tsx test/bench/web.ts --articles ${N} first`,
    )
  }
  fs.cpSync(saved, path.join(dir, 'index'), { recursive: true })
}
const first = values['skip-first']
  ? null
  : await serveOnce('first start, index built from the database')
const second = await serveOnce('second start, saved index')
console.log(JSON.stringify({ articles: N, first, second }))
fs.rmSync(dir, { recursive: true, force: true })
