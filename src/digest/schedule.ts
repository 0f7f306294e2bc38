import { DateTime } from 'luxon'
import { localDay } from '../lib/calendar-days.ts'

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
