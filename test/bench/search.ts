// Search benchmark: synthetic French and English articles through the sharded MiniSearch index.
// Run: node --expose-gc --import tsx test/bench/search.ts [--articles 100000] [--queries 300]
// (plain `npx tsx test/bench/search.ts` works too; heap figures are then taken without a forced GC).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createSearchIndex, type IndexDoc, type SearchFilters } from '../../src/search/index.ts'
import { median, percentile } from './stats.ts'

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '300' },
  },
})
const N = Number(values.articles)
const QUERIES = Number(values.queries)

// Deterministic pseudo-random numbers, so two runs index the same corpus.
let seed = 42
const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
// Zipf-like: low ranks far more often, as in real text.
const zipf = <T>(xs: readonly T[]) => xs[Math.floor(xs.length ** rand()) - 1]!

const split = (s: string) => s.split(/\s+/).filter(Boolean)
const STOP = {
  fr: split(`le la les de des du un une et en à au aux pour par sur dans avec qui que est sont ce cette ces
    il elle ils nous vous leur leurs plus pas ne se sa son ses on mais ou comme tout aussi très bien`),
  en: split(`the a an of to and in for on with is are be was it this that these their they we you our
    by as at from or but not more most can will has have had its also very which`),
}
const GENERAL = {
  fr: split(`entreprise marque client clients marché stratégie contenu contenus public audience message
    équipe projet résultats données croissance outil outils méthode exemple conseil conseils année mois
    semaine chiffres étude rapport tendance tendances usage utilisateurs image vidéo vidéos article
    articles lecture question réponse temps budget objectif objectifs campagne campagnes produit produits
    service services qualité confiance relation relations expérience nouveau nouvelle nouvelles grand
    grande premier première dernier meilleur meilleure important importante simple rapide efficace
    français européen mondial local ligne site web mobile application applications plateforme plateformes`),
  en: split(`company brand customer customers market strategy content audience message team project results
    data growth tool tools method example advice year month week numbers study report trend trends
    usage users image video videos article articles question answer time budget goal goals campaign
    campaigns product products service services quality trust relationship experience new great first
    last best important simple fast effective european global local online website mobile app apps
    platform platforms business leaders people insight insights research`),
}
const SECTORS: Record<string, { fr: string[]; en: string[] }> = {
  'community-management': {
    fr: split(`communauté communautés réseau réseaux social sociaux engagement abonnés influenceur influenceurs
      modération commentaires publication publications instagram linkedin tiktok facebook youtube
      calendrier éditorial ambassadeurs animation viralité algorithme portée hashtag hashtags stories
      newsletter créateurs partenariat partenariats veille e-réputation crise bad buzz`),
    en: split(`community communities network networks social engagement followers influencer influencers
      moderation comments post posts instagram linkedin tiktok facebook youtube calendar editorial
      ambassadors reach algorithm viral hashtag hashtags stories newsletter creators partnership
      partnerships listening reputation crisis backlash`),
  },
  tourisme: {
    fr: split(`tourisme voyage voyages hôtel hôtels réservation réservations destination destinations séjour
      séjours vacances saison touristes visiteurs office patrimoine croisière camping gîtes avis`),
    en: split(`tourism travel trips hotel hotels booking bookings destination destinations stay holidays
      season tourists visitors heritage cruise camping reviews hospitality`),
  },
  fintech: {
    fr: split(`banque banques paiement paiements crédit néobanque assurance épargne crypto régulation
      conformité fraude portefeuille virement investissement investisseurs levée fonds`),
    en: split(`bank banks payment payments credit neobank insurance savings crypto regulation compliance
      fraud wallet transfer investment investors funding round lending`),
  },
}
const SECTOR_NAMES = Object.keys(SECTORS)
const SYLLABLES = split(
  'ka lo mi ne ra tu vo zi be da fe go hu ja ki le mo nu pa ri sa te vi wo xa yo ze ch tr pl',
)
// The long tail of rare words (names, jargon, typos) that real text has.
const RARE = Array.from({ length: 40_000 }, () =>
  Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join(''),
)
const NAMES = Array.from(
  { length: 300 },
  () => `${pick(split('Claire Julien Sam Dana Léa Hugo Emma Noah Chloé Louis'))} ${pick(RARE)}`,
)
const now = Date.now()
const YEAR = 365 * 86_400_000

