import { describe, expect, it } from 'vitest'
import { emptyModel, freshness, learnFromDecisions, sourceWeight } from '../../src/score/index.ts'
import * as A from '../fixtures/score/articles.ts'
import { score } from './helpers.ts'

const hoursBefore = (h: number) => new Date(A.NOW.getTime() - h * 3_600_000)

describe('freshness', () => {
  it.each([
    [0, 1],
    [24, Math.SQRT1_2],
    [48, 0.5],
    [96, 0.25],
    [-5, 1],
  ])('at %s hours with a 48 h half-life is %s', (age, expected) => {
    expect(freshness(hoursBefore(age), A.NOW, 48).score).toBeCloseTo(expected, 6)
  })

  it('halves in the explanation at the half-life and lowers the total without crushing it', () => {
    const fresh = score({ ...A.inSectorFr, publishedAt: A.NOW })
    const halfLife = score({ ...A.inSectorFr, publishedAt: hoursBefore(48) })
    const ancient = score({ ...A.inSectorFr, publishedAt: hoursBefore(48 * 10) })
    expect(halfLife.freshness).toEqual({ score: 0.5, ageHours: 48, halfLifeHours: 48 })
    expect(halfLife.score).toBeLessThan(fresh.score)
    expect(ancient.score).toBeGreaterThan(score(A.offTopicFr).score)
    expect(ancient.reason).toContain('ancien')
  })
})

describe('source weight', () => {
  it('prefers influencers to blogs to media slightly when nothing is learned', () => {
    const model = emptyModel()
    const [inf, blog, media] = (['influencer', 'blog', 'media'] as const).map(
      (k) => sourceWeight(model, 1, k).score,
    )
    expect(inf).toBeGreaterThan(blog!)
    expect(blog).toBeGreaterThan(media!)
    expect(inf! - media!).toBeLessThan(0.05)
  })

  it('learns from decisions which sources the curator keeps', () => {
    const kept = { ...A.nearMissMarketing, feedId: 31, source: 'Source gardée' }
    const dropped = { ...A.nearMissMarketing, feedId: 32, source: 'Source écartée' }
    const model = learnFromDecisions(emptyModel(), [
      // The Beta prior is worth 20 decisions: a source needs about as many of its own to move far.
      ...Array.from({ length: 20 }, () => ({ doc: kept, action: 'approve' as const })),
      ...Array.from({ length: 20 }, () => ({ doc: dropped, action: 'reject' as const })),
    ])
    const fromKept = score({ ...A.inSectorEn, feedId: 31, source: 'Source gardée' }, { model })
    const fromDropped = score({ ...A.inSectorEn, feedId: 32, source: 'Source écartée' }, { model })
    const fromUnknown = score({ ...A.inSectorEn, feedId: 33 }, { model })
    expect(fromKept.source).toMatchObject({ name: 'Source gardée', kept: 20, rejected: 0 })
    expect(fromKept.source.score).toBeGreaterThan(0.6)
    expect(fromDropped.source.score).toBeLessThan(0.4)
    expect(fromKept.score).toBeGreaterThan(fromUnknown.score)
    expect(fromUnknown.score).toBeGreaterThan(fromDropped.score)
    expect(fromKept.reason).toContain('source appréciée (20 décisions)')
    expect(fromDropped.reason).toContain('source souvent écartée (20 décisions)')
  })

  it('moves little on a single decision', () => {
    const model = learnFromDecisions(emptyModel(), [{ doc: A.inSectorFr, action: 'approve' }])
    expect(sourceWeight(model, A.inSectorFr.feedId, 'media').score).toBeLessThan(0.6)
  })
})

describe('trending', () => {
  it('adds a visible boost when several sources cover the story', () => {
    const alone = score(A.nearMissMarketing)
    const three = score(A.nearMissMarketing, { storySources: 3 })
    expect(alone.trending).toEqual({ boost: 0, sources: 1 })
    expect(three.trending.boost).toBeGreaterThan(0.1)
    expect(three.score).toBeCloseTo(alone.score + three.trending.boost, 3)
    expect(three.reason).toContain('tendance (3 sources)')
  })
})
