import { describe, expect, it } from 'vitest'
import {
  averagePrecision,
  curatorActions,
  dcgAt,
  fnv1a,
  GRADED_GAINS,
  type Label,
  ndcgAt,
  precisionAt,
  rankBy,
  rankingMetrics,
  recallAt,
  splitHalf,
} from './ranking-metrics.ts'

const R: Label = 'relevant'
const N: Label = 'near_miss'
const O: Label = 'off_topic'

describe('precisionAt', () => {
  it.each([
    { ranked: [R, R, O, R], k: 2, want: 1 },
    { ranked: [R, N, O, R], k: 4, want: 0.5 },
    { ranked: [O, N, R], k: 1, want: 0 },
    // A queue shorter than k: the missing ranks are misses, not ignored.
    { ranked: [R, R], k: 10, want: 0.2 },
    { ranked: [], k: 10, want: 0 },
  ])('$ranked @$k = $want', ({ ranked, k, want }) => {
    expect(precisionAt(ranked, k)).toBeCloseTo(want, 10)
  })
})

describe('recallAt', () => {
  it.each([
    { ranked: [R, O, R, O, R], k: 3, want: 2 / 3 },
    { ranked: [O, O, R], k: 2, want: 0 },
    { ranked: [N, O], k: 50, want: 0 },
    { ranked: [R, R], k: 50, want: 1 },
  ])('$ranked @$k = $want', ({ ranked, k, want }) => {
    expect(recallAt(ranked, k)).toBeCloseTo(want, 10)
  })
})

describe('nDCG', () => {
  it('computes DCG with log2(rank + 1) discounts', () => {
    // 1/log2(2) + 0 + 1/log2(4) = 1 + 0.5
    expect(dcgAt([1, 0, 1], 10)).toBeCloseTo(1.5, 10)
    expect(dcgAt([1, 0, 1], 2)).toBeCloseTo(1, 10)
  })

  it('is 1 for the ideal order and below for a worse one', () => {
    expect(ndcgAt([R, R, O, N], 10)).toBeCloseTo(1, 10)
    // actual: 0 + 1/log2(3) + 1/log2(4); ideal: 1 + 1/log2(3)
    const want = (1 / Math.log2(3) + 0.5) / (1 + 1 / Math.log2(3))
    expect(ndcgAt([O, R, R], 10)).toBeCloseTo(want, 10)
  })

  it('cuts both actual and ideal at k', () => {
    // Top 1 is off-topic while a relevant item exists lower down: 0.
    expect(ndcgAt([O, R, R], 1)).toBe(0)
    expect(ndcgAt([N, O], 10)).toBe(0)
  })

  it('credits near misses over noise with graded gains', () => {
    // binary ignores the difference between a near miss and noise at rank 2
    expect(ndcgAt([R, N, O], 10)).toBeCloseTo(ndcgAt([R, O, N], 10), 10)
    // graded: actual 2 + 1/log2(3); worse order 2 + 1/log2(4)
    const ideal = 2 + 1 / Math.log2(3)
    expect(ndcgAt([R, N, O], 10, GRADED_GAINS)).toBeCloseTo(1, 10)
    expect(ndcgAt([R, O, N], 10, GRADED_GAINS)).toBeCloseTo((2 + 0.5) / ideal, 10)
  })
})

describe('averagePrecision', () => {
  it.each([
    { ranked: [R, R, O], want: 1 },
    // precisions at the relevant ranks 2 and 4: 1/2 and 2/4
    { ranked: [O, R, N, R], want: 0.5 },
    { ranked: [R, O, O, R], want: (1 + 0.5) / 2 },
    { ranked: [O, N], want: 0 },
  ])('$ranked = $want', ({ ranked, want }) => {
    expect(averagePrecision(ranked)).toBeCloseTo(want, 10)
  })
})

describe('rankingMetrics', () => {
  it('bundles the report figures for a queue', () => {
    const ranked: Label[] = [R, O, R, N, ...Array<Label>(50).fill(O), R]
    const m = rankingMetrics(ranked)
    expect(m).toMatchObject({ items: 55, relevant: 3, p10: 0.2, r50Max: 1 })
    expect(m.r50).toBeCloseTo(2 / 3, 10)
    expect(m.ap).toBeCloseTo((1 + 2 / 3 + 3 / 55) / 3, 10)
    expect(m.ndcgAll).toBeLessThan(1)
  })

  it('caps the possible recall@50 when more than 50 items are relevant', () => {
    const m = rankingMetrics(Array<Label>(60).fill(R))
    expect(m.r50).toBeCloseTo(50 / 60, 10)
    expect(m.r50Max).toBeCloseTo(50 / 60, 10)
    expect(m.ap).toBe(1)
    expect(m.ndcgAll).toBeCloseTo(1, 10)
  })
})

describe('rankBy', () => {
  it('sorts by descending score and breaks ties by key', () => {
    const items = [
      { id: 'b', s: 0.5 },
      { id: 'a', s: 0.5 },
      { id: 'c', s: 0.9 },
    ]
    expect(
      rankBy(
        items,
        (x) => x.s,
        (x) => x.id,
      ).map((x) => x.id),
    ).toEqual(['c', 'a', 'b'])
  })
})

describe('splitHalf', () => {
  const ids = Array.from({ length: 21 }, (_, i) => `en-${String(i + 1).padStart(3, '0')}`)

  it('splits into halves that cover everything once, deterministically', () => {
    const a = splitHalf(ids, (x) => x)
    const b = splitHalf([...ids].reverse(), (x) => x)
    expect(a.train).toHaveLength(11)
    expect(a.heldOut).toHaveLength(10)
    expect(new Set([...a.train, ...a.heldOut]).size).toBe(21)
    expect(b.train).toEqual(a.train)
  })

  it('does not simply cut the file in two', () => {
    const { train } = splitHalf(ids, (x) => x)
    expect(train).not.toEqual(ids.slice(0, 11))
  })

  it('hashes with FNV-1a', () => {
    // Reference values of 32-bit FNV-1a.
    expect(fnv1a('')).toBe(0x811c9dc5)
    expect(fnv1a('a')).toBe(0xe40c292c)
  })
})

describe('curatorActions', () => {
  it('rejects non-relevant items and reshares every third approval', () => {
    expect(curatorActions([R, O, R, N, R, R, R, R])).toEqual([
      'approve',
      'reject',
      'approve',
      'reject',
      'reshare',
      'approve',
      'approve',
      'reshare',
    ])
  })
})
