import { DateTime } from 'luxon'

/** A publication slot: ISO weekdays (1 = Monday) and a local time "HH:MM" in the sector's zone. */
export interface Slot {
  days: number[]
  time: string
}

/** Weekdays at 09:00 and 17:30: when a professional audience reads. */
export const DEFAULT_SLOTS: Slot[] = [
  { days: [1, 2, 3, 4, 5], time: '09:00' },
  { days: [1, 2, 3, 4, 5], time: '17:30' },
]

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/

/** Whether a slot list is well formed (weekdays 1-7, times HH:MM). */
export function validSlots(slots: unknown): slots is Slot[] {
  return (
    Array.isArray(slots) &&
    slots.every(
      (s) =>
        s &&
        typeof s.time === 'string' &&
        TIME.test(s.time) &&
        Array.isArray(s.days) &&
        s.days.length > 0 &&
        s.days.every(
          (d: unknown) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 7,
        ),
    )
  )
}

/**
 * The slot instants of one local day, in time order. Luxon resolves the daylight-saving edges: a
 * time that does not exist that day (spring forward) moves forward; one that happens twice takes
 * the first.
 */
function slotsOfDay(day: DateTime, slots: Slot[]): Date[] {
  const out: Date[] = []
  for (const slot of slots) {
    if (!slot.days.includes(day.weekday)) continue
    const [, h, m] = TIME.exec(slot.time)!
    out.push(day.set({ hour: Number(h), minute: Number(m), second: 0, millisecond: 0 }).toJSDate())
  }
  return out.sort((a, b) => a.getTime() - b.getTime())
}

/**
 * The first slot strictly after `after` that no post of the channel takes yet, within a year;
 * null when the slots never occur (no day at all).
 */
export function nextFreeSlot(opts: {
  timezone: string
  slots: Slot[]
  after: Date
  taken: Iterable<Date>
}): Date | null {
  const taken = new Set([...opts.taken].map((d) => d.getTime()))
  let day = DateTime.fromJSDate(opts.after, { zone: opts.timezone }).startOf('day')
  for (let i = 0; i < 366; i++, day = day.plus({ days: 1 })) {
    for (const at of slotsOfDay(day, opts.slots))
      if (at.getTime() > opts.after.getTime() && !taken.has(at.getTime())) return at
  }
  return null
}

/** The local date and time of an instant in a zone, for display ("2026-03-29 09:00"). */
export function localTime(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat('yyyy-LL-dd HH:mm')
}
