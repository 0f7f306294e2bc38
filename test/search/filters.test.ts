import { describe, expect, it } from 'vitest'
import { createSearchIndex, type SearchFilters } from '../../src/search/index.ts'
import { doc } from './helpers.ts'

const march = (day: number) => Date.UTC(2025, 2, day, 12)

async function filterIndex() {
  const index = createSearchIndex({ dir: null })
  await index.upsert([
    doc(1, 'Stratégie de contenu pour LinkedIn', {
      feedId: 1,
      source: 'Blog A',
      publishedAt: march(3),
    }),
    doc(2, 'Content strategy for LinkedIn', {
      lang: 'en-GB',
      feedId: 2,
      source: 'Blog B',
      publishedAt: march(20),
    }),
    doc(3, 'Stratégie LinkedIn des marques', {
      feedId: 2,
      source: 'Blog B',
      status: 'approved',
      publishedAt: Date.UTC(2025, 1, 10),
    }),
    doc(4, 'LinkedIn pour les hôtels', {
      sectorSlug: 'tourisme',
      feedId: 3,
      source: 'Blog C',
      publishedAt: march(5),
    }),
    doc(5, 'LinkedIn sans langue connue', {
      lang: null,
      feedId: 1,
      source: 'Blog A',
      status: 'rejected',
      publishedAt: march(31),
    }),
  ])
  return index
}
const ids = (r: { hits: { id: number }[] }) => r.hits.map((h) => h.id).sort()

describe('filters and facets', () => {
  it.each([
    ['sector', { sectorSlug: 'tourisme' }, [4]],
    ['feeds', { feedIds: [2] }, [2, 3]],
    ['sources', { sources: ['Blog A', 'Blog C'] }, [1, 4, 5]],
    ['language (primary subtag)', { lang: 'en' }, [2]],
    ['date range inside a month', { from: new Date(march(4)), to: new Date(march(20)) }, [2, 4]],
    ['open-ended date range', { from: new Date(march(20)) }, [2, 5]],
    ['status', { status: ['approved', 'rejected'] }, [3, 5]],
    [
      'combined',
      {
        sectorSlug: 'community-management',
        status: ['new'],
        to: new Date(march(10)),
      },
      [1],
    ],
  ] satisfies [string, SearchFilters, number[]][])('by %s', async (_name, filters, expected) => {
    const index = await filterIndex()
    expect(ids(await index.search('linkedin', filters))).toEqual(expected)
  })

  it('counts facets over every match, not only the returned page', async () => {
    const index = await filterIndex()
    const r = await index.search('linkedin', {}, { limit: 2 })
    expect(r.total).toBe(5)
    expect(r.hits).toHaveLength(2)
    expect(r.facets).toEqual({
      sector: { 'community-management': 4, tourisme: 1 },
      source: { 'Blog A': 2, 'Blog B': 2, 'Blog C': 1 },
      lang: { fr: 3, en: 1, unknown: 1 },
      status: { new: 3, approved: 1, rejected: 1 },
    })
    const countOnly = await index.search('linkedin', {}, { limit: 0 })
    expect(countOnly).toMatchObject({ total: 5, hits: [], facets: r.facets })
    const filtered = await index.search('linkedin', { feedIds: [2] })
    expect(filtered.facets.source).toEqual({ 'Blog B': 2 })
  })

  it('pages with limit and offset over the merged shards', async () => {
    const index = await filterIndex()
    const all = (await index.search('linkedin', {}, { limit: 10 })).hits.map((h) => h.id)
    const page2 = (await index.search('linkedin', {}, { limit: 2, offset: 2 })).hits.map(
      (h) => h.id,
    )
    expect(page2).toEqual(all.slice(2, 4))
  })

  it('ranks a title match above the same word in the body', async () => {
    const index = createSearchIndex({ dir: null })
    await index.upsert([
      doc(1, 'Guide du community management', {
        text: 'Quelques conseils pour débuter avec la modération.',
      }),
      doc(2, 'La modération des commentaires', {
        text: 'Un guide pour répondre aux commentaires.',
      }),
      doc(3, 'Les outils du quotidien', {
        text: 'Guide des outils, avec un guide de modération en annexe.',
      }),
    ])
    expect((await index.search('modération')).hits.map((h) => h.id)[0]).toBe(2)
    expect((await index.search('guide')).hits.map((h) => h.id)[0]).toBe(1)
  })

  it('searches author, source and tags', async () => {
    const index = createSearchIndex({ dir: null })
    await index.upsert([
      doc(1, 'Un article', { author: 'Claire Moreau' }),
      doc(2, 'Un autre article', { source: 'Presse Citron' }),
      doc(3, 'Un troisième', { tags: ['influence'] }),
    ])
    expect(ids(await index.search('moreau'))).toEqual([1])
    expect(ids(await index.search('citron'))).toEqual([2])
    expect(ids(await index.search('influence'))).toEqual([3])
  })

  it('keeps only the first terms of a very long body', async () => {
    const index = createSearchIndex({ dir: null })
    const filler = Array.from({ length: 2000 }, (_, i) => `mot${i}`).join(' ')
    await index.upsert([doc(1, 'Long', { text: `début ${filler} conclusion` })])
    expect((await index.search('début')).total).toBe(1)
    expect((await index.search('conclusion')).total).toBe(0)
  })
})

describe('ties', () => {
  it('pages through equal scores without repeating or losing an article, across shards', async () => {
    const index = createSearchIndex({ dir: null })
    // 27 identical articles over three months: every hit has the same score within its shard.
    const same = Array.from({ length: 27 }, (_, i) =>
      doc(1000 + i, 'Modération des commentaires', {
        publishedAt: Date.UTC(2026, 8 + (i % 3), 10),
        text: 'La modération des commentaires demande une charte claire.',
      }),
    )
    await index.upsert(same)
    const page1 = await index.search('modération', {}, { limit: 20 })
    const page2 = await index.search('modération', {}, { limit: 20, offset: 20 })
    const all = await index.search('modération', {}, { limit: 100 })
    const paged = [...page1.hits, ...page2.hits].map((h) => h.id)
    expect(new Set(paged).size).toBe(27)
    expect(paged).toEqual(all.hits.map((h) => h.id))
  })
})

describe('words and names that are also members of plain objects', () => {
  it('finds "constructor", names the field it matched, and counts a source named "constructor"', async () => {
    const index = createSearchIndex({ dir: null })
    await index.upsert([
      doc(1, 'F1 constructor title: the team behind the social media reach', {
        lang: 'en',
        source: 'constructor',
        text: 'The constructor answers fans in the comments every race weekend.',
      }),
      doc(2, 'Community management for motorsport teams', { lang: 'en', source: 'toString' }),
    ])
    const result = await index.search('constructor')
    expect(result.hits.map((h) => h.id)).toEqual([1])
    const word: string = 'constructor'
    expect(Object.keys(result.hits[0]!.match)).toEqual([word])
    expect(result.hits[0]!.match[word]).toEqual(expect.arrayContaining(['title', 'text']))
    expect(result.facets.source).toEqual({ constructor: 1 })
    const both = await index.search('community constructor')
    expect(both.facets.source).toEqual({ constructor: 1, toString: 1 })
  })
})
