// npx tsx test/bench/directory.ts [--sources 1000] [--articles 100000] [--rebuild]
// The directory of a sector with 1,000 sources and 100,000 articles with their links: the
// first computation (the links stored by extraction, as the crawler does), a recomputation
// after a crawl of 500 new articles (only those are read), each in a fresh process for its
// time and peak RSS, then the /directory page served by the real app; then the first
// computation of a database from before extraction stored the links (every article read,
// once after the upgrade). Targets (issue #9): computation < 5 s and < 300 MB, page p95 < 100 ms.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { articles, articleScores, citations, directoryRuns, feeds } from '../../db/schema.ts'
import { citationsOf } from '../../src/directory/index.ts'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog, type Log } from '../../src/lib/log.ts'
import {
  citationStatements,
  migrateDb,
  openDb,
  syncSectors,
  type Database,
  type Db,
} from '../../src/store/index.ts'
import { cachedDatabase } from './cached-db.ts'
import { median, peakRssMb, percentile } from './stats.ts'

const { values } = parseArgs({
  options: {
    sources: { type: 'string', default: '1000' },
    articles: { type: 'string', default: '100000' },
    rebuild: { type: 'boolean', default: false },
    // Internal: run one computation on this database and print its figures as JSON.
    measure: { type: 'string' },
    crawl: { type: 'boolean', default: false },
    legacy: { type: 'boolean', default: false },
  },
})
const SOURCES = Number(values.sources)
const N = Number(values.articles)
const SECTOR = 'community-management'
// A fixed "now", so that the cached database's weeks stay the same from one run to the next.
const NOW = new Date('2026-11-17T09:00:00Z')
const clock = fixedClock(NOW)
const WEEK = 7 * 86_400_000
const CRAWLED = 500

// Deterministic pseudo-random numbers: the same graph on every build.
function random(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = random(9)
// Cited sites follow a power law: a few sources are linked by most of the sector.
const popular = (n: number) => Math.floor(n * rand() ** 3)

const FIRST = [
  'Camille',
  'Julie',
  'Thomas',
  'Sarah',
  'Nicolas',
  'Léa',
  'Hugo',
  'Manon',
  'Karim',
  'Inès',
  'Antoine',
  'Chloé',
  'Mehdi',
  'Emma',
  'Lucas',
  'Alice',
  'Yanis',
  'Clara',
  'Paul',
  'Zoé',
]
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Durand',
  'Lefebvre',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Blanc',
  'Guerin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'Francois',
]
const TOPICS = [
  'la modération des commentaires',
  'l’algorithme de LinkedIn',
  'les formats courts sur TikTok',
  'la gestion de crise',
  'le calendrier éditorial',
  'les communautés Discord',
  'les indicateurs d’engagement',
  'les avis clients',
]
const SOCIAL = [
  'https://x.com/search?q=cm',
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  'https://www.linkedin.com/pulse/engagement',
  'https://bit.ly/3xYzAbc',
  'https://www.instagram.com/p/C1a2b3',
]
const EXTERNAL = 300 // cited hosts the sector does not follow
const site = (i: number) => `https://site-${i}.example`

/** Authors of a source: one to three; one writer in twenty also writes on another source, with the same handle. */
function authorsOf(source: number): { name: string; handle: string }[] {
  const count = 1 + (source % 3)
  return Array.from({ length: count }, (_, k) => {
    const person = source % 20 === 0 && k === 0 ? source + 1 : source * 3 + k
    return {
      name: `${FIRST[person % FIRST.length]} ${LAST[Math.floor(person / FIRST.length) % LAST.length]}`,
      handle: `@cm_${person}`,
    }
  })
}

function articleRow(
  feedIds: number[],
  source: number,
  post: number,
  publishedAt: Date,
  updatedAt: Date,
) {
  const author = authorsOf(source)[post % authorsOf(source).length]!
  const links: string[] = []
  const count = Math.floor(rand() * 6)
  for (let l = 0; l < count; l++) {
    const r = rand()
    if (r < 0.6) links.push(`${site(popular(SOURCES))}/post-${Math.floor(rand() * 100)}`)
    else if (r < 0.85)
      links.push(`https://blog-${popular(EXTERNAL)}.example.org/article-${Math.floor(rand() * 50)}`)
    else links.push(SOCIAL[Math.floor(rand() * SOCIAL.length)]!)
  }
  const topic = TOPICS[(source + post) % TOPICS.length]!
  const html =
    `<p>Retour d’expérience sur ${topic} : ce qui a marché pour nos communautés cette semaine, chiffres à l’appui.</p>` +
    links
      .map(
        (href, i) =>
          `<p>Voir aussi <a href="${href}">cette analyse ${i + 1}</a>, qui complète le sujet.</p>`,
      )
      .join('') +
    `<p>Nous reviendrons sur ${topic} dans un prochain billet.</p>`
  const url = `${site(source)}/post-${post}`
  return {
    sectorSlug: SECTOR,
    feedId: feedIds[source]!,
    guid: url,
    url,
    canonicalUrl: url,
    title: `${topic} — billet ${post}`,
    text: html.replace(/<[^>]+>/g, ' '),
    html,
    author: author.name,
    lang: 'fr',
    publishedAt,
    firstSeenAt: publishedAt,
    updatedAt,
    extractState: 'ok' as const,
    wordCount: 120,
    // Extraction stores the body's links with it (storeWithLinks below does what it does).
    linksAt: updatedAt,
    status: rand() < 0.05 ? 'approved' : rand() < 0.03 ? 'rejected' : 'new',
    profileSignals:
      post % 2 === 0
        ? {
            relMe: [],
            relAuthor: [],
            twitterCreator: [author.handle],
            twitterSite: [],
            fediverseCreator: [],
            articleAuthor: [],
            ldAuthors: [],
          }
        : null,
  }
}

