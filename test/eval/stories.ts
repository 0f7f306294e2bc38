// Evaluates story clustering against the labelled "story" field of the eval articles:
//   npx tsx test/eval/stories.ts [DIR]      (DIR holds articles-*.jsonl; default test/fixtures/eval)
// Pairwise precision / recall / F1: a pair of articles is positive when both carry the same story
// label; unlabelled articles are singletons, so merging one with anything is a false positive.
// Reported, not asserted: the exit code is 0 unless the script itself crashes.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { analyzeDoc, clusterStories, compileProfile } from '../../src/score/index.ts'

export interface PairMetrics {
  precision: number
  recall: number
  f1: number
  /** Pairs in the same labelled story. */
  labelledPairs: number
  /** Pairs put in the same cluster. */
  clusteredPairs: number
  correctPairs: number
  /** Indexes [a, b] (a < b) clustered together without sharing a story label. */
  wrong: [number, number][]
  /** Indexes [a, b] (a < b) sharing a story label but left in different clusters. */
  missed: [number, number][]
}

/**
 * Pairwise precision, recall and F1 of a clustering (one cluster id per item) against labels (a
 * story per item, null for an unlabelled singleton). Precision is 1 when nothing is clustered and
 * recall 1 when nothing is labelled: neither has a pair to get wrong.
 */
export function pairMetrics(
  labels: readonly (string | null)[],
  clusters: readonly unknown[],
): PairMetrics {
  if (labels.length !== clusters.length) throw new Error('labels and clusters differ in length')
  const wrong: [number, number][] = []
  const missed: [number, number][] = []
  let labelledPairs = 0
  let clusteredPairs = 0
  let correctPairs = 0
  for (let a = 0; a < labels.length; a++) {
    for (let b = a + 1; b < labels.length; b++) {
      const sameLabel = labels[a] != null && labels[a] === labels[b]
      const sameCluster = clusters[a] === clusters[b]
      if (sameLabel) labelledPairs++
      if (sameCluster) clusteredPairs++
      if (sameLabel && sameCluster) correctPairs++
      else if (sameCluster) wrong.push([a, b])
      else if (sameLabel) missed.push([a, b])
    }
  }
  const precision = clusteredPairs ? correctPairs / clusteredPairs : 1
  const recall = labelledPairs ? correctPairs / labelledPairs : 1
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  return { precision, recall, f1, labelledPairs, clusteredPairs, correctPairs, wrong, missed }
}

const Article = z.object({
  id: z.string().min(1),
  lang: z.string().min(2),
  source: z.string().min(1),
  sourceKind: z.enum(['blog', 'media', 'influencer']),
  publishedAt: z.iso.datetime({ offset: true }),
  title: z.string().min(1),
  text: z.string().min(1),
  story: z.string().optional(),
})
type Article = z.infer<typeof Article>

export function loadArticles(dir: string): Article[] {
  const out: Article[] = []
  const files = readdirSync(dir).filter((f) => /^articles-.*\.jsonl$/.test(f))
  for (const file of files.sort()) {
    let skipped = 0
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue
      let parsed
      try {
        parsed = Article.safeParse(JSON.parse(line))
      } catch {
        parsed = null
      }
      if (parsed?.success) out.push(parsed.data)
      else skipped++
    }
    if (skipped) console.log(`${file}: skipped ${skipped} invalid lines`)
  }
  return out
}

/** The articles as clusterStories takes them, analysed, their ids their rank in the list from 1. */
export function storyDocs(articles: Article[]) {
  return articles.map((a, i) => {
    const publishedAt = new Date(a.publishedAt)
    const base = {
      id: i + 1,
      sectorSlug: 'community-management',
      feedId: 1,
      source: a.source,
      sourceKind: a.sourceKind,
      lang: a.lang,
      title: a.title,
      text: a.text,
      excerpt: null,
      publishedAt,
      url: `https://eval.invalid/${a.id}`,
    }
    return { ...analyzeDoc(base), publishedAt }
  })
}

const f3 = (x: number) => x.toFixed(3)
const short = (a: Article) =>
  `${a.id} [${a.story ?? '-'}] ${a.title.length > 70 ? a.title.slice(0, 69) + '…' : a.title}`

async function main(): Promise<void> {
  const root = path.join(import.meta.dirname, '../..')
  const dir = path.resolve(process.argv[2] ?? path.join(root, 'test/fixtures/eval'))
  const articles = loadArticles(dir)
  if (!articles.length) return console.log(`No articles in ${dir}.`)
  const { loadSectors } = await import('../../src/sectors/index.ts')
  const { sectors } = await loadSectors(path.join(root, 'feeds'))
  const sector = sectors.find((s) => s.slug === 'community-management')
  const profile = sector ? compileProfile(sector.profile) : undefined

  const docs = storyDocs(articles)
  const labels = articles.map((a) => a.story ?? null)
  const stories = new Set(labels.filter(Boolean)).size
  console.log(`${articles.length} articles, ${stories} labelled stories, from ${dir}\n`)

  const runs: [string, Parameters<typeof clusterStories>[1]][] = [
    ['clusterStories(docs)', {}],
    ['clusterStories(docs, { profile })', { profile }],
  ]
  for (const [name, opts] of runs) {
    const t0 = performance.now()
    const clusters = clusterStories(docs, opts)
    const ms = performance.now() - t0
    const m = pairMetrics(
      labels,
      docs.map((d) => clusters.get(d.id)),
    )
    console.log(`${name}  (${ms.toFixed(0)} ms, ${new Set(clusters.values()).size} clusters)`)
    console.log(
      `  pairwise precision ${f3(m.precision)}  recall ${f3(m.recall)}  F1 ${f3(m.f1)}` +
        `  (${m.correctPairs} right of ${m.clusteredPairs} clustered pairs, ${m.labelledPairs} labelled)`,
    )
    if (m.wrong.length) console.log(`  wrongly merged (${m.wrong.length}):`)
    for (const [a, b] of m.wrong.slice(0, 30))
      console.log(`    ${short(articles[a]!)}\n      + ${short(articles[b]!)}`)
    if (m.missed.length) console.log(`  missed (${m.missed.length}):`)
    for (const [a, b] of m.missed.slice(0, 30))
      console.log(`    ${short(articles[a]!)}\n      + ${short(articles[b]!)}`)
    console.log()
  }
  console.log('Targets (reported, not asserted): pairwise precision >= 0.95, recall >= 0.7')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
