// npx tsx test/bench/article-add.ts [--articles 10000 --adds 40]: "Ajouter un article" on a sector
// already holding --articles articles: the answer's time per page added by its address (fetched from
// loopback, extracted by a worker, stored, indexed, approved), and how long until the sector's pass
// has scored it, against bare Readability on jsdom over the same page in this thread (the floor).
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { addArticleByUrl } from '../../src/jobs/article-add.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { createExtractor } from '../../src/extract/index.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { createHostLimiter } from '../../src/lib/host-limiter.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSafeFetch } from '../../src/lib/safe-fetch.ts'
import { createSlots } from '../../src/lib/slots.ts'
import { createSearchIndex, syncIndex } from '../../src/search/index.ts'
import { migrateDb, openDb } from '../../src/store/index.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { articleHtml, articleTitle } from './corpus.ts'
import { median, percentile } from './stats.ts'

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    adds: { type: 'string', default: '40' },
  },
})
const ARTICLES = Number(values.articles)
const ADDS = Number(values.adds)
const SECTOR = 'community-management'

const server = http.createServer((req, res) => {
  const post = Number(/post-(\d+)/.exec(req.url ?? '')?.[1] ?? 0)
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end(articleHtml(origin, 7, post))
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-add-'))
const database = await openDb({ url: `file:${path.join(dir, 'bench.db')}` })
await migrateDb(database)
await seedShippedSectors(database, new Date())
const now = Date.now()
for (let done = 0; done < ARTICLES; done += 1000)
  await seedArticles(
    database,
    SECTOR,
    Array.from({ length: Math.min(1000, ARTICLES - done) }, (_, i) => ({
      title: articleTitle(done + i, 1),
      text: `Les community managers comparent la portée des publications (${done + i}).`,
      lang: 'fr' as const,
      publishedAt: new Date(now - ((done + i) % 500) * 3_600_000),
      source: `Source ${(done + i) % 300}`,
    })),
  )
const search = createSearchIndex({ dir: null })
await syncIndex(search, database.db)
const scoring = createScoring({ db: database.db, clock: systemClock, log: silentLog })
await scoring.rescoreSector(SECTOR)

const extractor = createExtractor({ workers: 1, timeoutMs: 30_000 })
const fetch = createSafeFetch({
  allowHosts: ['127.0.0.1'],
  userAgent: 'Vigie-bench',
  timeoutMs: 30_000,
  connectTimeoutMs: 5000,
})
const deps = {
  db: database.db,
  clock: systemClock,
  log: silentLog,
  allowHosts: ['127.0.0.1'],
  page: {
    fetch,
    hostLimiter: createHostLimiter({ perHost: 2, delayMs: 0 }),
    extractor,
    maxPageBytes: 5_000_000,
    pageSlots: createSlots(4),
  },
  scoring,
  search,
}
// The worker loads jsdom once (seconds): warm it before timing.
await extractor.extract({ html: articleHtml(origin, 7, 999), url: `${origin}/post-999` })

const answer: number[] = []
const scored: number[] = []
for (let i = 0; i < ADDS; i++) {
  const t0 = performance.now()
  await addArticleByUrl(deps, {
    sectorSlug: SECTOR,
    url: `${origin}/blog7/post-${i}/`,
    approve: true,
  })
  answer.push(performance.now() - t0)
  await scoring.settled()
  scored.push(performance.now() - t0)
}

const { Readability } = await import('@mozilla/readability')
const { JSDOM } = await import('jsdom')
const floor: number[] = []
for (let i = 0; i < ADDS; i++) {
  const t0 = performance.now()
  const dom = new JSDOM(articleHtml(origin, 7, i), { url: `${origin}/blog7/post-${i}/` })
  new Readability(dom.window.document).parse()
  floor.push(performance.now() - t0)
}

const f = (x: number) => x.toFixed(1)
console.log(
  `Ajouter un article, ${ADDS} pages added one after the other to a sector of ${ARTICLES} articles:`,
)
console.log(
  `  answer (fetch, extract, store, index, approve): median ${f(median(answer))} ms, p95 ${f(percentile(answer, 95))} ms`,
)
console.log(
  `  scored (the sector's pass behind the answer): median ${f(median(scored))} ms, p95 ${f(percentile(scored, 95))} ms`,
)
console.log(
  `  floor, bare Readability on jsdom in this thread: median ${f(median(floor))} ms; answer / floor ${f(median(answer) / median(floor))}x`,
)

await Promise.all([extractor.close(), scoring.close()])
fetch.close()
server.close()
database.close()
fs.rmSync(dir, { recursive: true, force: true })