/** The articles as extraction stores them: each with its links in the sector's citation graph. */
async function storeWithLinks(db: Db, batch: ReturnType<typeof articleRow>[]) {
  const ids = await db.insert(articles).values(batch).returning({ id: articles.id })
  const links = batch.flatMap((a, k) =>
    citationsOf({ ...a, id: ids[k]!.id, siteUrl: `${a.url.replace(/\/post-\d+$/, '')}/` }),
  )
  const [first, ...rest] = citationStatements(
    db,
    ids.map((r) => r.id),
    links,
  )
  await db.batch([first!, ...rest])
  return ids
}

async function buildDatabase({ db }: Database) {
  const { loadSectors } = await import('../../src/sectors/index.ts')
  const { sectors } = await loadSectors(path.resolve('feeds'))
  const sector = sectors.find((s) => s.slug === SECTOR)!
  await syncSectors(db, [{ ...sector, sources: [] }], NOW)
  const feedIds: number[] = []
  for (let f = 0; f < SOURCES; f++) {
    const url = `${site(f)}/feed.xml`
    const [row] = await db
      .insert(feeds)
      .values({
        sectorSlug: SECTOR,
        declaredUrl: url,
        url,
        siteUrl: `${site(f)}/`,
        sourceName: `Blog ${f}`,
        kind: 'blog',
        createdAt: NOW,
      })
      .returning({ id: feeds.id })
    feedIds.push(row!.id)
  }
  for (let i = 0; i < N; i += 1000) {
    const batch = []
    for (let j = i; j < Math.min(N, i + 1000); j++) {
      // A year of articles; sources publish unevenly (the popular ones no more than others).
      const publishedAt = new Date(NOW.getTime() - WEEK - Math.floor(rand() * 51 * WEEK))
      batch.push(
        articleRow(feedIds, j % SOURCES, Math.floor(j / SOURCES), publishedAt, publishedAt),
      )
    }
    const ids = await storeWithLinks(db, batch)
    // Scores for one article in ten, as the scoring window holds the recent ones.
    const scored = ids.filter((_, k) => k % 10 === 0)
    await db.insert(articleScores).values(
      scored.map(({ id }) => ({
        articleId: id,
        sectorSlug: SECTOR,
        score: Math.round(rand() * 1000) / 1000,
        explanation: {},
        storyId: id,
        computedAt: NOW,
      })),
    )
  }
  return JSON.stringify({ feedIds })
}

/** A crawl of CRAWLED new articles (this week), then the directory: what runs after every crawl. */
async function measure(file: string, crawl: boolean, legacy: boolean) {
  const database = await openDb({ url: `file:${file}` })
  const { db } = database
  if (crawl) {
    const { feedIds } = JSON.parse(
      fs.readFileSync(path.join(path.dirname(file), 'done'), 'utf8'),
    ) as { feedIds: number[] }
    const batch = Array.from({ length: CRAWLED }, (_, k) =>
      articleRow(
        feedIds,
        (k * 7) % SOURCES,
        1000 + k,
        new Date(NOW.getTime() - k * 60_000),
        new Date(NOW.getTime() + k),
      ),
    )
    await storeWithLinks(db, batch)
  }
  if (legacy) {
    // A database from before extraction stored links, its directory never computed: every article's
    // links are the run's to read.
    await db.run(sql`update ${articles} set links_at = null`)
    await db.delete(citations)
    await db.delete(directoryRuns)
  }
  const rssBefore = process.memoryUsage().rss / 1048576
  const logged: Record<string, unknown>[] = []
  const log: Log = {
    ...silentLog,
    info: (_msg: string, data?: Record<string, unknown>) => void logged.push(data ?? {}),
  }
  const t = performance.now()
  const result = await recomputeDirectory({ db, clock, log }, SECTOR)
  const ms = performance.now() - t
  const steps = Object.entries(logged.at(-1) ?? {})
    .filter(([k]) => k.endsWith('Ms'))
    .map(([k, v]) => `${k.slice(0, -2)} ${v} ms`)
    .join(', ')
  console.log(
    JSON.stringify({ ms, ...result, steps, rssBeforeMb: rssBefore, peakRssMb: peakRssMb() }),
  )
  database.close()
}

