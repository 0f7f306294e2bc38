import { describe, expect, it } from 'vitest'
import { backoffMs, intervalAfterNotModified, intervalFromEntries, jitterFactor, nextCheck } from '../../src/crawl/schedule.ts'

const H = 3_600_000
const series = (gapMs: number, n = 10) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 10, 20) - i * gapMs))

describe('feed schedule', () => {
  it.each([
    ['a feed posting every 10 minutes is checked every 15 minutes (the floor)', series(10 * 60_000), 0.25 * H],
    ['a feed posting hourly is checked every 30 minutes', series(H), 0.5 * H],
    ['a feed posting daily is checked every 12 hours', series(24 * H), 12 * H],
    ['a feed posting weekly is checked daily (the ceiling)', series(7 * 24 * H), 24 * H],
    ['a feed without dates keeps its interval', [null, null, null], 2 * H],
  ])('%s', (_name, dates, expected) => {
    expect(intervalFromEntries(dates, 2 * H)).toBe(expected)
  })

  it('ignores a single odd gap: the median decides', () => {
    const dates = [...series(H, 9), new Date(Date.UTC(2025, 0, 1))]
    expect(intervalFromEntries(dates, H)).toBe(0.5 * H)
  })

  it('checks a feed that answered 304 a little less often, up to a day', () => {
    expect(intervalAfterNotModified(H)).toBe(1.25 * H)
    expect(intervalAfterNotModified(23 * H)).toBe(24 * H)
  })

  it('backs off exponentially on failures, and waits at least as long as Retry-After asks', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, null) / 60_000)).toEqual([15, 30, 60, 120])
    expect(backoffMs(20, null)).toBe(24 * H)
    expect(backoffMs(1, 3 * H)).toBe(3 * H)
  })

  it('spreads feeds with a stable jitter of at most 10%', () => {
    const factors = Array.from({ length: 200 }, (_, id) => jitterFactor(id + 1))
    expect(Math.min(...factors)).toBeGreaterThanOrEqual(0.9)
    expect(Math.max(...factors)).toBeLessThan(1.1)
    expect(new Set(factors.map((f) => f.toFixed(2))).size).toBeGreaterThan(10)
    const now = new Date('2026-11-20T10:00:00Z')
    expect(nextCheck(now, H, 7)).toEqual(nextCheck(now, H, 7))
  })
})
