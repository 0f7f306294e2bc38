// Evaluates the queue on labelled news that nobody here wrote, with a blind profile per label:
//   npm run eval:sectors -- DIR [LABEL,...]   (DIR holds *.jsonl lines { id, lang, label, title, text };
//   the optional comma-separated labels restrict the run to those, since each label takes a while)
// For each label with at least MIN_LABEL articles and a profile in test/fixtures/eval/sectors/,
// every article goes into a temp database as an extracted article of a random source at a random
// date (drawn independently of the label), the sector is scored by the real scoring stage and
// read back through queueOf; plain MiniSearch over the same articles, with the profile's terms as
// one OR query, is the baseline. Then a curator decides the top card 40 times (approve the label,
// reject the rest) and both rankings are measured again over what is still undecided.
// Figures are reported, not asserted. Never part of `npm test`. VIGIE_EVAL_SHOW=N lists the top N
// cards with their score's parts; VIGIE_EVAL_SEED=N draws other sources and dates; VIGIE_EVAL_DRAWS=K
// runs K draws (seeds N, N+1, ...) and reports each figure's mean over them, with the range of the
// ones the targets name: one draw moves a label's P@10 by 0.1 and its story purity by several points.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import MiniSearch from 'minisearch'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { queueOf, type StoryCard } from '../../src/jobs/queue.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import { analyseDoc } from '../../src/search/doc-terms.ts'
import { MINISEARCH_OPTIONS } from '../../src/search/mini-options.ts'
import { parseQuery, toMiniQuery } from '../../src/search/query.ts'
import { migrateDb, openDb, syncSectors } from '../../src/store/index.ts'
import { seedArticles } from '../helpers/seed.ts'
import { type Label, ndcgAt, precisionAt } from './ranking-metrics.ts'

const MIN_LABEL = 50
const DECISIONS = 40
const SOURCES = 12
const SPAN_DAYS = 6
const NOW = new Date('2026-03-10T08:00:00Z')
const SHOW = Number(process.env.VIGIE_EVAL_SHOW ?? 0)
// Another draw of sources and dates (VIGIE_EVAL_SEED=N): how much a figure owes to one draw.
const SEED = Number(process.env.VIGIE_EVAL_SEED ?? 0x5ec7)
const DRAWS = Math.max(1, Number(process.env.VIGIE_EVAL_DRAWS ?? 1))
const PROFILES = path.join(import.meta.dirname, '../fixtures/eval/sectors')

interface Article {
  id: string
  lang: string
  label: string
  title: string
  text: string
}

interface Scores {
  p10: number
  p50: number
  ndcg50: number
}

/** Deterministic PRNG (mulberry32): the same sources and dates on every run. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function loadCorpus(dir: string): Article[] {
  const out: Article[] = []
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim()) out.push(JSON.parse(line) as Article)
    }
  }
  return out
}

function scoresOf(labels: Label[]): Scores {
  return { p10: precisionAt(labels, 10), p50: precisionAt(labels, 50), ndcg50: ndcgAt(labels, 50) }
}

/** Articles ranked by MiniSearch on the profile's terms as one OR query; unmatched ones last. */
function bm25Order(articles: { dbId: number; a: Article }[], terms: string[]): number[] {
  const ms = new MiniSearch(MINISEARCH_OPTIONS)
  ms.addAll(
    articles.map(({ dbId, a }) =>
      analyseDoc({
        id: dbId,
        sectorSlug: 'x',
        feedId: 0,
        source: '',
        lang: a.lang,
        publishedAt: 0,
        firstSeenAt: 0,
        status: 'new',
        title: a.title,
        excerpt: null,
        text: a.text,
        author: null,
        siteName: null,
        tags: [],
        version: 0,
      }),
    ),
  )
  const hits = ms.search(toMiniQuery(parseQuery(terms.join(' ')), 'OR'))
  const ranked = hits.map((h) => h.id as number)
  const seen = new Set(ranked)
  return [...ranked, ...articles.map((x) => x.dbId).filter((id) => !seen.has(id))]
}

