// npm run bench (or npx tsx test/bench/scoring.ts [--articles 10000] [--decision-articles 100000]): rescoring a
// sector and producing a day's shortlist over 10,000 articles in a real database file; then a decision's
// latency and the background rescore behind it with 100,000 articles over a year in the database.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { articles, feeds } from '../../db/schema.ts'
import { queueOf } from '../../src/jobs/queue.ts'
import { shortlistOf } from '../../src/jobs/shortlist.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog, type Log } from '../../src/lib/log.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import { migrateDb, openDb, syncSectors } from '../../src/store/index.ts'
import { articleHtml, articleTitle, langOf } from './corpus.ts'
import { median, percentile } from './stats.ts'

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '10000' }, 'decision-articles': { type: 'string', default: '100000' } },
})
const N = Number(values.articles)
const SOURCES = 200
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-score-'))
const database = await openDb({ url: `file:${path.join(dir, 'bench.db')}` })
await migrateDb(database)
const { db } = database
const day = '2026-11-20'
const clock = fixedClock(`${day}T20:00:00Z`)
const { sectors } = await loadSectors(path.resolve('feeds'))
const sector = sectors.find((s) => s.slug === 'community-management')!
await syncSectors(db, [{ ...sector, sources: [] }], clock.now())

const feedIds: number[] = []
for (let f = 0; f < SOURCES; f++) {
  const url = `https://blog-${f}.example/feed`
  const [row] = await db.insert(feeds).values({ sectorSlug: sector.slug, declaredUrl: url, url, sourceName: `Blog ${f}`, kind: f % 5 === 0 ? 'influencer' : 'blog', createdAt: clock.now() }).returning({ id: feeds.id })
  feedIds.push(row!.id)
}
const textOf = (html: string) => html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>|<nav[\s\S]*?<\/nav>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
const rows = Array.from({ length: N }, (_, i) => {
  const blog = i % SOURCES
  const post = Math.floor(i / SOURCES)
  const publishedAt = new Date(clock.now().getTime() - (i % 48) * 3_600_000 - (i % 7) * 60_000)
  const url = `https://blog-${blog}.example/post-${post}`
  return {
    sectorSlug: sector.slug, feedId: feedIds[blog]!, guid: url, url, canonicalUrl: url, title: articleTitle(blog, post),
    text: textOf(articleHtml('https://x', blog, post)).slice(0, 6000), lang: langOf(blog), publishedAt, firstSeenAt: publishedAt,
    updatedAt: publishedAt, extractState: 'ok' as const,
  }
})
for (let i = 0; i < rows.length; i += 500) await db.insert(articles).values(rows.slice(i, i + 500))

const scoring = createScoring({ db, clock, log: silentLog })
const t0 = performance.now()
await scoring.rescoreSector(sector.slug)
const first = performance.now() - t0
const again: number[] = []
for (let i = 0; i < 3; i++) {
  const t = performance.now()
  await scoring.rescoreSector(sector.slug)
  again.push(performance.now() - t)
}
const shortlistTimes: number[] = []
for (let i = 0; i < 5; i++) {
  const t = performance.now()
  // A different day each time: a saved shortlist would be read back, not produced.
  await db.run(`delete from shortlists` as never)
  await shortlistOf({ db, clock, scoring }, sector.slug, day, 10)
  shortlistTimes.push(performance.now() - t)
}
const queueTimes: number[] = []
for (let i = 0; i < 5; i++) {
  const t = performance.now()
  await queueOf({ db, clock }, sector.slug, { limit: 50 })
  queueTimes.push(performance.now() - t)
}
console.log(`scoring benchmark: ${N} articles (~${Math.round(rows[0]!.text.split(' ').length)} words each), ${SOURCES} sources, shipped profile`)
console.log(`  rescore sector, first time (analysis included): ${(first / 1000).toFixed(2)} s`)
console.log(`  rescore sector again (after a decision, analysis cached): median ${(median(again) / 1000).toFixed(2)} s`)
console.log(`  shortlist for a day with ${N} candidates: median ${median(shortlistTimes).toFixed(0)} ms (target < 200 ms)`)
console.log(`  queue (story cards, ${N} undecided): median ${median(queueTimes).toFixed(0)} ms`)
database.close()
fs.rmSync(dir, { recursive: true, force: true })

