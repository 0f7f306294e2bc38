import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  analyzeDoc,
  clusterStories,
  createStoryCache,
  entitiesOf,
  hamming,
  simhash,
  storyTokens,
  type ScoreDoc,
} from '../../src/score/index.ts'
import { loadArticles, pairMetrics, storyDocs } from '../eval/stories.ts'
import * as S from '../fixtures/score/stories.ts'

const prepared = (docs: ScoreDoc[]) =>
  docs.map((d) => ({ ...analyzeDoc(d), publishedAt: d.publishedAt }))
const threads = [S.threadsEn, S.threadsFr1, S.threadsFr2]

describe('clusterStories', () => {
  const stories = clusterStories(prepared(S.storyFixtures))

  it('puts one story told by three sources, in English and French, in one story', () => {
    const first = Math.min(...threads.map((d) => d.id))
    for (const d of threads) expect(stories.get(d.id)).toBe(first)
  })

  it.each([S.instagramReels, S.linkedinVideo, S.tiktokShopEn])(
    'keeps "$title" in its own story',
    (doc) => {
      expect(stories.get(doc.id)).toBe(doc.id)
    },
  )

  it('joins a republished copy with boilerplate changes', () => {
    expect(stories.get(S.blueskyCopy.id)).toBe(S.blueskyOriginal.id)
  })

  it('finds near-duplicates by their fingerprints alone', () => {
    const dupesOnly = clusterStories(prepared(S.storyFixtures), {
      minSimilarity: 2,
      minCrossSimilarity: 2,
    })
    expect(dupesOnly.get(S.blueskyCopy.id)).toBe(S.blueskyOriginal.id)
    expect(dupesOnly.get(S.threadsFr1.id)).toBe(S.threadsFr1.id)
    const [a, b] = prepared([S.blueskyOriginal, S.blueskyCopy])
    expect(hamming(simhash(a!), simhash(b!))).toBeLessThan(
      hamming(simhash(a!), simhash(prepared([S.threadsFr1])[0]!)),
    )
  })

  it('does not join articles on one subject published weeks apart', () => {
    const later = {
      ...S.threadsFr2,
      publishedAt: new Date(S.threadsFr2.publishedAt.getTime() + 20 * 86_400_000),
    }
    const result = clusterStories(prepared([S.threadsEn, later]))
    expect(result.get(later.id)).toBe(later.id)
  })

  it('keeps the story id stable as the story grows with later articles', () => {
    const early = clusterStories(prepared([S.threadsEn, S.threadsFr2]))
    expect(early.get(S.threadsFr2.id)).toBe(S.threadsEn.id)
    expect(stories.get(S.threadsFr1.id)).toBe(early.get(S.threadsFr2.id))
  })

  it('gives a 64-bit hex simhash, equal for equal texts', () => {
    const [a] = prepared([S.threadsEn])
    expect(simhash(a!)).toMatch(/^[0-9a-f]{16}$/)
    expect(simhash({ ...a!, id: 999 })).toBe(simhash(a!))
  })

  it('leaves empty articles alone', () => {
    const empty = prepared([1, 2, 3].map((id) => ({ ...S.threadsEn, id, title: '', text: '' })))
    expect([...clusterStories(empty).entries()]).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
  })
})

describe('clusterStories on one platform in one week', () => {
  const plumo = [S.plumoGroupsFr, S.plumoGroupsEn, S.plumoOutageFr, S.sentenceInitialBrand]
  const stories = clusterStories(prepared([...S.storyFixtures, ...plumo]))

  it('joins a French and an English article on one story, each the only one of its language', () => {
    expect(stories.get(S.plumoGroupsEn.id)).toBe(S.plumoGroupsFr.id)
  })

  it('keeps apart another story of the same week naming the same company and boss', () => {
    expect(stories.get(S.plumoOutageFr.id)).toBe(S.plumoOutageFr.id)
    expect(stories.get(S.sentenceInitialBrand.id)).toBe(S.sentenceInitialBrand.id)
  })

  it('needs more to join two lone articles across languages than one told by several sources', () => {
    const strict = clusterStories(prepared(plumo), { minCrossPairSimilarity: 0.9 })
    expect(strict.get(S.plumoGroupsEn.id)).toBe(S.plumoGroupsEn.id)
  })

  it('gives no same-story link without the time window', () => {
    const later = {
      ...S.plumoGroupsEn,
      publishedAt: new Date(S.plumoGroupsFr.publishedAt.getTime() + 5 * 86_400_000),
    }
    expect(clusterStories(prepared([S.plumoGroupsFr, later])).get(later.id)).toBe(later.id)
  })
})

