// npx tsx test/bench/queue-rank.ts [--sizes 100000,1000000]: the queue's reads from the stored rank (page
// at the top, page deep in the queue by cursor, one language, prev/next of the reader, the capped count) on
// lean generated databases of each size, every article scored (old ones keep stale scores, as on a long-
// running install), stories of one to a few articles, 2% of the window's stories decided. Server-side
// reads only (no HTML): median / p95 per size, and the ratio of the largest size to the smallest.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { articles, feeds } from '../../db/schema.ts'
import { queueCount, queueNeighbours, queueOf } from '../../src/jobs/queue.ts'
import { SCORING_WINDOW_DAYS } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import {
  migrateDb,
  openDb,
  recordDecision,
  saveScores,
  syncSectors,
} from '../../src/store/index.ts'
import { median, percentile } from './stats.ts'

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' } } })
const sizes = values.sizes.split(',').map(Number)
const SECTOR = 'veille-rang'
const SOURCES = 300
const NOW = new Date('2026-11-20T10:00:00Z')
const DAY = 86_400_000

async function build(n: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-rank-'))
  const database = await openDb({ url: `file:${path.join(dir, 'bench.db')}` })
  await migrateDb(database)
  const { db } = database
  await syncSectors(
    db,
    [{ slug: SECTOR, name: 'Veille', language: 'fr', profile: {}, file: null, sources: [] }],
    NOW,
  )
  const feedIds: number[] = []
  for (let f = 0; f < SOURCES; f++) {
    const url = `https://blog-${f}.example/feed`
    const [row] = await db
      .insert(feeds)
      .values({
        sectorSlug: SECTOR,
        declaredUrl: url,
        url,
        sourceName: `Blog ${f}`,
        createdAt: NOW,
      })
      .returning({ id: feeds.id })
    feedIds.push(row!.id)
  }
  let seed = 42
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647
  const t0 = performance.now()
  const windowIds: number[] = []
  const storyOf = new Map<number, number>()
  for (let i = 0; i < n; i += 1000) {
    const batch = []
    for (let j = i; j < Math.min(n, i + 1000); j++) {
      // A year of articles, the oldest first.
      const publishedAt = new Date(NOW.getTime() - Math.floor(((n - j) / n) * 365 * DAY))
      const url = `https://blog-${j % SOURCES}.example/billet-${j}`
      batch.push({
        sectorSlug: SECTOR,
        feedId: feedIds[j % SOURCES]!,
        guid: url,
        url,
        canonicalUrl: url,
        title: `Billet ${j} : animer sa communauté`,
        excerpt: 'Un billet sur la gestion de communauté.',
        lang: j % 3 ? 'fr' : 'en',
        publishedAt,
        firstSeenAt: publishedAt,
        updatedAt: publishedAt,
        extractState: 'ok' as const,
      })
    }
    const ids = await db
      .insert(articles)
      .values(batch)
      .returning({ id: articles.id, publishedAt: articles.publishedAt })
    const rows = ids.map((a) => {
      const inWindow = a.publishedAt.getTime() >= NOW.getTime() - SCORING_WINDOW_DAYS * DAY
      if (inWindow) windowIds.push(a.id)
      // A third of the window's articles join a recent story; old ones keep a stale score of their own.
      const story =
        inWindow && windowIds.length > 20 && rand() < 0.33
          ? storyOf.get(windowIds[windowIds.length - 2 - Math.floor(rand() * 20)]!)!
          : a.id
      storyOf.set(a.id, story)
      return {
        articleId: a.id,
        sectorSlug: SECTOR,
        score: Math.round(rand() * 1000) / 1000,
        explanation: { reason: 'bench' },
        storyId: story,
        computedAt: NOW,
      }
    })
    await saveScores(db, rows)
  }
  // 2% of the window's stories decided.
  for (const id of windowIds)
    if (rand() < 0.02)
      await recordDecision(db, { articleId: id, action: rand() < 0.5 ? 'approve' : 'reject' }, NOW)
  const bytes = fs.statSync(path.join(dir, 'bench.db')).size
  console.log(
    `  built ${n} articles (${windowIds.length} in the window) in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${(bytes / 1e6).toFixed(0)} MB`,
  )
  return { database, dir, window: windowIds.length }
}

async function time(f: () => Promise<unknown>, rounds = 200) {
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const t = performance.now()
    await f()
    times.push(performance.now() - t)
  }
  const warm = times.slice(10)
  return {
    p50: Math.round(median(warm) * 100) / 100,
    p95: Math.round(percentile(warm, 95) * 100) / 100,
  }
}

const results: Record<number, Record<string, { p50: number; p95: number }>> = {}
for (const n of sizes) {
  console.log(`queue reads at ${n} articles:`)
  const { database, dir } = await build(n)
  const deps = { db: database.db, clock: fixedClock(NOW) }
  const stories = await queueCount(deps, SECTOR, {}, 10_000_000)
  const top = await queueOf(deps, SECTOR, { limit: 60, explain: false })
  const middle = (
    await queueOf(deps, SECTOR, { limit: 1, offset: Math.floor(stories / 2), explain: false })
  )[0]!
  const deep = await queueOf(deps, SECTOR, { limit: 60, after: middle.id, explain: false })
  let k = 0
  const r = (results[n] = {
    'page (60 cards), top': await time(() => queueOf(deps, SECTOR, { limit: 61 })),
    [`page after story ${Math.floor(stories / 2)} (cursor)`]: await time(() =>
      queueOf(deps, SECTOR, { limit: 61, after: middle.id }),
    ),
    'page, one language': await time(() => queueOf(deps, SECTOR, { limit: 61, lang: 'en' })),
    'reader prev/next, top': await time(() => queueNeighbours(deps, top[k++ % top.length]!.id)),
    'reader prev/next, deep': await time(() => queueNeighbours(deps, deep[k++ % deep.length]!.id)),
    'count (capped at 1000)': await time(() => queueCount(deps, SECTOR)),
  })
  console.log(
    `  ${stories} undecided stories; process RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  )
  for (const [label, v] of Object.entries(r))
    console.log(`  ${label}: median ${v.p50} ms, p95 ${v.p95} ms`)
  database.close()
  fs.rmSync(dir, { recursive: true, force: true })
}
if (sizes.length > 1) {
  const [small, large] = [results[sizes[0]!]!, results[sizes.at(-1)!]!]
  console.log(`ratio ${sizes.at(-1)} / ${sizes[0]} articles (p95):`)
  const smallValues = Object.values(small)
  Object.entries(large).forEach(([label, v], i) =>
    console.log(`  ${label}: ${(v.p95 / smallValues[i]!.p95).toFixed(2)}x`),
  )
}