// Decisions at scale: 100,000 articles over a year (about 8% in the 30-day scoring window), 300 sources.
// A decision answers once recorded and learned; the background pass rescores what it can change.
{
  const N = Number(values['decision-articles'])
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-decide-'))
  const database = await openDb({ url: `file:${path.join(dir, 'bench.db')}` })
  await migrateDb(database)
  const { db } = database
  const clock = fixedClock(`${day}T20:00:00Z`)
  const now = clock.now().getTime()
  await syncSectors(db, [{ ...sector, sources: [] }], clock.now())
  const feedIds: number[] = []
  for (let f = 0; f < 300; f++) {
    const url = `https://blog-${f}.example/feed`
    const [row] = await db.insert(feeds).values({ sectorSlug: sector.slug, declaredUrl: url, url, sourceName: `Blog ${f}`, kind: 'blog', createdAt: clock.now() }).returning({ id: feeds.id })
    feedIds.push(row!.id)
  }
  const rowOf = (j: number, publishedAt: Date) => {
    const blog = j % 300
    const post = Math.floor(j / 300)
    const url = `https://blog-${blog}.example/post-${post}`
    const text = textOf(articleHtml('https://x', blog, post)).slice(0, 1500)
    return { sectorSlug: sector.slug, feedId: feedIds[blog]!, guid: url, url, canonicalUrl: url, title: articleTitle(blog, post), text, lang: langOf(blog), publishedAt, firstSeenAt: publishedAt, updatedAt: publishedAt, extractState: 'ok' as const }
  }
  for (let i = 0; i < N; i += 1000) {
    const batch = []
    for (let j = i; j < Math.min(N, i + 1000); j++)
      batch.push(rowOf(j, new Date(now - Math.floor((j / N) * 365 * 86_400_000) - (j % 17) * 60_000)))
    await db.insert(articles).values(batch)
  }
  const passes: { articles: number; full: boolean; ms: number }[] = []
  const rescored: { articles: number; clustered: number }[] = []
  const log: Log = {
    ...silentLog,
    debug: (msg, fields) => {
      if (msg === 'rescored after decisions') passes.push(fields as (typeof passes)[0])
      if (msg === 'sector rescored') rescored.push(fields as (typeof rescored)[0])
    },
  }
  const scoring = createScoring({ db, clock, log })
  const t0 = performance.now()
  const inWindow = await scoring.rescoreSector(sector.slug)
  const firstFull = performance.now() - t0
  const t1 = performance.now()
  await scoring.rescoreSector(sector.slug)
  const full = performance.now() - t1
  const top = (await queueOf({ db, clock }, sector.slug, { limit: 200 })).map((c) => c.id)
  const decideTimes: number[] = []
  const settleTimes: number[] = []
  for (let i = 0; i < 60; i++) {
    clock.advance(1000)
    const t = performance.now()
    // Two approvals in three: a curator keeping what the queue offers, and rejecting some.
    await scoring.decide({ articleId: top[i]!, action: i % 3 === 2 ? 'reject' : 'approve' })
    decideTimes.push(performance.now() - t)
    const s = performance.now()
    await scoring.settled()
    settleTimes.push(performance.now() - s)
  }
  const incremental = passes.filter((p) => !p.full)
  // A crawl brings CRAWLED new articles: its pass clusters them against the stories kept. A decision
  // made as that pass starts waits for it in the scoring worker, then is rescored.
  const CRAWLED = 300
  const crawled = Array.from({ length: CRAWLED }, (_, k) => rowOf(N + k, new Date(now + k * 1000)))
  await db.insert(articles).values(crawled)
  clock.advance(CRAWLED * 1000)
  const t2 = performance.now()
  const crawlPass = scoring.rescoreSector(sector.slug).then(() => performance.now() - t2)
  await scoring.decide({ articleId: top[60]!, action: 'approve' })
  const crawlMs = await crawlPass
  await scoring.settled()
  const reflectedMs = performance.now() - t2
  console.log(`decisions with ${N} articles in the database (${inWindow} in the scoring window):`)
  console.log(`  full rescore: first ${(firstFull / 1000).toFixed(2)} s (analysis included), again ${(full / 1000).toFixed(2)} s`)
  console.log(`  decision (record + learn, answered before any rescore), 60 in a row: median ${median(decideTimes).toFixed(1)} ms, p95 ${percentile(decideTimes, 95).toFixed(1)} ms (target < 100 ms)`)
  console.log(`  background rescore after each decision, until the queue reflects it: median ${median(settleTimes).toFixed(0)} ms, p95 ${percentile(settleTimes, 95).toFixed(0)} ms`)
  console.log(`  passes: ${incremental.length} incremental (median ${median(incremental.map((p) => p.articles)).toFixed(0)} articles, ${median(incremental.map((p) => p.ms)).toFixed(0)} ms), ${passes.length - incremental.length} full (the model's counts more than doubled since the last); ratio incremental / full rescore time: ${(median(incremental.map((p) => p.ms)) / full).toFixed(2)}`)
  console.log(`  a crawl of ${CRAWLED} articles: its pass ${(crawlMs / 1000).toFixed(2)} s (${rescored.at(-1)!.clustered} of ${rescored.at(-1)!.articles} articles clustered into stories); a decision made as it starts, reflected in the queue after ${(reflectedMs / 1000).toFixed(2)} s`)
  database.close()
  fs.rmSync(dir, { recursive: true, force: true })
}