describe('entities for story matching', () => {
  it('marks a brand seen only at sentence starts as unconfirmed, and names it once used mid-sentence', () => {
    const [doc] = prepared([S.sentenceInitialBrand])
    expect(doc!.entities).toContain('?plumo')
    expect(doc!.entities).not.toContain('plumo')
    expect(entitiesOf('Plumo teste un fil', 'Le fil de Plumo arrive.', 'fr')).toContain('plumo')
  })

  it('counts a sentence-initial name once the corpus knows it', () => {
    const [doc] = prepared([S.sentenceInitialBrand])
    expect(storyTokens(doc!)).not.toContain('e:plumo')
    expect(storyTokens(doc!, new Set(['plumo']))).toContain('e:plumo')
    const linkedin = {
      ...S.sentenceInitialBrand,
      title: 'LinkedIn revoit ses carrousels',
      text: '',
    }
    expect(prepared([linkedin])[0]!.entities).toEqual(['?linkedin'])
  })

  it('reads a capitalised word quoted alone as a name, a quoted sentence as a sentence', () => {
    const found = entitiesOf(
      '',
      'Un fil baptisé « Proches ». Elle dit : « Nous testons encore ».',
      'fr',
    )
    expect(found).toContain('proche')
    expect(found).not.toContain('nou')
    expect(found).not.toContain('?nou')
  })

  it('spells numbers with their unit alike in French and English', () => {
    const fr = entitiesOf(
      '',
      'Un chiffre de 51,2 milliards, en hausse de 21 %, et 10 000 abonnés.',
      'fr',
    )
    const en = entitiesOf(
      '',
      'A revenue of 51.2 billion, up 21 percent, and 10,000 followers.',
      'en',
    )
    expect(fr).toEqual(['51200000000', '21%', '10000'])
    expect(en).toEqual(fr)
  })
})

describe('pairMetrics (test/eval/stories.ts)', () => {
  it('counts pairs of one labelled story against pairs of one cluster', () => {
    const m = pairMetrics(['a', 'a', 'a', null, 'b'], [1, 1, 2, 2, 3])
    expect(m.labelledPairs).toBe(3)
    expect(m.clusteredPairs).toBe(2)
    expect(m.correctPairs).toBe(1)
    expect(m.precision).toBe(0.5)
    expect(m.recall).toBeCloseTo(1 / 3)
    expect(m.wrong).toEqual([[2, 3]])
    expect(m.missed).toEqual([
      [0, 2],
      [1, 2],
    ])
  })

  it('scores a clustering of singletons as precise but blind', () => {
    const m = pairMetrics(['a', 'a', null], [1, 2, 3])
    expect([m.precision, m.recall, m.f1]).toEqual([1, 0, 0])
  })
})

