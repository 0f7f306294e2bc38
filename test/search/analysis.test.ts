import { describe, expect, it } from 'vitest'
import { createSearchIndex } from '../../src/search/index.ts'
import { allFixtureDocs, doc, fixtureArticles } from './helpers.ts'

const idOf = (key: string) => fixtureArticles.findIndex((a) => a.key === key) + 1

async function fixtureIndex() {
  const index = createSearchIndex({ dir: null })
  await index.upsert(allFixtureDocs())
  return index
}

describe('one analyser for documents and queries', () => {
  it.each([
    // [query, a fixture it must find, why]
    ['réseaux sociaux', 'fr-reseau', 'plural query finds the singular "réseau social"'],
    ['reseaux sociaux', 'fr-body-reseaux', 'no accents finds "réseaux sociaux"'],
    ['RÉSEAUX', 'fr-body-reseaux', 'case folding'],
    ["l'engagement", 'fr-engagement', 'elision split off'],
    ['engagement', 'fr-engagement', 'a word found behind its elided article in the text'],
    ['communities', 'en-community', 'English plural finds the singular'],
    ['community', 'en-moderation', 'English singular finds "Communities"'],
    ['moderators', 'en-moderation', 'English stems'],
    ['calendriers éditoriaux', 'fr-body-reseaux', 'French plural of an adjective'],
  ])('%s finds %s (%s)', async (query, key) => {
    const index = await fixtureIndex()
    const { hits } = await index.search(query)
    expect(hits.map((h) => h.id)).toContain(idOf(key))
  })

  it('a query of stop words only finds nothing and says which words counted', async () => {
    const index = await fixtureIndex()
    for (const q of ['les de la', 'the of and', "l'", '']) {
      const r = await index.search(q)
      expect(r).toMatchObject({ total: 0, hits: [], words: [] })
    }
  })

  it('stop words are dropped by the document language, not matched as words', async () => {
    const index = createSearchIndex({ dir: null })
    await index.upsert([
      doc(1, 'Les bonnes pratiques de modération', { lang: 'fr' }),
      doc(2, 'The best moderation practices', { lang: 'en' }),
    ])
    expect((await index.search('moderation')).hits.map((h) => h.id).sort()).toEqual([1, 2])
    // "les" is a French stop word: dropped from the query, so the query is empty.
    expect((await index.search('les')).total).toBe(0)
  })

  it('a document is stemmed in its own language', async () => {
    const index = createSearchIndex({ dir: null })
    // "running" stems to "run" in English only; the French stemmer keeps "running".
    await index.upsert([
      doc(1, 'running shoes', { lang: 'en' }),
      doc(2, 'running club', { lang: 'fr' }),
    ])
    const r = await index.search('run')
    expect(r.hits.map((h) => h.id)).toContain(1)
    expect(r.hits.find((h) => h.id === 1)?.terms).toContain('run')
  })

  it('reports the matched index terms and the fields', async () => {
    const index = await fixtureIndex()
    const hit = (await index.search('engagement')).hits.find((h) => h.id === idOf('fr-engagement'))!
    expect(hit.terms).toContain('engag')
    expect(hit.match['engag']).toEqual(expect.arrayContaining(['title', 'text']))
  })

  it('combines words with AND, and falls back to OR when no article has them all', async () => {
    const index = await fixtureIndex()
    const both = await index.search('moderators playbooks')
    expect(both.relaxed).toBe(false)
    expect(both.hits.map((h) => h.id)).toEqual([idOf('en-moderation')])
    const none = await index.search('instagram moderators')
    expect(none.relaxed).toBe(true)
    const ids = none.hits.map((h) => h.id)
    expect(ids).toEqual(expect.arrayContaining([idOf('fr-engagement'), idOf('en-moderation')]))
    expect(ids).not.toContain(idOf('en-linkedin'))
  })

  it('matches the last word as a prefix while it is typed, and tolerates a typo in long words', async () => {
    const index = await fixtureIndex()
    // Four letters: no typo tolerance, so only the prefix can find "LinkedIn".
    expect((await index.search('link')).hits.map((h) => h.id)).toEqual([idOf('en-linkedin')])
    expect((await index.search('newslet')).hits.map((h) => h.id)).toEqual([idOf('en-linkedin')])
    expect((await index.search('instagran')).hits.map((h) => h.id)).toEqual([idOf('fr-engagement')])
    // No prefix on an earlier word, no typo tolerance in a short word.
    const notLast = await index.search('link blog')
    expect(notLast.relaxed).toBe(true)
    expect(notLast.hits.flatMap((h) => h.queryTerms)).not.toContain('link')
    expect((await index.search('tiktak')).total).toBe(1)
    expect((await index.search('tok')).total).toBe(0)
  })
})
