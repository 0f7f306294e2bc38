// Evaluates the queue ranking of the community-management sector on labelled articles:
//   npm run eval [-- DIR]      (DIR holds articles-*.jsonl; default test/fixtures/eval)
// (a) the shipped profile alone over every article; (b) a simulated curator triages the top of a
// training half, the model learns, and the held-out half is ranked before and after.
// Targets are reported, not asserted: the exit code is 0 unless the script itself crashes.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { formatSectorError, loadSectors } from '../../src/sectors/index.ts'
import {
  curatorActions,
  type Label,
  rankBy,
  rankingMetrics,
  type RankingMetrics,
  splitHalf,
} from './ranking-metrics.ts'

type ScoreApi = typeof import('../../src/score/index.ts')
type Scorable = ReturnType<ScoreApi['analyzeDoc']> & {
  feedId: number
  source: string
  sourceKind: 'blog' | 'media' | 'influencer'
  publishedAt: Date
}
type Model = ReturnType<ScoreApi['emptyModel']>

const SECTOR = 'community-management'
const NOW = new Date('2026-11-21T08:00:00Z')
const TRIAGE_SIZE = 60
const TARGET_P10 = 0.9
const REQUIRED = ['analyzeDoc', 'compileProfile', 'emptyModel', 'learnFromDecision', 'scoreDoc']

const Article = z.object({
  id: z.string().min(1),
  lang: z.string().min(2),
  label: z.enum(['relevant', 'near_miss', 'off_topic']),
  source: z.string().min(1),
  sourceKind: z.enum(['blog', 'media', 'influencer']),
  publishedAt: z.iso.datetime({ offset: true }),
  title: z.string().min(1),
  text: z.string().min(1),
  topic: z.string().optional(),
  story: z.string().optional(),
})
type Article = z.infer<typeof Article>
interface Item {
  article: Article
  doc: Scorable
}

/** Every valid line of DIR/articles-*.jsonl; bad lines are reported and skipped (a file may be mid-write). */
function loadArticles(dir: string): Article[] {
  const files = readdirSync(dir)
    .filter((f) => /^articles-.*\.jsonl$/.test(f))
    .sort()
  const out: Article[] = []
  const seen = new Set<string>()
  const skipped: string[] = []
  for (const file of files) {
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n')
    let kept = 0
    lines.forEach((line, i) => {
      if (!line.trim()) return
      const where = `${file}:${i + 1}`
      let parsed
      try {
        parsed = Article.safeParse(JSON.parse(line))
      } catch (err) {
        return void skipped.push(`${where}: invalid JSON (${(err as Error).message})`)
      }
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!
        return void skipped.push(`${where}: ${issue.path.join('.')}: ${issue.message}`)
      }
      if (seen.has(parsed.data.id))
        return void skipped.push(`${where}: duplicate id ${parsed.data.id}`)
      seen.add(parsed.data.id)
      out.push(parsed.data)
      kept++
    })
    console.log(`loaded ${kept} articles from ${file}`)
  }
  if (skipped.length)
    console.log(`skipped ${skipped.length} lines:\n  ${skipped.slice(0, 5).join('\n  ')}`)
  if (skipped.length > 5) console.log(`  ... and ${skipped.length - 5} more`)
  return out
}

async function loadScoreStage(): Promise<ScoreApi | null> {
  try {
    const api = (await import('../../src/score/index.ts')) as Partial<ScoreApi>
    const missing = REQUIRED.filter(
      (name) => typeof (api as Record<string, unknown>)[name] !== 'function',
    )
    if (missing.length === 0) return api as ScoreApi
    console.log(`The score stage (src/score/index.ts) does not export yet: ${missing.join(', ')}.`)
  } catch (err) {
    console.log(`The score stage (src/score/index.ts) cannot be loaded: ${(err as Error).message}`)
  }
  console.log('Nothing to evaluate until it does; run `npm run eval` again then.')
  return null
}

