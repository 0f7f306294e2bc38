const WEEK = 7 * 86_400_000
/** Weeks counted: the 12 of the sparkline, and 4 more so that "previous 12" exists for rising. */
export const WEEKS = 16

/** Counts per week, latest first: index 0 is the 7 days up to `now`. */
export function weeklyCounts(dates: Date[], now: Date): number[] {
  const weeks = new Array<number>(WEEKS).fill(0)
  for (const d of dates) {
    const w = Math.floor((now.getTime() - d.getTime()) / WEEK)
    if (w >= 0 && w < WEEKS) weeks[w]!++
  }
  return weeks
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

/**
 * Rising: over the last 4 weeks, articles plus citations received run at least twice the weekly
 * rate of the 12 weeks before, with at least 3 of them (a single post is not a trend).
 */
export function isRising(weekly: number[], citedWeekly: number[]): boolean {
  const activity = weekly.map((n, i) => n + (citedWeekly[i] ?? 0))
  const recent = sum(activity.slice(0, 4))
  const before = sum(activity.slice(4, 16))
  return recent >= 3 && recent / 4 >= (2 * before) / 12
}

/** Articles per week over the sparkline's 12 weeks. */
export const perWeek = (weekly: number[]) => Math.round((sum(weekly.slice(0, 12)) / 12) * 100) / 100