function sentence(lang: 'fr' | 'en', sector: string, n: number): string {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const r = rand()
    if (r < 0.4) out.push(pick(STOP[lang]))
    else if (r < 0.68) out.push(zipf(GENERAL[lang]))
    else if (r < 0.85) out.push(zipf(SECTORS[sector]![lang]))
    else out.push(zipf(RARE))
  }
  return out.join(' ')
}

function makeDoc(id: number): IndexDoc {
  const lang = rand() < 0.6 ? 'fr' : 'en'
  const sector = SECTOR_NAMES[rand() < 0.6 ? 0 : rand() < 0.6 ? 1 : 2]!
  const source = `${sector}-source-${Math.floor(rand() * 60)}`
  const words = 150 + Math.floor(rand() * 150)
  const doc = {
    id,
    sectorSlug: sector,
    feedId: SECTOR_NAMES.indexOf(sector) * 100 + Math.floor(rand() * 60),
    source,
    lang,
    publishedAt: now - Math.floor(rand() * YEAR),
    status: rand() < 0.8 ? 'new' : pick(['approved', 'rejected', 'reshared']),
    title: sentence(lang, sector, 6 + Math.floor(rand() * 6)),
    excerpt: sentence(lang, sector, 25),
    text: sentence(lang, sector, words),
    author: rand() < 0.7 ? pick(NAMES) : null,
    siteName: source,
    tags: [],
    version: 1,
  }
  return { ...doc, firstSeenAt: doc.publishedAt }
}

function makeQuery(): { q: string; filters: SearchFilters } {
  const lang = rand() < 0.6 ? 'fr' : 'en'
  const sector = SECTOR_NAMES[rand() < 0.6 ? 0 : Math.floor(rand() * 3)]!
  const n = 1 + Math.floor(rand() * 3)
  const ws = Array.from({ length: n }, () =>
    rand() < 0.6 ? zipf(SECTORS[sector]![lang]) : zipf(GENERAL[lang]),
  )
  const filters: SearchFilters = {}
  if (rand() < 0.3) filters.sectorSlug = sector
  if (rand() < 0.25) {
    const end = now - Math.floor(rand() * 0.75 * YEAR)
    filters.from = new Date(end - 60 * 86_400_000)
    filters.to = new Date(end)
  }
  return { q: ws.join(' '), filters }
}

