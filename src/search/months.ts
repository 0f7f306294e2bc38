/** Shards are per calendar month (UTC) of publishedAt, keyed 'yyyy-mm'. */
export function monthOf(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0)
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** The month `n` months before the one containing `ms`. */
export function monthsBack(ms: number, n: number): string {
  const d = new Date(ms)
  return monthOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n, 1))
}

/** [start, end) of a month in ms. */
export function monthRange(month: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) }
}

/** Whether a month can hold articles of a date range (inclusive bounds). */
export function overlaps(month: string, f: { from?: Date; to?: Date }): boolean {
  const { start, end } = monthRange(month)
  return (!f.from || end > f.from.getTime()) && (!f.to || start <= f.to.getTime())
}

/** Whether every article of the month is inside the range. */
export function within(month: string, f: { from?: Date; to?: Date }): boolean {
  const { start, end } = monthRange(month)
  return (!f.from || start >= f.from.getTime()) && (!f.to || end - 1 <= f.to.getTime())
}
