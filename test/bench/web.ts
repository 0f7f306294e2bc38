// npx tsx test/bench/web.ts [--articles 100000]: server time of the main pages and the queue JSON with a
// large database (a real file), and requests per second for the queue JSON on loopback.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { serve } from '@hono/node-server'
import { articles, feeds } from '../../db/schema.ts'
import { createApiToken, createSession, createUser } from '../../src/auth/index.ts'
import { createApp } from '../../src/http/app.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import { createSearchIndex, indexDocsFor, syncIndex } from '../../src/search/index.ts'
import { migrateDb, openDb, syncSectors } from '../../src/store/index.ts'
import { articleHtml, articleTitle, langOf } from './corpus.ts'
import { median, percentile } from './stats.ts'

const { values } = parseArgs({ options: { articles: { type: 'string', default: '100000' } } })
const N = Number(values.articles)
const SOURCES = 300
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-web-'))
const database = await openDb({ url: `file:${path.join(dir, 'bench.db')}` })
await migrateDb(database)
const { db } = database
const clock = systemClock
const now = clock.now().getTime()
const { sectors } = await loadSectors(path.resolve('feeds'))
const sector = sectors.find((s) => s.slug === 'community-management')!
await syncSectors(db, [{ ...sector, sources: [] }], clock.now())

const t0 = performance.now()
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
const scoring = createScoring({ db, clock, log: silentLog })
const scored = await scoring.rescoreSector(sector.slug)
const search = createSearchIndex({ dir: null, docsFor: (ids) => indexDocsFor(db, ids) })
await syncIndex(search, db)
console.log(`web benchmark: ${N} articles in the database (${scored} in the scoring window), setup ${((performance.now() - t0) / 1000).toFixed(0)} s`)

const user = await createUser(db, { email: 'bench@example.org', role: 'curator', password: 'bench-password-123' }, clock.now())
const session = await createSession(db, user.id, clock.now())
const cookie = `vigie_session=${session.token}`
const app = createApp({ db, clock, log: silentLog, config: { feedsDir: 'feeds' }, scoring, search, crawler: null })
const topIds = (await (await app.request(`/api/queue?sector=${sector.slug}&limit=50`, { headers: { cookie } })).json()).stories.map((s: { id: number }) => s.id)

async function time(label: string, paths: string[], rounds = 200) {
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const p = paths[i % paths.length]!
    const t = performance.now()
    const res = await app.request(p, { headers: { cookie } })
    await res.text()
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`)
    times.push(performance.now() - t)
  }
  const warm = times.slice(10)
  console.log(`  ${label}: median ${median(warm).toFixed(1)} ms, p95 ${percentile(warm, 95).toFixed(1)} ms (target p95 < 50 ms)`)
}
await time('queue page', [`/queue?sector=${sector.slug}`])
await time('reader', topIds.map((id: number) => `/articles/${id}`))
const queries = ['community manager', 'réseaux sociaux', 'engagement linkedin', 'modération', 'influenceurs tiktok', 'social media', 'contenu marque', 'audience instagram']
await time('search page', queries.map((q) => `/search?sector=${sector.slug}&q=${encodeURIComponent(q)}`))
await time('queue JSON', [`/api/queue?sector=${sector.slug}&limit=50`])

// Requests per second for the queue JSON over real HTTP on loopback, 8 connections for 10 s.
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
await new Promise((r) => server.once('listening', r))
const port = (server.address() as { port: number }).port
let done = 0
const until = performance.now() + 10_000
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (performance.now() < until) {
      const res = await fetch(`http://127.0.0.1:${port}/api/queue?sector=${sector.slug}&limit=50`, { headers: { cookie } })
      await res.arrayBuffer()
      done++
    }
  }),
)
console.log(`  queue JSON over HTTP on loopback, 8 connections: ${(done / 10).toFixed(0)} requests/s`)

// Reads and decisions together (#15): 6 connections read (queue JSON, reader, search), 2 decide, for
// 20 s. A decision rescores the sector in the background, coalesced, so neither waits for a rescore.
const token = (await createApiToken(db, user.id, 'bench', clock.now())).token
const auth = { authorization: `Bearer ${token}` }
const pool = (await (await app.request(`/api/queue?sector=${sector.slug}&limit=400`, { headers: { cookie } })).json()).stories.map((s: { id: number }) => s.id) as number[]
const reads: number[] = []
const decisions: number[] = []
const mixedUntil = performance.now() + 20_000
let turn = 0
const readPaths = [
  `/api/queue?sector=${sector.slug}&limit=50`,
  ...topIds.slice(0, 10).map((id: number) => `/api/articles/${id}`),
  ...queries.map((q) => `/api/search?sector=${sector.slug}&q=${encodeURIComponent(q)}`),
]
await Promise.all([
  ...Array.from({ length: 6 }, async (_, k) => {
    for (let i = k; performance.now() < mixedUntil; i++) {
      const t = performance.now()
      const res = await fetch(`http://127.0.0.1:${port}${readPaths[i % readPaths.length]}`, { headers: auth })
      await res.arrayBuffer()
      reads.push(performance.now() - t)
    }
  }),
  ...Array.from({ length: 2 }, async () => {
    while (performance.now() < mixedUntil) {
      const n = turn++
      // Approve or reject one of the top stories, then put it back: the queue never runs dry.
      const id = pool[n % pool.length]!
      const action = Math.floor(n / pool.length) % 2 ? 'reset' : n % 3 ? 'reject' : 'approve'
      const t = performance.now()
      const res = await fetch(`http://127.0.0.1:${port}/api/articles/${id}/decision`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ action }),
      })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`decision ${id}: ${res.status}`)
      decisions.push(performance.now() - t)
    }
  }),
])
await scoring.settled()
console.log(`  under mixed load (6 readers, 2 deciders, 20 s): reads ${reads.length}, median ${median(reads).toFixed(0)} ms, p95 ${percentile(reads, 95).toFixed(0)} ms; decisions ${decisions.length}, median ${median(decisions).toFixed(0)} ms, p95 ${percentile(decisions, 95).toFixed(0)} ms (target p95 < 300 ms)`)
server.close()
database.close()
fs.rmSync(dir, { recursive: true, force: true })
