import { DateTime } from 'luxon'
import { AppError } from './errors.ts'

// A curator's day is the sector's (its `timezone`), not UTC's: in Paris a UTC day starts at 01:00 or
// 02:00, in Montréal at 19:00 or 20:00 the evening before. Days are 'YYYY-MM-DD' strings.

/** The calendar day it is at `now` in this IANA zone. */
export function localDay(now: Date, timezone: string): string {
  return DateTime.fromJSDate(now, { zone: timezone }).toISODate()!
}

/** `day` in this zone; a day that is no calendar day ("2026-02-30") is a bad date. */
function dayIn(day: string, timezone: string): DateTime {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(day) ? DateTime.fromISO(day, { zone: timezone }) : null
  if (!parsed?.isValid) throw new AppError('bad_date', { day }, `not a date (YYYY-MM-DD): ${day}`)
  return parsed
}

/** Throws bad_date unless `day` is a calendar day (YYYY-MM-DD). */
export function checkDay(day: string): void {
  dayIn(day, 'UTC')
}

/** The instant `day` begins in this zone (its midnight, or the first hour after one that a clock change skips). */
export function dayStart(day: string, timezone: string): Date {
  return dayIn(day, timezone).startOf('day').toJSDate()
}

/** The last millisecond of `day` in this zone (the instant before the next day begins). */
export function dayEnd(day: string, timezone: string): Date {
  return new Date(dayStart(addDays(day, 1), timezone).getTime() - 1)
}

/** The calendar day `n` days after `day` (before it if `n` is negative). */
export function addDays(day: string, n: number): string {
  return dayIn(day, 'UTC').plus({ days: n }).toISODate()!
}