/** Corpus statistics the pipeline gives scoreDoc in production: document frequencies and story sizes. */
function corpusContext(api: ScoreApi, items: Item[]) {
  const df = new Map<string, number>()
  let bodyTerms = 0
  for (const { doc } of items) {
    for (const t of new Set([...doc.titleTerms, ...doc.bodyTerms])) df.set(t, (df.get(t) ?? 0) + 1)
    bodyTerms += doc.bodyTerms.length
  }
  // Without clustering every article is its own story.
  const stories =
    typeof api.clusterStories === 'function'
      ? api.clusterStories(items.map((i) => i.doc))
      : new Map<number, number>()
  const feedsOfStory = new Map<number, Set<number>>()
  for (const { doc } of items) {
    const story = stories.get(doc.id) ?? doc.id
    const feeds = feedsOfStory.get(story) ?? new Set()
    feeds.add(doc.feedId)
    feedsOfStory.set(story, feeds)
  }
  const storySources = (id: number) => feedsOfStory.get(stories.get(id) ?? id)?.size ?? 1
  const docFrequencies = {
    docs: items.length,
    df,
    avgBodyTerms: bodyTerms / Math.max(1, items.length),
  }
  return { df: docFrequencies, storySources, stories }
}

interface Mode {
  name: string
  score: (item: Item, model: Model) => number
}

function rank(items: Item[], mode: Mode, model: Model) {
  const scores = new Map(items.map((i) => [i, mode.score(i, model)]))
  const ranked = rankBy(
    items,
    (i) => scores.get(i)!,
    (i) => i.article.id,
  )
  return { ranked, scores }
}

const labels = (items: Item[]) => items.map((i) => i.article.label as Label)
const byLang = (items: Item[], lang: string) => items.filter((i) => i.article.lang.startsWith(lang))

/** The curator triages the top of the training queue in score order; the model learns each decision. */
function triage(api: ScoreApi, train: Item[], mode: Mode) {
  const top = rank(train, mode, api.emptyModel()).ranked.slice(0, TRIAGE_SIZE)
  const actions = curatorActions(labels(top))
  let model = api.emptyModel()
  top.forEach((item, i) => (model = api.learnFromDecision(model, item.doc, actions[i]!)))
  const count = (a: string) => actions.filter((x) => x === a).length
  return {
    model,
    approve: count('approve'),
    reshare: count('reshare'),
    reject: count('reject'),
  }
}

const f = (x: number) => x.toFixed(3)
const signed = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(3)
const pad = (s: string | number, n: number) => String(s).padEnd(n)
const lpad = (s: string | number, n: number) => String(s).padStart(n)
const COLUMNS: [string, keyof RankingMetrics, number][] = [
  ['P@10', 'p10', 7],
  ['nDCG@10', 'ndcg10', 9],
  ['graded', 'ndcg10Graded', 8],
  ['R@50', 'r50', 7],
  ['AP', 'ap', 7],
  ['nDCG', 'ndcgAll', 7],
]
const HEADER =
  `${pad('run', 34)}${pad('subset', 7)}${lpad('items', 6)}${lpad('rel', 5)}` +
  COLUMNS.map(([name, , w]) => lpad(name, w)).join('') +
  '  (R@50 max)'

function row(run: string, subset: string, m: RankingMetrics): string {
  const cells = COLUMNS.map(([, k, w]) => lpad(f(m[k]), w)).join('')
  return `${pad(run, 34)}${pad(subset, 7)}${lpad(m.items, 6)}${lpad(m.relevant, 5)}${cells}  (${f(m.r50Max)})`
}

function deltaRow(run: string, subset: string, a: RankingMetrics, b: RankingMetrics): string {
  const cells = COLUMNS.map(([, k, w]) => lpad(signed(b[k] - a[k]), w)).join('')
  return `${pad(run, 34)}${pad(subset, 7)}${lpad('', 11)}${cells}`
}

function printTop(title: string, ranked: Item[], scores: Map<Item, number>, n = 10): void {
  console.log(`\n${title}`)
  ranked.slice(0, n).forEach((item, i) => {
    const { label, lang, title: t, source } = item.article
    const mark = label === 'relevant' ? ' ' : '✗'
    const head = `${lpad(i + 1, 3)}. ${f(scores.get(item)!)} ${mark} ${pad(label, 10)}${pad(lang, 3)}`
    console.log(`${head}${t.length > 78 ? t.slice(0, 77) + '…' : t}  [${source}]`)
  })
}