describe('clusterStories in a busy week', () => {
  const at = (hours: number) => new Date(Date.UTC(2026, 10, 16, 8) + hours * 3_600_000)
  const doc = (id: number, title: string, text: string, hours: number): ScoreDoc => ({
    id,
    sectorSlug: 'x',
    feedId: id,
    source: `source-${id}`,
    sourceKind: 'blog',
    lang: 'fr',
    title,
    text,
    excerpt: null,
    publishedAt: at(hours),
    url: `https://source-${id}.test/${id}`,
  })
  // 150 articles in three days that all name Instagram and its owner, each about something else:
  // names that common in the window propose no candidates (what the cap on them saves is measured
  // by `npm run bench`), and the two articles of one event still find each other by the rest.
  const brands = ['Decathlon', 'Sephora', 'Leroy Merlin', 'Fnac', 'Picard', 'Boulanger']
  const busy = Array.from({ length: 150 }, (_, k) =>
    doc(
      1000 + k,
      `Instagram : ${brands[k % brands.length]} mise sur les Reels pour sa collection ${k}`,
      `Sur Instagram, propriété de Meta, la marque ${brands[k % brands.length]} publie sa série numéro ${k} ` +
        `avec des créateurs locaux. Le compte gagne des abonnés chaque semaine selon son équipe.`,
      (k % 70) + 1,
    ),
  )
  const likesBe = doc(
    1,
    'Instagram masque le nombre de likes en Belgique dès lundi',
    'Adam Mosseri, patron d’Instagram chez Meta, annonce que les utilisateurs belges ne verront plus le nombre de likes sous les publications dès lundi. Le test belge doit mesurer la pression sociale ressentie par les adolescents.',
    10,
  )
  const likesBe2 = doc(
    2,
    'Belgique : Instagram cache les likes, Adam Mosseri s’explique',
    'Dès lundi en Belgique, Instagram cache le nombre de likes des publications. Adam Mosseri, qui dirige Instagram au sein de Meta, dit vouloir réduire la pression sociale sur les adolescents belges.',
    14,
  )
  const stories = clusterStories(prepared([likesBe, ...busy, likesBe2]))

  it('joins the two articles of one event', () => {
    expect(stories.get(likesBe2.id)).toBe(likesBe.id)
  })

  it('joins none of the others to them', () => {
    for (const d of busy) expect(stories.get(d.id)).not.toBe(likesBe.id)
  })

  it('counts a feature in the window before each article, not in the whole corpus', () => {
    // Ten days later, two sources look back on it: what they share, the first pair shared too, so
    // only a count within the window (at most one article there, of the two) lets it propose.
    const again = [
      doc(
        3,
        'Likes masqués en Belgique : le bilan d’Adam Mosseri pour Instagram',
        'Adam Mosseri, patron d’Instagram chez Meta, tire le bilan des likes masqués en Belgique : les adolescents belges ressentent moins de pression sociale sous leurs publications.',
        250,
      ),
      doc(
        4,
        'Instagram : Adam Mosseri revient sur les likes masqués en Belgique',
        'Pour Instagram et Meta, Adam Mosseri dresse le bilan du test belge : sans le nombre de likes sous les publications, la pression sociale sur les adolescents a baissé.',
        254,
      ),
    ]
    const result = clusterStories(prepared([likesBe, likesBe2, ...again]), { maxWindowDf: 1 })
    expect(result.get(2)).toBe(1)
    expect(result.get(4)).toBe(3)
  })
})