if (values.measure) {
  await measure(values.measure, values.crawl, values.legacy)
  process.exit(0)
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-directory-'))
const t0 = performance.now()
const { file, note } = await cachedDatabase(`directory-${SOURCES}-${N}`, dir, buildDatabase, {
  rebuild: values.rebuild,
})
// The feed ids, for the crawl the measuring process adds.
fs.writeFileSync(path.join(dir, 'done'), note)
console.log(
  `directory benchmark: ${SOURCES} sources, ${N} articles (setup ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
)

function run(crawl: boolean, legacy = false) {
  const args = [
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    '--measure',
    file,
    // The crawl picks its sources by number: the measuring process must know how many there are.
    '--sources',
    String(SOURCES),
    '--articles',
    String(N),
    ...(crawl ? ['--crawl'] : []),
    ...(legacy ? ['--legacy'] : []),
  ]
  const out = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })
  if (out.status !== 0) throw new Error(`measure failed: ${out.stderr.slice(-3000)}`)
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as {
    ms: number
    scanned: number
    people: number
    sources: number
    steps: string
    rssBeforeMb: number
    peakRssMb: number
  }
}
const first = run(false)
console.log(
  `  first computation (links stored at extraction): ${(first.ms / 1000).toFixed(2)} s, ${first.scanned} articles read, ${first.people} people, ${first.sources} sources; peak RSS ${first.peakRssMb.toFixed(0)} MB (${first.rssBeforeMb.toFixed(0)} MB before it) (targets < 5 s, < 300 MB)\n    ${first.steps}`,
)
const after = run(true)
console.log(
  `  after a crawl of ${CRAWLED} articles: ${(after.ms / 1000).toFixed(2)} s, ${after.scanned} articles read; peak RSS ${after.peakRssMb.toFixed(0)} MB (${after.rssBeforeMb.toFixed(0)} MB before it) (targets < 5 s, < 300 MB)\n    ${after.steps}`,
)
const legacy = run(false, true)
console.log(
  `  first computation on a database from before links were stored at extraction (every article's links read): ${(legacy.ms / 1000).toFixed(2)} s, ${legacy.scanned} articles read; peak RSS ${legacy.peakRssMb.toFixed(0)} MB\n    ${legacy.steps}`,
)

// The page, through the real app, as a viewer sees it. The app is loaded here only: the measuring
// processes load what the directory's computation needs, as its memory is what they measure.
const { createSession, createUser } = await import('../../src/auth/index.ts')
const { createApp } = await import('../../src/http/app.ts')
const { createScoring } = await import('../../src/jobs/scoring.ts')
const { createSearchIndex, indexDocsFor } = await import('../../src/search/index.ts')
const database = await openDb({ url: `file:${file}` })
await migrateDb(database)
const db: Db = database.db
const user = await createUser(
  db,
  { email: 'bench@example.org', role: 'viewer', password: 'bench-password-123' },
  NOW,
)
const session = await createSession(db, user.id, NOW)
const scoring = createScoring({ db, clock, log: silentLog })
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
const times: number[] = []
let bytes = 0
for (let i = 0; i < 120; i++) {
  const t = performance.now()
  const res = await app.request(`/directory?sector=${SECTOR}`, {
    headers: { cookie: `vigie_session=${session.token}` },
  })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`/directory: ${res.status} ${body.slice(0, 300)}`)
  times.push(performance.now() - t)
  bytes = body.length
}
const warm = times.slice(10)
console.log(
  `  /directory page (${(bytes / 1024).toFixed(0)} KB): median ${median(warm).toFixed(1)} ms, p95 ${percentile(warm, 95).toFixed(1)} ms (target p95 < 100 ms)`,
)

// The most cited source's page (who cites it: the longest list) and the people tab.
const { feedIds } = JSON.parse(note) as { feedIds: number[] }
for (const [label, url] of [
  ['/directory/sources/:id (most cited)', `/directory/sources/${feedIds[0]}`],
  ['/directory?tab=people', `/directory?sector=${SECTOR}&tab=people`],
] as const) {
  const took: number[] = []
  for (let i = 0; i < 60; i++) {
    const t = performance.now()
    const res = await app.request(url, { headers: { cookie: `vigie_session=${session.token}` } })
    const body = await res.text()
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`)
    took.push(performance.now() - t)
  }
  const w = took.slice(5)
  console.log(
    `  ${label}: median ${median(w).toFixed(1)} ms, p95 ${percentile(w, 95).toFixed(1)} ms (target p95 < 100 ms)`,
  )
}
database.close()
fs.rmSync(dir, { recursive: true, force: true })
