import { describe, expect, it } from 'vitest'
import { addDays, dayStart, localDay } from '../../src/lib/calendar-days.ts'

describe('calendar days of a time zone', () => {
  it('names the day it is there, not in UTC', () => {
    const lateEvening = new Date('2026-11-20T23:30:00Z')
    expect(localDay(lateEvening, 'Europe/Paris')).toBe('2026-11-21')
    expect(localDay(lateEvening, 'UTC')).toBe('2026-11-20')
    // In Montréal at 20:30 the UTC day has already turned.
    expect(localDay(new Date('2026-11-21T01:30:00Z'), 'America/Montreal')).toBe('2026-11-20')
  })

  it('starts a day at its local midnight, on either side of a clock change', () => {
    expect(dayStart('2026-11-21', 'Europe/Paris').toISOString()).toBe('2026-11-20T23:00:00.000Z')
    expect(dayStart('2026-07-14', 'Europe/Paris').toISOString()).toBe('2026-07-13T22:00:00.000Z')
    // The spring change: the 29th of March lasts 23 hours in Paris.
    const spring = dayStart('2026-03-29', 'Europe/Paris').getTime()
    expect(dayStart('2026-03-30', 'Europe/Paris').getTime() - spring).toBe(23 * 3_600_000)
    // Santiago skips midnight itself in September: the day starts at 01:00 there.
    expect(dayStart('2026-09-06', 'America/Santiago').toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    )
  })

  it('counts days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30')
    expect(addDays('2026-11-21', -30)).toBe('2026-10-22')
  })

  it('refuses what is no calendar day as a bad date', () => {
    for (const day of ['2026-02-30', '2026-13-01', '20-11-2026', '2026-11-20T10:00:00Z', ''])
      expect(() => dayStart(day, 'Europe/Paris'), day).toThrow(
        expect.objectContaining({ code: 'bad_date' }),
      )
    expect(() => addDays('2026-02-29', 1)).toThrow(/not a date/)
  })
})