async function main(): Promise<void> {
  const root = path.join(import.meta.dirname, '../..')
  const dir = path.resolve(process.argv[2] ?? path.join(root, 'test/fixtures/eval'))
  const articles = loadArticles(dir)
  if (articles.length === 0) return console.log(`No labelled articles in ${dir}.`)

  const { sectors, errors } = await loadSectors(path.join(root, 'feeds'))
  const sector = sectors.find((s) => s.slug === SECTOR)
  if (!sector) {
    errors.forEach((e) => console.log(formatSectorError(e)))
    return console.log(`The sector ${SECTOR} did not load from feeds/.`)
  }
  const api = await loadScoreStage()
  if (!api) return

  const profile = api.compileProfile(sector.profile)
  const sources = [...new Set(articles.map((a) => a.source))].sort()
  const items: Item[] = articles.map((article, i) => {
    const base = {
      id: i + 1,
      sectorSlug: SECTOR,
      feedId: sources.indexOf(article.source) + 1,
      source: article.source,
      sourceKind: article.sourceKind,
      lang: article.lang,
      title: article.title,
      text: article.text,
      excerpt: null,
      publishedAt: new Date(article.publishedAt),
      url: `https://eval.invalid/${article.id}`,
    }
    return { article, doc: { ...api.analyzeDoc(base), ...pick(base) } }
  })
  const corpus = corpusContext(api, items)
  const storyLines = labelledStories(items, corpus.stories)
  const modes: Mode[] = [
    {
      name: 'plain',
      score: (i, model) => api.scoreDoc(i.doc, { profile, model, now: NOW }).score,
    },
    {
      name: 'corpus',
      score: (i, model) =>
        api.scoreDoc(i.doc, {
          profile,
          model,
          now: NOW,
          df: corpus.df,
          storySources: corpus.storySources(i.doc.id),
        }).score,
    },
  ]

  const count = (l: Label) => articles.filter((a) => a.label === l).length
  const langs = [...new Set(articles.map((a) => a.lang.slice(0, 2)))].sort()
  console.log(
    `\n${articles.length} articles (${langs.map((l) => `${l} ${byLang(items, l).length}`).join(', ')}): ` +
      `${count('relevant')} relevant, ${count('near_miss')} near_miss, ${count('off_topic')} off_topic; ` +
      `${sources.length} sources; queue at ${NOW.toISOString()}`,
  )
  console.log(
    'modes: plain = scoreDoc({ profile, model, now }); corpus = plus df (IDF) and storySources from clusterStories',
  )
  console.log(
    'graded nDCG gains: relevant 2, near_miss 1, off_topic 0; binary: relevant 1, others 0\n',
  )

  if (storyLines.length)
    console.log(`labelled stories -> clusterStories:\n  ${storyLines.join('\n  ')}\n`)

  const { train, heldOut } = splitHalf(items, (i) => i.article.id)
  const summary: string[] = []
  const tops: (() => void)[] = []
  console.log(HEADER)
  for (const mode of modes) {
    const empty = api.emptyModel()
    const all = rank(items, mode, empty)
    const a = rankingMetrics(labels(all.ranked))
    console.log(row(`(a) ${mode.name}: profile alone`, 'all', a))
    for (const l of langs) console.log(row('', l, rankingMetrics(labels(byLang(all.ranked, l)))))

    const learned = triage(api, train, mode)
    const before = rank(heldOut, mode, empty)
    const after = rank(heldOut, mode, learned.model)
    const mb = rankingMetrics(labels(before.ranked))
    const ma = rankingMetrics(labels(after.ranked))
    console.log(row(`(b) ${mode.name}: held-out, before`, 'all', mb))
    console.log(
      row(
        `    after ${learned.approve}+${learned.reshare}r/${learned.reject}x decisions`,
        'all',
        ma,
      ),
    )
    console.log(deltaRow('    change', 'all', mb, ma))
    for (const l of langs) {
      const lb = rankingMetrics(labels(byLang(before.ranked, l)))
      const la = rankingMetrics(labels(byLang(after.ranked, l)))
      console.log(row('    before', l, lb))
      console.log(row('    after', l, la))
      console.log(deltaRow('    change', l, lb, la))
    }
    console.log('')
    // Learning helps when the whole held-out queue is better ordered and its top is no worse.
    const helps = ma.ap > mb.ap && ma.ndcg10 >= mb.ndcg10 && ma.p10 >= mb.p10
    summary.push(
      `${pad(mode.name, 7)} P@10 profile alone ${f(a.p10)} (target >= ${TARGET_P10}): ${a.p10 >= TARGET_P10 ? 'MET' : 'MISSED'}; ` +
        `learning on held-out: AP ${signed(ma.ap - mb.ap)}, nDCG ${signed(ma.ndcgAll - mb.ndcgAll)}, ` +
        `nDCG@10 ${signed(ma.ndcg10 - mb.ndcg10)}, P@10 ${signed(ma.p10 - mb.p10)}: ${helps ? 'HELPS' : 'DOES NOT HELP'}`,
    )
    tops.push(() => {
      printTop(
        `Top 10 of the queue, ${mode.name}, profile alone (✗ = not relevant):`,
        all.ranked,
        all.scores,
      )
      const missed = all.ranked
        .map((item, r) => ({ item, r }))
        .filter((x) => x.item.article.label === 'relevant')
      console.log(
        `  lowest-ranked relevant: ${missed
          .slice(-4)
          .map((x) => `#${x.r + 1} ${x.item.article.id}`)
          .join(', ')}`,
      )
      const intruders = all.ranked
        .map((item, r) => ({ item, r }))
        .filter((x) => x.item.article.label !== 'relevant')
      console.log('  highest-ranked non-relevant:')
      for (const { item, r } of intruders.slice(0, 5)) {
        const { id, label, title: t } = item.article
        console.log(
          `    #${r + 1} ${f(all.scores.get(item)!)} ${pad(label, 10)}${id} ${t.slice(0, 70)}`,
        )
      }
      printTop(
        `Top 10 of the held-out queue, ${mode.name}, after learning:`,
        after.ranked,
        after.scores,
      )
    })
  }
  console.log(
    `(held-out ${heldOut.length} articles, train ${train.length}; the curator triaged the top ${TRIAGE_SIZE} of train: ` +
      `approve / reshare every third approval / reject)`,
  )
  tops.forEach((print) => print())
  console.log('\nTargets (reported, not asserted):')
  summary.forEach((s) => console.log(`  ${s}`))
}

