import { DateTime } from 'luxon'

/** The calendar day (YYYY-MM-DD) it is at `now` in this IANA zone. */
export function localDay(now: Date, timezone: string): string {
  return DateTime.fromJSDate(now, { zone: timezone }).toISODate()!
}

/**
 * The instant a digest set at `time` ("HH:MM", local) falls on `day` in the zone. A time that the
 * spring change skips (02:30 in Paris on the last Sunday of March) moves on by the hour skipped.
 */
export function digestDueAt(day: string, time: string, timezone: string): Date {
  return DateTime.fromISO(`${day}T${time}`, { zone: timezone }).toJSDate()
}

/** The local day at `now`, and whether that day's digest time has come. */
export function digestDue(now: Date, digest: { time: string }, timezone: string) {
  const day = localDay(now, timezone)
  return { day, due: now.getTime() >= digestDueAt(day, digest.time, timezone).getTime() }
}

/**
 * The shortlist a digest of `day` shows: that day's, except that a day not begun in UTC (east of
 * Greenwich, early in the morning) has no shortlist yet, and producing it would freeze it half-made.
 */
export function shortlistDayFor(day: string, now: Date): string {
  const utcToday = now.toISOString().slice(0, 10)
  return day < utcToday ? day : utcToday
}
