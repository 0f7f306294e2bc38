/**
 * Counts failures per key (an IP, an email) in a sliding window, in memory: enough for one server
 * process; limits reset on restart and are not shared between processes (documented in the report).
 */
export interface FailureLimiter {
  /** Seconds until every key may try again, or 0 when none is blocked. */
  retryAfter(keys: string[], now: Date): number
  fail(keys: string[], now: Date): void
  reset(keys: string[]): void
}

/** A limiter that blocks a key after `max` failures within `windowMs`, until the oldest one ages out. */
export function createFailureLimiter(
  opts: { max?: number; windowMs?: number; maxKeys?: number } = {},
): FailureLimiter {
  const max = opts.max ?? 5
  const windowMs = opts.windowMs ?? 15 * 60_000
  const maxKeys = opts.maxKeys ?? 50_000
  const failures = new Map<string, number[]>()

  const recent = (key: string, t: number) => {
    const list = (failures.get(key) ?? []).filter((x) => x > t - windowMs)
    if (list.length) failures.set(key, list)
    else failures.delete(key)
    return list
  }

  return {
    retryAfter(keys, now) {
      const t = now.getTime()
      let wait = 0
      for (const key of keys) {
        const list = recent(key, t)
        if (list.length >= max) wait = Math.max(wait, list[list.length - max]! + windowMs - t)
      }
      return wait > 0 ? Math.ceil(wait / 1000) : 0
    },
    fail(keys, now) {
      const t = now.getTime()
      // A flood of distinct keys must not grow memory without bound: drop the stale ones, then the oldest.
      if (failures.size > maxKeys) {
        for (const key of failures.keys()) recent(key, t)
        for (const key of failures.keys()) {
          if (failures.size <= maxKeys) break
          failures.delete(key)
        }
      }
      for (const key of keys) failures.set(key, [...recent(key, t), t].slice(-max))
    },
    reset(keys) {
      for (const key of keys) failures.delete(key)
    },
  }
}
