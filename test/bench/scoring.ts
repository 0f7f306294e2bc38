// npm run bench (or npx tsx test/bench/scoring.ts [--articles 10000]): rescoring a sector and producing a
// day's shortlist over 10,000 articles in a real database file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { articles, feeds } from '../../db/schema.ts'
import { queueOf, shortlistOf } from '../../src/jobs/queue.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import { migrateDb, openDb, syncSectors } from '../../src/store/index.ts'
import { articleHtml, articleTitle, langOf } from './corpus.ts'
import { median } from './stats.ts'

const { values } = parseArgs({ options: { articles: { type: 'string', default: '10000' } } })
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
