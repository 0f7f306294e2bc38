import type { Slot } from './calendar.ts'

/**
 * Slots as a curator types them: "1-5 09:00, 1-5 17:30, 6 10:00" (ISO weekdays, Monday = 1, a
 * range or a single day, then the local time). Null when a part does not read.
 */
export function parseSlots(text: string): Slot[] | null {
  const parts = text
    .split(/[,;\n]+/)
    .map((p) => p.trim())
    .filter(Boolean)
  const slots: Slot[] = []
  for (const part of parts) {
    const m = /^([1-7])(?:\s*-\s*([1-7]))?\s+([01]?\d|2[0-3]):([0-5]\d)$/.exec(part)
    if (!m) return null
    const from = Number(m[1])
    const to = Number(m[2] ?? m[1])
    if (to < from) return null
    const days = Array.from({ length: to - from + 1 }, (_, i) => from + i)
    slots.push({ days, time: `${m[3]!.padStart(2, '0')}:${m[4]}` })
  }
  return slots
}

/** The same slots written back in that form. */
export function formatSlots(slots: Slot[]): string {
  return slots
    .map((s) => {
      const days = [...s.days].sort((a, b) => a - b)
      const range = days.every((d, i) => i === 0 || d === days[i - 1]! + 1)
      const dayText = range && days.length > 1 ? `${days[0]}-${days.at(-1)}` : days.join(`, `)
      return range || days.length === 1
        ? `${dayText} ${s.time}`
        : days.map((d) => `${d} ${s.time}`).join(', ')
    })
    .join(', ')
}