/** For each labelled story ("story" field), whether its articles landed in one cluster. */
function labelledStories(items: Item[], stories: Map<number, number>): string[] {
  const byStory = new Map<string, Item[]>()
  for (const item of items) {
    const key = item.article.story
    if (key) byStory.set(key, [...(byStory.get(key) ?? []), item])
  }
  return [...byStory].sort().map(([key, members]) => {
    const clusters = new Set(members.map((m) => stories.get(m.doc.id) ?? m.doc.id))
    const others = items.filter(
      (i) => !i.article.story && clusters.has(stories.get(i.doc.id) ?? i.doc.id),
    )
    const ids = members.map((m) => m.article.id).join(', ')
    const verdict = clusters.size === 1 ? 'one cluster' : `${clusters.size} clusters`
    const extra = others.length
      ? `; also pulled in: ${others.map((o) => o.article.id).join(', ')}`
      : ''
    return `${key}: ${members.length} articles (${ids}) -> ${verdict}${extra}`
  })
}

function pick(d: {
  feedId: number
  source: string
  sourceKind: Scorable['sourceKind']
  publishedAt: Date
}) {
  return {
    feedId: d.feedId,
    source: d.source,
    sourceKind: d.sourceKind,
    publishedAt: d.publishedAt,
  }
}

await main()
