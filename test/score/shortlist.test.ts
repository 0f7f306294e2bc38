import { describe, expect, it } from 'vitest'
import { selectShortlist, type Candidate } from '../../src/score/index.ts'

let nextId = 1
const cand = (fields: Partial<Candidate> & Pick<Candidate, 'score'>): Candidate => {
  const id = nextId++
  return {
    id,
    storyId: id,
    source: `source-${id}`,
    feedId: id,
    terms: [`t${id}a`, `t${id}b`],
    ...fields,
  }
}

describe('selectShortlist', () => {
  it('takes at most two articles per source', () => {
    const cands = [0.9, 0.85, 0.8, 0.75].map((score) =>
      cand({ score, source: 'Blog du Modérateur' }),
    )
    const other = cand({ score: 0.3 })
    const picked = selectShortlist([...cands, other], { size: 4 })
    expect(picked.filter((c) => c.source === 'Blog du Modérateur')).toHaveLength(2)
    expect(picked.map((c) => c.id)).toEqual([cands[0]!.id, cands[1]!.id, other.id])
    expect(selectShortlist(cands, { size: 4, maxPerSource: 3 })).toHaveLength(3)
  })

  it('never takes two articles of one story', () => {
    const a = cand({ score: 0.9 })
    const sameStory = cand({ score: 0.88, storyId: a.storyId })
    const b = cand({ score: 0.5 })
    expect(selectShortlist([a, sameStory, b], { size: 3 }).map((c) => c.id)).toEqual([a.id, b.id])
  })

  it('prefers a different topic to a near-identical article', () => {
    const terms = ['threads', 'meta', 'publicit', 'annonceur', 'europ']
    const a = cand({ score: 0.9, terms })
    const twin = cand({ score: 0.86, terms: [...terms, 'mosseri'] })
    const other = cand({ score: 0.7, terms: ['linkedin', 'video', 'createur'] })
    expect(selectShortlist([a, twin, other], { size: 2 }).map((c) => c.id)).toEqual([
      a.id,
      other.id,
    ])
    expect(selectShortlist([a, twin, other], { size: 2, lambda: 1 }).map((c) => c.id)).toEqual([
      a.id,
      twin.id,
    ])
  })

  it('returns the best first and no more than asked', () => {
    const cands = Array.from({ length: 50 }, (_, i) => cand({ score: ((i * 37) % 50) / 50 }))
    const picked = selectShortlist(cands, { size: 10 })
    expect(picked).toHaveLength(10)
    expect(picked.map((c) => c.score)).toEqual(
      [...picked.map((c) => c.score)].sort((x, y) => y - x),
    )
    expect(picked[0]!.score).toBe(Math.max(...cands.map((c) => c.score)))
    expect(selectShortlist([], { size: 5 })).toEqual([])
  })
})
