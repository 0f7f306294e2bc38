import { describe, expect, it } from 'vitest'
import { isRising, pageRank } from '../../src/directory/index.ts'

describe('pageRank', () => {
  it('ranks a crafted citation graph in the known order', () => {
    // hub is cited by everyone; mid by two; leaf by one; lone by no one.
    const edges = [
      ['a', 'hub'],
      ['b', 'hub'],
      ['leaf', 'hub'],
      ['mid', 'hub'],
      ['a', 'mid'],
      ['b', 'mid'],
      ['hub', 'leaf'],
    ].map(([from, to]) => ({ from: from!, to: to!, weight: 1 }))
    const rank = pageRank(['a', 'b', 'hub', 'mid', 'leaf', 'lone'], edges)
    const order = [...rank].sort((x, y) => y[1] - x[1]).map(([n]) => n)
    expect(order.slice(0, 3)).toEqual(['hub', 'leaf', 'mid'])
    expect([...rank.values()].reduce((s, r) => s + r, 0)).toBeCloseTo(1, 9)
    expect(rank.get('a')).toBeCloseTo(rank.get('lone')!, 9)
  })

  it('gives equal ranks to a graph without links', () => {
    const rank = pageRank(['x', 'y'], [])
    expect(rank.get('x')).toBeCloseTo(0.5)
  })
})

describe('rising', () => {
  it('flags a source whose last 4 weeks are well above its previous 12', () => {
    expect(isRising([2, 1, 2, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0], new Array(16).fill(0))).toBe(
      true,
    )
    expect(isRising([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], new Array(16).fill(0))).toBe(
      false,
    )
    expect(isRising([1, 0, 0, 0, ...new Array(12).fill(0)], new Array(16).fill(0))).toBe(false)
  })
})
