// npx tsx test/bench/queue-scale.ts [--articles 1000000] [--json]: the queue read from its stored rank on
// the large database test/bench/web.ts builds (run `npx tsx test/bench/web.ts --articles N --skip-mixed`
// once first; its build is reused, migrated forward if the schema moved on). Server time (median / p95)
// of the queue page at the top and deep in the queue (keyset cursor), filtered by a language, a
// small source, a tag, an absent language and a high score, the reader at the top and deep
// (prev/next by index seek), the queue JSON and the count, with no search index loaded; process RSS.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { createSession, createUser } from '../../src/auth/index.ts'
import { createApp } from '../../src/http/app.ts'
import { queueCount, queueOf } from '../../src/jobs/queue.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSearchIndex, indexDocsFor } from '../../src/search/index.ts'
import { migrateDb, openDb, writeAnnotation } from '../../src/store/index.ts'
import { cachedDatabase } from './cached-db.ts'
import { median, percentile } from './stats.ts'

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000000' },
    json: { type: 'boolean', default: false },
  },
})
const N = Number(values.articles)
const say = values.json ? console.error : console.log
const SECTOR = 'community-management'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-queue-'))
const t0 = performance.now()
const { file, cacheDir } = await cachedDatabase(`web-${N}`, dir, () => {
  throw new Error(
    `no generated database of ${N} articles: run npx tsx test/bench/web.ts --articles ${N} --skip-mixed first`,
  )
})
const database = await openDb({ url: `file:${file}` })
await migrateDb(database)
const { db } = database
const clock = systemClock
const scoring = createScoring({ db, clock, log: silentLog })
const tScore = performance.now()
const window = await scoring.rescoreSector(SECTOR)
const scoreMs = performance.now() - tScore
say(
  `queue benchmark: ${N} articles (${window} in the scoring window) from ${path.basename(cacheDir)}; setup ${((performance.now() - t0) / 1000).toFixed(0)} s, of which scoring ${(scoreMs / 1000).toFixed(0)} s`,
)

const user = await createUser(
  db,
  { email: 'bench@example.org', role: 'curator', password: 'bench-password-123' },
  clock.now(),
)
const session = await createSession(db, user.id, clock.now())
const headers = { cookie: `vigie_session=${session.token}` }
// An empty search index: these pages do not search, and the index is not what is measured here.
const search = createSearchIndex({
  dir: path.join(dir, 'index'),
  docsFor: (ids) => indexDocsFor(db, ids),
})
const app = createApp({
  db,
  clock,
  log: silentLog,
  config: { feedsDir: 'feeds' },
  scoring,
  search,
  crawler: null,
})
const get = async (p: string) => {
  const res = await app.request(p, { headers })
  if (res.status !== 200) throw new Error(`${p}: ${res.status}`)
  return res
}
// The API pages by cursor; the bench reaches the middle of the queue with the store's offset once.
const idsAt = async (offset: number, limit: number): Promise<number[]> =>
  (await queueOf({ db, clock }, SECTOR, { offset, limit, explain: false })).map((s) => s.id)

const stories = await queueCount({ db, clock }, SECTOR, {}, 1_000_000)
const deep = Math.max(0, Math.floor(stories / 2) - 50)
const topIds = await idsAt(0, 50)
const deepIds = await idsAt(deep, 50)
say(`  ${stories} undecided stories in the queue; "deep" is from story ${deep} on`)
// The source with the fewest articles in the window, and a tag on 20 articles spread over it.
const [small] = await db.all<{ feedId: number; n: number }>(
  sql`select feed_id as feedId, count(*) as n from articles where sector_slug = ${SECTOR} and published_at >= ${clock.now().getTime() - 30 * 86_400_000} group by feed_id order by n limit 1`,
)
const smallFeed = Number(small!.feedId)
for (const id of deepIds.slice(0, 20)) {
  await writeAnnotation(
    db,
    {
      articleId: id,
      sectorSlug: SECTOR,
      note: '',
      tags: ['bench-tag'],
      commentary: '',
      baseVersion: 0,
      userId: null,
    },
    clock.now(),
  )
}
say(`  "one source": feed ${smallFeed}, ${small!.n} articles in the window`)

async function time(label: string, paths: string[], rounds = 200) {
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const t = performance.now()
    await (await get(paths[i % paths.length]!)).text()
    times.push(performance.now() - t)
  }
  const warm = times.slice(10)
  const r = {
    p50: Math.round(median(warm) * 10) / 10,
    p95: Math.round(percentile(warm, 95) * 10) / 10,
  }
  say(`  ${label}: median ${r.p50} ms, p95 ${r.p95} ms`)
  return r
}
const floor = await time('floor (/health)', ['/health'])
const pages = {
  queueTop: await time('queue page, top', [`/queue?sector=${SECTOR}`]),
  queueDeep: await time(`queue page after story ${deep} (cursor)`, [
    `/queue?sector=${SECTOR}&after=${deepIds[0]}&page=2`,
  ]),
  queueFiltered: await time('queue page, one language', [`/queue?sector=${SECTOR}&lang=en`]),
  // Filters that few articles of the window meet: found without walking the window.
  queueSource: await time('queue page, one source', [
    `/queue?sector=${SECTOR}&source=${smallFeed}`,
  ]),
  queueTag: await time('queue page, one tag (20 articles)', [
    `/queue?sector=${SECTOR}&tag=bench-tag`,
  ]),
  queueNoLang: await time('queue page, a language no article has', [
    `/queue?sector=${SECTOR}&lang=de`,
  ]),
  queueMinScore: await time('queue page, score at least 95', [
    `/queue?sector=${SECTOR}&minScore=95`,
  ]),
  readerTop: await time(
    'reader, top stories',
    topIds.map((id) => `/articles/${id}`),
  ),
  readerDeep: await time(
    'reader, deep stories',
    deepIds.map((id) => `/articles/${id}`),
  ),
  queueJson: await time('queue JSON (50)', [`/api/queue?sector=${SECTOR}&limit=50`]),
}
const tCount = performance.now()
for (let i = 0; i < 20; i++) await queueCount({ db, clock }, SECTOR)
say(`  queue count (capped at 1000): ${((performance.now() - tCount) / 20).toFixed(1)} ms each`)
const rssMb = Math.round(process.memoryUsage().rss / 1e6)
say(
  `  process RSS ${rssMb} MB (no search index loaded); queue page top p95 is ${(pages.queueTop.p95 / Math.max(0.1, floor.p95)).toFixed(1)}x the /health floor`,
)
if (values.json) console.log(JSON.stringify({ articles: N, window, stories, rssMb, floor, pages }))
database.close()
fs.rmSync(dir, { recursive: true, force: true })
