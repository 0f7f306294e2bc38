import { describe, expect, it } from 'vitest'
import { analyseDoc } from '../../src/search/doc-terms.ts'
import { parseQuery, toMiniQuery } from '../../src/search/query.ts'
import { scoreShard } from '../../src/search/score.ts'
import { Shard } from '../../src/search/shard.ts'
import { encodeIndex } from '../../src/search/shard-codec.ts'
import { allFixtureDocs, doc } from './helpers.ts'

// score.ts re-implements MiniSearch's scoring over its internals for speed: it must agree with
// MiniSearch.search() on the same query, or a MiniSearch upgrade changed what it relies on.
function shardOf() {
  const s = new Shard('community-management', '2025-03', null)
  const ms = s.fresh()
  const docs = [
    ...allFixtureDocs(),
    doc(20, 'Réseaux sociaux : la communauté avant tout', {
      text: 'Engagement et modération des réseaux.',
    }),
    doc(21, 'Community engagement on social networks', {
      lang: 'en',
      text: 'Networks of communities.',
    }),
  ]
  for (const d of docs) {
    ms.add(analyseDoc(d))
    s.docs.set(d.id, { ...d, lang: d.lang, status: d.status })
  }
  // A replaced and a removed document leave discarded postings behind, which both must skip.
  ms.discard(20)
  ms.add(analyseDoc(doc(20, 'Les réseaux sociaux, encore', { version: 2 })))
  ms.discard(21)
  s.docs.delete(21)
  return s
}

// MiniSearch.search() drops discarded postings as it meets them, scoring the documents before and
// after that point with different counts: compare on a vacuumed shard, where its scores are stable.
async function vacuumedShard() {
  const s = shardOf()
  await s.ms!.vacuum()
  return s
}

// The order of the matched terms follows the vocabulary tree's, which differs once packed.
const sortedTerms = <T extends { terms: string[] }>(d: T) => ({ ...d, terms: [...d.terms].sort() })

/** The shard as it loads from its file: packed arrays instead of MiniSearch's Maps. */
function packedCopy(s: Shard) {
  const copy = new Shard(s.sector, s.month, null)
  for (const d of s.docs.values()) copy.docs.set(d.id, d)
  copy.setTerms(encodeIndex(s.ms!))
  return copy
}

const zeroFacets = () => ({
  source: new Uint32Array(16),
  lang: new Uint32Array(16),
  status: new Uint32Array(16),
})

describe('fast scoring agrees with MiniSearch.search', () => {
  it.each([
    'réseaux sociaux',
    'community',
    'communities moderators',
    'engagement instagram',
    "l'engagement des abonnés",
    'newslet',
    'instagran',
    'calendrier éditorial modèle',
  ])('%s', async (query) => {
    const words = parseQuery(query)
    for (const mode of ['AND', 'OR'] as const) {
      const s = await vacuumedShard()
      const got = scoreShard(s.columns(), words, mode, undefined, 50, zeroFacets())
      const expected = s.referenceSearch(toMiniQuery(words, mode))
      expect(got.total).toBe(expected.length)
      expect(got.best.map((b) => b.id).sort()).toEqual(expected.map((e) => e.id).sort())
      for (const b of got.best) {
        const e = expected.find((x) => x.id === b.id)!
        expect(b.score).toBeCloseTo(e.score, 9)
        const details = got.explain(b.shortId)
        expect(details.match).toEqual(e.match)
        expect(details.queryTerms.sort()).toEqual([...e.queryTerms].sort())
      }
      // The same scores and details from the packed index that a shard file loads into.
      const packed = packedCopy(s)
      expect(packed.packed).not.toBeNull()
      const fromPacked = scoreShard(packed.columns(), words, mode, undefined, 50, zeroFacets())
      expect(fromPacked.total).toBe(got.total)
      expect(fromPacked.best).toEqual(got.best)
      for (const b of fromPacked.best)
        expect(sortedTerms(fromPacked.explain(b.shortId))).toEqual(
          sortedTerms(got.explain(b.shortId)),
        )
    }
  })

  it('agrees again after the shard changes, when the same words were searched before', async () => {
    const s = await vacuumedShard()
    const words = parseQuery('modération réseaux')
    const check = () => {
      const got = scoreShard(s.columns(), words, 'OR', undefined, 50, zeroFacets())
      const expected = s.referenceSearch(toMiniQuery(words, 'OR'))
      expect(got.best.map((b) => b.id).sort()).toEqual(expected.map((e) => e.id).sort())
      for (const b of got.best)
        expect(b.score).toBeCloseTo(expected.find((e) => e.id === b.id)!.score, 9)
      return got.best.map((b) => b.id)
    }
    const first = check()
    // An added article shares the words (new postings, new lengths and average): found, scored anew.
    const added = doc(30, 'Modération des réseaux sociaux', {
      text: 'La modération des réseaux, pas à pas.',
    })
    s.ms!.add(analyseDoc(added))
    s.docs.set(added.id, { ...added, lang: added.lang, status: added.status })
    expect(check()).toContain(30)
    // Removed and vacuumed (the postings shrink, the columns stay): gone, and the scores agree.
    s.ms!.discard(30)
    s.docs.delete(30)
    await s.ms!.vacuum()
    expect(check().sort()).toEqual(first.sort())
  })

  it('never returns a discarded document, before vacuuming too', () => {
    const s = shardOf()
    const run = (q: string) =>
      scoreShard(s.columns(), parseQuery(q), 'OR', undefined, 50, zeroFacets())
    // 21 was removed; 20 was replaced, its old text gone.
    expect(run('networks').best.map((b) => b.id)).toEqual([])
    expect(run('modération').best.map((b) => b.id)).not.toContain(20)
    expect(run('encore').best.map((b) => b.id)).toEqual([20])
  })
})