describe('clusterStories after a crawl, from the stories before it', () => {
  // Our labelled set (230 French and English articles over several weeks), crawled day by day:
  // each crawl's articles are clustered against the stories kept from the crawls before.
  const articles = loadArticles(path.join(import.meta.dirname, '../fixtures/eval'))
  const docs = storyDocs(articles).sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime())
  const atOnce = clusterStories(docs)

  it('gives the stories of clustering every article at once', () => {
    const days = [...new Set(docs.map((d) => d.publishedAt.toISOString().slice(0, 10)))]
    expect(days.length).toBeGreaterThan(10)
    let previous = new Map<number, number>()
    let cached = new Map<number, number>()
    // As the sector scorer does: each article's fingerprints and features kept from day to day.
    const cache = createStoryCache()
    for (const day of days) {
      const crawled = docs.filter((d) => d.publishedAt.toISOString().slice(0, 10) <= day)
      previous = clusterStories(crawled, { previous })
      cached = clusterStories(crawled, { previous: cached, cache })
    }
    expect(new Set(atOnce.values()).size).toBeLessThan(docs.length - 10)
    expect(previous).toEqual(atOnce)
    expect(cached).toEqual(atOnce)
  })

  it.each([
    ['its fingerprints', { minSimilarity: 2, minCrossSimilarity: 2 }],
    ['its story features', { maxHamming: -1, minShingleJaccard: 2 }],
  ])('takes %s from the cache only while its analysis is the same', (_, opts) => {
    // An article re-extracted as a copy of another (its page changed): its new analysis, under
    // the same id, finds the copy, by fingerprints alone or by story features alone.
    const cache = createStoryCache()
    const stories = clusterStories(docs, { ...opts, cache })
    const [original, changed] = docs.filter((d) => stories.get(d.id) === d.id).slice(-2)
    expect(stories.get(changed!.id)).toBe(changed!.id)
    const copy = { ...original!, id: changed!.id, entities: changed!.entities }
    const again = clusterStories(
      docs.map((d) => (d.id === changed!.id ? copy : d)),
      { ...opts, previous: new Map([...stories].filter(([id]) => id !== changed!.id)), cache },
    )
    expect(again.get(changed!.id)).toBe(Math.min(original!.id, changed!.id))
  })

  it('takes an article’s kept features again when a new article confirms a name it only opened sentences with', () => {
    const featuresOnly = { maxHamming: -1, minShingleJaccard: 2 }
    const [hiring, growing] = prepared([
      {
        ...S.sentenceInitialBrand,
        title: 'Plumo recrute à Lyon',
        text: 'Plumo recrute cent ingénieurs à Lyon cette année.',
      },
      {
        ...S.sentenceInitialBrand,
        id: S.sentenceInitialBrand.id + 1000,
        feedId: 2,
        title: 'Le réseau Plumo grandit',
        text: 'Les équipes de Plumo grandissent, selon le réseau Plumo.',
        publishedAt: new Date(S.sentenceInitialBrand.publishedAt.getTime() + 3 * 3_600_000),
      },
    ])
    // The name decides: without it the two stay apart.
    expect(hiring!.entities).toContain('?plumo')
    const unnamed = { ...hiring!, entities: hiring!.entities!.filter((e) => e !== '?plumo') }
    expect(clusterStories([unnamed, growing!], featuresOnly).get(growing!.id)).toBe(growing!.id)
    const cache = createStoryCache()
    clusterStories([hiring!], { ...featuresOnly, cache })
    const crawled = clusterStories([hiring!, growing!], {
      ...featuresOnly,
      previous: new Map([[hiring!.id, hiring!.id]]),
      cache,
    })
    expect(crawled.get(growing!.id)).toBe(hiring!.id)
  })

  it('compares only the new articles: stories kept are not reconsidered', () => {
    // The latest article of a story of several, new; the others kept as singletons: they stay
    // apart, and the new one joins one of them (a story of two, not of all).
    const membersOf = (id: number) => [...atOnce].filter(([, s]) => s === atOnce.get(id))
    const late = docs.findLast((d) => membersOf(d.id).length > 2)!
    const others = docs.filter((d) => d !== late)
    const result = clusterStories([...others, late], {
      previous: new Map(others.map((d) => [d.id, d.id])),
    })
    expect(new Set(result.values()).size).toBe(docs.length - 1)
    const [partner, ...more] = [...result].filter(
      ([id, s]) => s === result.get(late.id) && id !== late.id,
    )
    expect(more).toEqual([])
    expect(membersOf(late.id).map(([id]) => id)).toContain(partner![0])
  })
})

describe('clusterStories with articles the curator kept apart', () => {
  const docs = prepared(S.storyFixtures)
  const [en, fr1, fr2] = threads.map((d) => d.id) as [number, number, number]

  it('never joins two articles kept apart, and keeps the rest of their story together', () => {
    const result = clusterStories(docs, { apart: [[fr1, en]] })
    expect(result.get(fr1)).not.toBe(result.get(en))
    // The third source joins one of them: a story grows on what its members share.
    expect([result.get(en), result.get(fr1)]).toContain(result.get(fr2))
    expect(result.get(S.blueskyCopy.id)).toBe(S.blueskyOriginal.id)
  })

  it('keeps near-duplicates apart too', () => {
    const result = clusterStories(docs, { apart: [[S.blueskyOriginal.id, S.blueskyCopy.id]] })
    expect(result.get(S.blueskyCopy.id)).toBe(S.blueskyCopy.id)
  })

  it('takes an article out of a story kept from the pass before', () => {
    const before = clusterStories(docs)
    expect(before.get(fr1)).toBe(before.get(en))
    // A separated article: apart from each other member of its story, not from later articles.
    const apart: [number, number][] = [
      [en, fr1],
      [fr1, fr2],
    ]
    const result = clusterStories(docs, { previous: before, apart })
    expect(result.get(fr1)).toBe(fr1)
    expect(result).toEqual(clusterStories(docs, { apart }))
    for (const d of docs)
      if (![en, fr1, fr2].includes(d.id)) expect(result.get(d.id)).toBe(before.get(d.id))
  })
})
