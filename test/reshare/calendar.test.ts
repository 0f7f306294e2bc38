import { describe, expect, it } from 'vitest'
import { formatSlots, nextFreeSlot, parseSlots } from '../../src/reshare/index.ts'

const PARIS = 'Europe/Paris'

describe('publication slots', () => {
  it('follow the sector’s local time across the daylight-saving changes', () => {
    const slots = [{ days: [1, 2, 3, 4, 5, 6, 7], time: '09:00' }]
    // Saturday 28 March 2026, after 09:00 in Paris (UTC+1): next is Sunday 29, now UTC+2.
    expect(
      nextFreeSlot({ timezone: PARIS, slots, after: new Date('2026-03-28T10:00:00Z'), taken: [] }),
    ).toEqual(new Date('2026-03-29T07:00:00Z'))
    // Back to winter time on Sunday 25 October 2026.
    expect(
      nextFreeSlot({ timezone: PARIS, slots, after: new Date('2026-10-24T09:00:00Z'), taken: [] }),
    ).toEqual(new Date('2026-10-25T08:00:00Z'))
  })

  it('move a time that does not exist that day forward, and skip taken slots and weekends', () => {
    // 02:30 does not exist in Paris on 29 March 2026 (02:00 -> 03:00).
    const night = nextFreeSlot({
      timezone: PARIS,
      slots: [{ days: [7], time: '02:30' }],
      after: new Date('2026-03-28T12:00:00Z'),
      taken: [],
    })!
    expect(night.toISOString()).toBe('2026-03-29T01:30:00.000Z')
    const weekdays = [{ days: [1, 2, 3, 4, 5], time: '17:30' }]
    // Friday 16:30 UTC is taken: the next is Monday.
    expect(
      nextFreeSlot({
        timezone: PARIS,
        slots: weekdays,
        after: new Date('2026-11-20T08:00:00Z'),
        taken: [new Date('2026-11-20T16:30:00Z')],
      }),
    ).toEqual(new Date('2026-11-23T16:30:00Z'))
    expect(nextFreeSlot({ timezone: PARIS, slots: [], after: new Date(), taken: [] })).toBeNull()
  })

  it('read and write the slots as a curator types them', () => {
    expect(parseSlots('1-5 09:00, 1-5 17:30; 6 10:00')).toEqual([
      { days: [1, 2, 3, 4, 5], time: '09:00' },
      { days: [1, 2, 3, 4, 5], time: '17:30' },
      { days: [6], time: '10:00' },
    ])
    expect(parseSlots('lundi 9h')).toBeNull()
    expect(parseSlots('5-1 09:00')).toBeNull()
    expect(parseSlots('1 24:00')).toBeNull()
    expect(formatSlots(parseSlots('1-5 09:00, 6 10:00')!)).toBe('1-5 09:00, 6 10:00')
  })
})