const gc = (globalThis as { gc?: () => void }).gc
const heapMb = () => {
  gc?.()
  return process.memoryUsage().heapUsed / 2 ** 20
}
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`
const dirSize = (d: string): number =>
  fs.readdirSync(d, { withFileTypes: true }).reduce((sum, e) => {
    const p = path.join(d, e.name)
    return sum + (e.isDirectory() ? dirSize(p) : fs.statSync(p).size)
  }, 0)

// Wall time, and this process's CPU time: on a shared machine the second is the steadier figure.
let lastCpuMs = 0
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const out = await fn()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  lastCpuMs = (c.user + c.system) / 1000
  return [out, wall]
}

type Index = ReturnType<typeof createSearchIndex>
type Query = { q: string; filters: SearchFilters }

async function latency(index: Index, qs: Query[]) {
  const times: number[] = []
  const cpu: number[] = []
  let hits = 0
  for (const { q, filters } of qs) {
    const [r, t] = await timed(() => index.search(q, filters, { limit: 20 }))
    times.push(t)
    cpu.push(lastCpuMs)
    hits += r.total
  }
  return {
    median: median(times),
    p95: percentile(times, 95),
    max: Math.max(...times),
    cpuMedian: median(cpu),
    cpuP95: percentile(cpu, 95),
    hits: hits / qs.length,
  }
}
const report = (label: string, r: Awaited<ReturnType<typeof latency>>) =>
  console.log(
    `${label}: median ${ms(r.median)}, p95 ${ms(r.p95)}, max ${ms(r.max)} (CPU: median ${ms(r.cpuMedian)}, ` +
      `p95 ${ms(r.cpuP95)}), ${r.hits.toFixed(0)} matches on average`,
  )

// 13 month keys: the corpus spans 12 months back from today, partial months at both ends.
const ALL_MONTHS = 13
const queries = Array.from({ length: QUERIES }, makeQuery)
const prefixes = [
  'communau',
  'engag',
  'stratég',
  'réseaux soc',
  'influenc',
  'hôte',
  'paiem',
  'platfo',
]

/** Builds, saves and queries the index; returns the build time. The corpus and index die with it. */
async function buildPhase(dir: string): Promise<{ buildMs: number; buildCpu: number }> {
  const docs = Array.from({ length: N }, (_, i) => makeDoc(i + 1))
  const words = docs.reduce((s, d) => s + d.text.split(' ').length, 0) / N
  const heap0 = heapMb()
  console.log(
    `corpus: ${words.toFixed(0)} words per body on average (raw corpus: ${heap0.toFixed(0)} MB of heap)`,
  )
  const built = createSearchIndex({ dir, hotMonths: ALL_MONTHS })
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const [, buildMs] = await timed(async () => {
    for (let i = 0; i < N; i += 1000) await built.upsert(docs.slice(i, i + 1000))
  })
  loop.disable()
  const buildCpu = lastCpuMs
  console.log(
    `build: ${ms(buildMs)} (CPU ${ms(buildCpu)}, ${((N / buildMs) * 1000).toFixed(0)} articles/s), index heap ${(heapMb() - heap0).toFixed(0)} MB, ` +
      `longest event-loop block ${ms(loop.max / 1e6)}, ${built.shards().length} shards`,
  )
  const [, saveMs] = await timed(() => built.save())
  console.log(`save: ${ms(saveMs)}, ${(dirSize(dir) / 2 ** 20).toFixed(1)} MB on disk`)
  await latency(built, queries.slice(0, 20)) // warm-up
  report(`queries (${QUERIES}, built index)`, await latency(built, queries))
  return { buildMs, buildCpu }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-search-bench-'))
try {
  console.log(
    `search benchmark: ${N} articles, ${os.cpus().length} cores, node ${process.version}, gc ${gc ? 'exposed' : 'not exposed'}`,
  )
  const { buildMs, buildCpu } = await buildPhase(dir)
  const heapBefore = heapMb()

  // A fresh process's view: load every shard, vs building again.
  const full = createSearchIndex({ dir, hotMonths: ALL_MONTHS })
  const [, loadMs] = await timed(() => full.load())
  console.log(
    `load (all shards): ${ms(loadMs)} (CPU ${ms(lastCpuMs)}), rebuild/load ratio ${(buildMs / loadMs).toFixed(1)}x (CPU ${(buildCpu / lastCpuMs).toFixed(1)}x), heap ${(heapMb() - heapBefore).toFixed(0)} MB`,
  )
  await latency(full, queries.slice(0, 20)) // warm-up
  report(`queries (${QUERIES}, loaded index)`, await latency(full, queries))
  const sectorOnly = queries.filter((q) => q.filters.sectorSlug && !q.filters.from)
  report(`  with a sector filter (${sectorOnly.length})`, await latency(full, sectorOnly))
  const dated = queries.filter((q) => q.filters.from)
  report(`  with a date range (${dated.length})`, await latency(full, dated))
  const pre = await latency(
    full,
    prefixes.flatMap((q) => [
      { q, filters: {} },
      { q, filters: {} },
    ]),
  )
  report(`prefix queries (${prefixes.join(', ')})`, pre)
  report(
    'one frequent word ("marque")',
    await latency(
      full,
      Array.from({ length: 20 }, () => ({ q: 'marque', filters: {} })),
    ),
  )

  // The default: recent months only; older ones load when a query needs them.
  const hot = createSearchIndex({ dir })
  const [, hotMs] = await timed(() => hot.load())
  const hotLoaded = hot.shards().filter((s) => s.loaded).length
  console.log(
    `load (default hotMonths 3: ${hotLoaded} of ${hot.shards().length} shards, others on demand): ${ms(hotMs)}`,
  )
  const old = { from: new Date(now - YEAR), to: new Date(now - 0.9 * YEAR) }
  const [, coldMs] = await timed(() => hot.search('communauté', old))
  const [, warmMs] = await timed(() => hot.search('communauté', old))
  console.log(
    `date range over unloaded old months: first query ${ms(coldMs)} (loads them), next ${ms(warmMs)}`,
  )
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
