// Timing check for the score stage (not a test): npx tsx test/score/timing.ts [docs]
import {
  analyzeDoc,
  clusterStories,
  emptyModel,
  learnFromDecisions,
  salientTerms,
  scoreDoc,
  selectShortlist,
  simhash,
  type ScoreDoc,
} from '../../src/score/index.ts'
import * as A from '../fixtures/score/articles.ts'
import { ads, influence } from '../fixtures/score/learning.ts'
import { storyFixtures } from '../fixtures/score/stories.ts'
import { shippedProfile } from './helpers.ts'

const N = Number(process.argv[2] ?? 10_000)
const seeds = [
  ...storyFixtures,
  ...influence,
  ...ads,
  A.inSectorFr,
  A.inSectorEn,
  A.nearMissSeo,
  A.nearMissFinance,
  A.offTopicFr,
]
let rand = 42
const rnd = () => (rand = (Math.imul(rand, 1103515245) + 12345) >>> 0) / 2 ** 32
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!

// ~600-word articles: a few of the fixtures' sentences in a mass of Zipf-distributed words from a
// 30,000-word made-up vocabulary, so that articles overlap about as little as real ones do.
const sentences = seeds.flatMap((d) => d.text.split(/(?<=[.!?])\s+/))
const syllables =
  'ba be bi bo bu da de di do du fa fe fi fo la le li lo lu ma me mi mo mu na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo'.split(
    ' ',
  )
const vocabulary = Array.from(
  { length: 30_000 },
  (_, i) =>
    syllables[i % 50]! +
    syllables[Math.floor(i / 50) % 50]! +
    syllables[Math.floor(i / 2500)]! +
    'n',
)
const zipf = () =>
  vocabulary[
    Math.min(vocabulary.length - 1, Math.floor(Math.exp(rnd() * Math.log(vocabulary.length))) - 1)
  ]!
const docs: ScoreDoc[] = Array.from({ length: N }, (_, i) => {
  const seed = pick(seeds)
  const prose = Array.from({ length: 40 }, () => Array.from({ length: 14 }, zipf).join(' ') + '.')
  for (let k = 0; k < 6; k++) prose[Math.floor(rnd() * prose.length)] = pick(sentences)
  const body = `${prose.join(' ')} Marque${i % 997} ${1000 + (i % 5000)}.`
  return {
    ...seed,
    id: i + 1,
    feedId: 1 + (i % 40),
    source: `source-${i % 40}`,
    title: `${seed.title} ${zipf()}`,
    text: body,
    publishedAt: new Date(A.NOW.getTime() - rnd() * 30 * 86_400_000),
  }
})

const time = <T>(label: string, fn: () => T): T => {
  const t0 = performance.now()
  const out = fn()
  console.log(`${label.padEnd(44)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms`)
  return out
}

const profile = shippedProfile()
const analysed = time(`analyzeDoc x ${N}`, () => docs.map(analyzeDoc))
const model = time('learnFromDecisions (2,000 decisions, replay)', () =>
  learnFromDecisions(
    emptyModel(),
    analysed.slice(0, 2000).map((a, i) => ({
      doc: { ...a, feedId: docs[i]!.feedId, source: docs[i]!.source },
      action: i % 3 ? ('reject' as const) : ('approve' as const),
    })),
  ),
)
console.log(
  `  model: ${Object.keys(model.terms).length} terms, ${JSON.stringify(model).length} bytes of JSON`,
)
const scorable = analysed.map((a, i) => ({ ...docs[i]!, ...a }))
const scores = time(`scoreDoc x ${N} (analysis excluded)`, () =>
  scorable.map((d) => scoreDoc(d, { profile, model, now: A.NOW })),
)
time(`scoreDoc x ${N} again (warm, nothing cached)`, () =>
  scorable.map((d) => scoreDoc({ ...d }, { profile, model, now: A.NOW })),
)
time(`analyzeDoc + scoreDoc x ${N}`, () =>
  docs.map((d) => scoreDoc({ ...d, ...analyzeDoc(d) }, { profile, model, now: A.NOW })),
)
const hashed = time(`simhash x ${N}`, () =>
  analysed.map((a, i) => ({ ...a, publishedAt: docs[i]!.publishedAt, simhash: simhash(a) })),
)
const stories = time(`clusterStories x ${N} (simhash given)`, () => clusterStories(hashed))
time(`clusterStories x ${N} (simhash computed)`, () =>
  clusterStories(analysed.map((a, i) => ({ ...a, publishedAt: docs[i]!.publishedAt }))),
)
console.log(`  stories: ${new Set(stories.values()).size}`)
const cands = scorable.map((d, i) => ({
  id: d.id,
  storyId: stories.get(d.id)!,
  source: d.source,
  feedId: d.feedId,
  score: scores[i]!.score,
  terms: salientTerms(d),
}))
time(`selectShortlist over ${N} candidates, size 20`, () => selectShortlist(cands, { size: 20 }))
