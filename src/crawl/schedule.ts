const MINUTE = 60_000
const HOUR = 60 * MINUTE
export const MIN_INTERVAL_MS = 15 * MINUTE
export const MAX_INTERVAL_MS = 24 * HOUR
export const DEFAULT_INTERVAL_MS = HOUR

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/** A stable factor in [0.9, 1.1) from the feed id, so that feeds added together do not all fire at once. */
export function jitterFactor(feedId: number): number {
  let x = Math.imul(feedId, 2654435761) >>> 0
  x = (x ^ (x >>> 16)) >>> 0
  return 0.9 + ((x % 1000) / 1000) * 0.2
}

/**
 * How long to wait before the next check, from how often the feed publishes: half the median gap
 * between its latest entries, between 15 minutes and a day. A feed that gave no dates keeps its interval.
 */
export function intervalFromEntries(dates: (Date | null)[], previousMs: number): number {
  const times = dates
    .filter((d): d is Date => d instanceof Date && !Number.isNaN(d.getTime()))
    .map((d) => d.getTime())
    .sort((a, b) => b - a)
    .slice(0, 10)
  if (times.length < 2) return clamp(previousMs, MIN_INTERVAL_MS, MAX_INTERVAL_MS)
  const gaps = times.slice(1).map((t, i) => times[i]! - t).sort((a, b) => a - b)
  const median = gaps[Math.floor(gaps.length / 2)]!
  return clamp(median / 2, MIN_INTERVAL_MS, MAX_INTERVAL_MS)
}

/** A feed that answered 304 has not changed: check it a little less often, up to a day. */
export function intervalAfterNotModified(previousMs: number): number {
  return clamp(previousMs * 1.25, MIN_INTERVAL_MS, MAX_INTERVAL_MS)
}

/** Exponential backoff for a failing feed (15 min, 30, 60... up to a day), longer if the server asked. */
export function backoffMs(errorCount: number, retryAfterMs: number | null): number {
  const exp = MIN_INTERVAL_MS * 2 ** Math.max(0, Math.min(errorCount - 1, 10))
  return Math.max(Math.min(exp, MAX_INTERVAL_MS), Math.min(retryAfterMs ?? 0, 7 * MAX_INTERVAL_MS))
}

export function nextCheck(now: Date, intervalMs: number, feedId: number): Date {
  return new Date(now.getTime() + Math.round(intervalMs * jitterFactor(feedId)))
}
