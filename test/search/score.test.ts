import { describe, expect, it } from 'vitest'
import { analyseDoc } from '../../src/search/doc-terms.ts'
import { parseQuery, toMiniQuery } from '../../src/search/query.ts'
import { scoreShard } from '../../src/search/score.ts'
import { PackedIndex } from '../../src/search/packed-index.ts'
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
  copy.setPacked(PackedIndex.fromJSON(encodeIndex(s.ms!)))
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

describe('a packed month with articles written since', () => {
  const extra = [
    doc(20, 'Réseaux sociaux : la communauté avant tout', {
      text: 'Engagement et modération des réseaux.',
    }),
    doc(21, 'Community engagement on social networks', {
      lang: 'en',
      text: 'Networks of communities.',
    }),
  ]
  const replaced = (d: ReturnType<typeof allFixtureDocs>[number]) => ({
    ...d,
    version: 2,
    title: `${d.title} : modération et engagement, la mise à jour`,
  })

  // Packed from the fixtures, then: two articles added, one replaced, one removed (each layer).
  function layered() {
    const s = new Shard('community-management', '2025-03', null)
    s.fresh()
    for (const d of allFixtureDocs()) s.add(d)
    s.setPacked(PackedIndex.fromJSON(encodeIndex(s.ms!)))
    for (const d of extra) s.add(d)
    const [first, second] = allFixtureDocs()
    s.add(replaced(first!))
    s.discard(second!.id)
    s.discard(21)
    return s
  }

  // The same articles added to one MiniSearch from the start.
  function whole() {
    const s = new Shard('community-management', '2025-03', null)
    s.fresh()
    const [first, second] = allFixtureDocs()
    for (const d of [...allFixtureDocs(), ...extra]) {
      if (d.id === second!.id || d.id === 21) continue
      s.add(d.id === first!.id ? replaced(d) : d)
    }
    return s
  }

  it.each(['modération engagement', 'réseaux sociaux', 'communit', 'networks', 'instagran'])(
    'scores %s as one MiniSearch holding its articles would',
    async (query) => {
      const s = layered()
      expect(s.packed).not.toBeNull()
      // MiniSearch counts a removed article's postings until a vacuum: compare vacuumed.
      await s.ms!.vacuum()
      const reference = whole()
      const words = parseQuery(query)
      for (const mode of ['AND', 'OR'] as const) {
        const got = scoreShard(s.columns(), words, mode, undefined, 50, zeroFacets())
        const want = scoreShard(reference.columns(), words, mode, undefined, 50, zeroFacets())
        const expected = reference.referenceSearch(toMiniQuery(words, mode))
        expect(want.total).toBe(expected.length)
        expect(got.total, mode).toBe(want.total)
        expect(got.best.map((b) => b.id).sort()).toEqual(want.best.map((b) => b.id).sort())
        for (const b of got.best) {
          expect(b.score).toBeCloseTo(want.best.find((w) => w.id === b.id)!.score, 9)
          const wanted = want.best.find((w) => w.id === b.id)!
          expect(sortedTerms(got.explain(b.shortId))).toEqual(
            sortedTerms(want.explain(wanted.shortId)),
          )
        }
        // Packed again (as a save does), the same answers.
        const repacked = new Shard(s.sector, s.month, null)
        for (const d of s.docs.values()) repacked.docs.set(d.id, d)
        repacked.setPacked(PackedIndex.fromJSON(encodeIndex(s.internals())))
        const fromRepacked = scoreShard(
          repacked.columns(),
          words,
          mode,
          undefined,
          50,
          zeroFacets(),
        )
        expect(fromRepacked.best.map((b) => [b.id, b.score])).toEqual(
          got.best.map((b) => [b.id, b.score]),
        )
      }
    },
  )

  it('never returns a removed or replaced article, before its added ones are vacuumed too', () => {
    const s = layered()
    const [first, second] = allFixtureDocs()
    const run = (q: string) =>
      scoreShard(s.columns(), parseQuery(q), 'OR', undefined, 50, zeroFacets()).best.map(
        (b) => b.id,
      )
    expect(run('networks')).toEqual([])
    expect(run(second!.title)).not.toContain(second!.id)
    expect(run('mise à jour')).toEqual([first!.id])
    expect(run('avant tout')).toEqual([20])
    // The packed copy was not touched: a search of the replaced article's words finds it once.
    expect(run(first!.title).filter((id) => id === first!.id)).toHaveLength(1)
  })
})