async function evalLabel(
  corpus: Article[],
  label: string,
  sector: Awaited<ReturnType<typeof loadSectors>>['sectors'][number],
  seed: number,
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigie-eval-'))
  const database = await openDb({ url: `file:${path.join(dir, 'vigie.db')}` })
  try {
    await migrateDb(database)
    const { db } = database
    const clock = fixedClock(NOW)
    await syncSectors(db, [sector], NOW)
    const rand = random(seed)
    const ids = await seedArticles(
      database,
      sector.slug,
      corpus.map((a) => ({
        title: a.title,
        text: a.text,
        lang: a.lang.startsWith('en') ? 'en' : 'fr',
        source: `Source ${String(1 + Math.floor(rand() * SOURCES)).padStart(2, '0')}`,
        publishedAt: new Date(NOW.getTime() - rand() * SPAN_DAYS * 86_400_000),
      })),
    )
    const items = corpus.map((a, i) => ({ dbId: ids[i]!, a }))
    const labelOf = new Map(
      items.map((x) => [x.dbId, x.a.label === label ? 'relevant' : 'off_topic'] as const),
    )
    const terms = (sector.profile?.topics ?? []).flatMap((t) => t.terms)
    const bm25 = bm25Order(items, terms)

    const scoring = createScoring({ db, clock, log: silentLog })
    const started = Date.now()
    await scoring.rescoreSector(sector.slug)
    const rescoreMs = Date.now() - started
    const queue = () => queueOf({ db, clock }, sector.slug, { limit: 5000, explain: false })
    const cardLabels = (cards: StoryCard[]) => cards.map((c) => labelOf.get(c.id)! as Label)

    const cardsBefore = await queue()
    if (SHOW) await showTop(db, clock, sector.slug, labelOf, bm25)
    // By the corpus's own labels, not relevant / off topic: a story of business and politics mixes
    // labels in every sector, not only in those two.
    const purity = storyPurity(cardsBefore, new Map(items.map((x) => [x.dbId, x.a.label])))
    const before = {
      vigie: scoresOf(cardLabels(cardsBefore)),
      bm25: scoresOf(bm25.map((id) => labelOf.get(id)!)),
    }

    const decided = new Set<number>()
    let approved = 0
    for (let n = 0; n < DECISIONS; n++) {
      const [top] = await queue()
      if (!top) break
      const relevant = labelOf.get(top.id) === 'relevant'
      approved += relevant ? 1 : 0
      await scoring.decide({ articleId: top.id, action: relevant ? 'approve' : 'reject' })
      // Decisions are rescored in the background: the curator's next look sees them.
      await scoring.settled()
      decided.add(top.id)
      for (const o of top.alsoCoveredBy) decided.add(o.id)
    }
    const cardsAfter = await queue()
    if (SHOW) {
      console.log(`after ${DECISIONS} decisions:`)
      await showTop(
        db,
        clock,
        sector.slug,
        labelOf,
        bm25.filter((id) => !decided.has(id)),
      )
    }
    const after = {
      vigie: scoresOf(cardLabels(cardsAfter)),
      // The queue as it was before any decision, less what was decided: what learning must beat.
      unlearned: scoresOf(cardLabels(cardsBefore.filter((c) => !decided.has(c.id)))),
      bm25: scoresOf(bm25.filter((id) => !decided.has(id)).map((id) => labelOf.get(id)!)),
    }
    return { before, after, purity, approved, rescoreMs }
  } finally {
    database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function termsOf(c: Pick<StoryCard, 'explanation'>): string {
  const p = c.explanation.profile
  const show = (m: { display: string; where: string; count: number }) =>
    m.display + ':' + m.where[0] + m.count
  return `${JSON.stringify(p.topics.map((t) => t.terms.map(show)))} ${JSON.stringify((p.related ?? []).map(show))}`
}

/** The top cards with their parts, to see why the queue ranks as it does (VIGIE_EVAL_SHOW=N). */
async function showTop(
  db: Parameters<typeof queueOf>[0]['db'],
  clock: Parameters<typeof queueOf>[0]['clock'],
  slug: string,
  labelOf: Map<number, string>,
  bm25: number[],
) {
  const cards = await queueOf({ db, clock }, slug, { limit: SHOW, explain: true })
  const bmRank = new Map(bm25.map((id, i) => [id, i + 1]))
  const mine = new Map(cards.map((c, i) => [c.id, i + 1]))
  const missed = bm25.slice(0, 50).filter((id) => !mine.has(id) && labelOf.get(id) === 'relevant')
  console.log(
    `relevant in MiniSearch's top 50, not in the top ${SHOW}: ${missed.map((id) => bmRank.get(id)).join(' ')}`,
  )
  const all = await queueOf({ db, clock }, slug, { limit: 5000, explain: true })
  const members = all.slice(0, 50).flatMap((c) => [c.id, ...c.alsoCoveredBy.map((o) => o.id)])
  console.log(
    `top 50 cards: ${members.length} articles with their stories, ${members.filter((id) => labelOf.get(id) === 'relevant').length} relevant`,
  )
  for (const [i, c] of all.entries())
    if (missed.includes(c.id))
      console.log(
        `  ${i + 1} bm=${bmRank.get(c.id)} p=${c.explanation.profile.score} ${c.title.slice(0, 50)} ${termsOf(c)}`,
      )
  for (const [i, c] of cards.entries()) {
    const e = c.explanation
    const mark = labelOf.get(c.id) === 'relevant' ? '+' : '-'
    console.log(
      `${String(i + 1).padStart(3)} ${mark} ${c.score.toFixed(3)} p=${e.profile.score.toFixed(2)} ` +
        `l=${e.learned.score.toFixed(2)} f=${e.freshness.score.toFixed(2)} s=${e.source.score.toFixed(2)} ` +
        `t=${e.trending.boost.toFixed(2)}/${e.trending.sources} bm=${bmRank.get(c.id)} ${c.title.slice(0, 60)}` +
        (mark === '-' ? ` ${termsOf(c)}` : ''),
    )
  }
}

/** Multi-article stories, and how many of them mix the corpus's labels. */
function storyPurity(cards: StoryCard[], labelOf: Map<number, string>) {
  const multi = cards.filter((c) => c.alsoCoveredBy.length > 0)
  const mixed = multi.filter((c) => {
    const first = labelOf.get(c.id)
    return c.alsoCoveredBy.some((o) => labelOf.get(o.id) !== first)
  })
  if (SHOW)
    for (const c of mixed)
      console.log(
        `mixed: ${[c, ...c.alsoCoveredBy].map((o) => `${labelOf.get(o.id)}: ${o.title.slice(0, 70)}`).join(' || ')}`,
      )
  return { multi: multi.length, mixed: mixed.length }
}

const f = (x: number) => x.toFixed(2)
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const triple = (s: Scores) => `${f(s.p10)} / ${f(s.p50)} / ${f(s.ndcg50)}`

async function main() {
  const dirArg = process.argv[2]
  if (!dirArg) throw new Error('usage: npm run eval:sectors -- DIR (a folder of labelled *.jsonl)')
  const corpus = loadCorpus(path.resolve(dirArg))
  const { sectors, errors } = await loadSectors(PROFILES)
  if (errors.length) throw new Error(`profiles: ${JSON.stringify(errors)}`)
  const counts = new Map<string, number>()
  for (const a of corpus) counts.set(a.label, (counts.get(a.label) ?? 0) + 1)
  const only = process.argv[3]?.split(',').filter(Boolean)
  const labels = [...counts]
    .filter(([l, n]) => n >= MIN_LABEL && (!only || only.includes(l)))
    .map(([l]) => l)
    .sort()
  console.log(
    `${corpus.length} articles; ${SOURCES} random sources, dates over ${SPAN_DAYS} days; queue at ${NOW.toISOString()}` +
      (DRAWS > 1 ? `; means over ${DRAWS} draws of sources and dates` : ''),
  )
  console.log(
    'P@10 / P@50 / nDCG@50; "after" = over the articles still undecided after 40 decisions on the top card;\n' +
      '"Vigie before, undecided" = the queue before any decision less the decided articles (learning must beat it)\n',
  )
  console.log(
    '| label (articles) | Vigie before | MiniSearch OR before | Vigie after | Vigie before, undecided | MiniSearch OR after | mixed stories |',
  )
  console.log('|---|---|---|---|---|---|---|')
  let multi = 0
  let mixed = 0
  for (const label of labels) {
    const sector = sectors.find((s) => s.slug === label)
    if (!sector) {
      console.log(`| ${label} | no profile in ${PROFILES} | | | | |`)
      continue
    }
    const draws: Awaited<ReturnType<typeof evalLabel>>[] = []
    for (let d = 0; d < DRAWS; d++) draws.push(await evalLabel(corpus, label, sector, SEED + d))
    const r = draws[0]!
    const mean = (pick: (x: Awaited<ReturnType<typeof evalLabel>>) => Scores): Scores => ({
      p10: avg(draws.map((x) => pick(x).p10)),
      p50: avg(draws.map((x) => pick(x).p50)),
      ndcg50: avg(draws.map((x) => pick(x).ndcg50)),
    })
    const purity = {
      multi: draws.reduce((n, x) => n + x.purity.multi, 0),
      mixed: draws.reduce((n, x) => n + x.purity.mixed, 0),
    }
    multi += purity.multi
    mixed += purity.mixed
    const range = (xs: number[]) => `${f(Math.min(...xs))}..${f(Math.max(...xs))}`
    const spread =
      DRAWS > 1
        ? `; over ${DRAWS} draws, P@10 before ${range(draws.map((x) => x.before.vigie.p10))}, ` +
          `P@50 before less BM25's ${range(draws.map((x) => x.before.vigie.p50 - x.before.bm25.p50))}, ` +
          `P@50 after less BM25's ${range(draws.map((x) => x.after.vigie.p50 - x.after.bm25.p50))}`
        : ''
    console.log(
      `| ${label} (${counts.get(label)}) | ${triple(mean((x) => x.before.vigie))} | ${triple(mean((x) => x.before.bm25))} | ` +
        `${triple(mean((x) => x.after.vigie))} | ${triple(mean((x) => x.after.unlearned))} | ${triple(mean((x) => x.after.bm25))} | ${purity.mixed}/${purity.multi} |` +
        ` <!-- ${r.approved}/${DECISIONS} approved, rescore ${r.rescoreMs} ms${spread} -->`,
    )
  }
  console.log(
    `\nstory purity: ${mixed} of ${multi} multi-article stories mix labels (${f((100 * mixed) / Math.max(1, multi))}%)`,
  )
}

await main()
