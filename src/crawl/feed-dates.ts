// Feed dates come in every shape: RFC 822 with named zones or two-digit years, ISO 8601 with or
// without zone, W3C-DTF, French month names, unix timestamps. Date.parse is not used: V8 accepts
// nonsense ("1" is 2001) and reads zone-less ISO times as local time.

const MIN_YEAR = 1990
const MAX_FUTURE_MS = 2 * 24 * 3600 * 1000

const monthForms: Array<[number, string[]]> = [
  [1, ['jan', 'january', 'janv', 'janvier']],
  [2, ['feb', 'february', 'fev', 'fév', 'fevr', 'févr', 'fevrier', 'février']],
  [3, ['mar', 'march', 'mars']],
  [4, ['apr', 'april', 'avr', 'avril']],
  [5, ['may', 'mai']],
  [6, ['jun', 'june', 'juin']],
  [7, ['jul', 'july', 'juil', 'juillet']],
  [8, ['aug', 'august', 'aou', 'aoû', 'aout', 'août']],
  [9, ['sep', 'sept', 'september', 'septembre']],
  [10, ['oct', 'october', 'octobre']],
  [11, ['nov', 'november', 'novembre']],
  [12, ['dec', 'december', 'déc', 'decembre', 'décembre']],
]
const months = new Map(monthForms.flatMap(([n, forms]) => forms.map((f) => [f, n] as const)))

// Weekdays that cannot be mistaken for a month ("mar" is both mardi and March: handled below).
const weekdays = new Set(
  (
    'mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday ' +
    'sunday lun mer jeu ven sam dim lundi mardi mercredi jeudi vendredi samedi dimanche'
  ).split(' '),
)

// Offsets in minutes. Military letters follow their NATO meaning (A = +1, N = -1, Z = 0).
// prettier-ignore
const zones: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, bst: 60, west: 60, cet: 60, met: 60, cest: 120,
  mest: 120, eet: 120, eest: 180, msk: 180, est: -300, edt: -240, cst: -360, cdt: -300,
  mst: -420, mdt: -360, pst: -480, pdt: -420, akst: -540, akdt: -480, hst: -600,
  ast: -240, adt: -180, nst: -210, ndt: -150, jst: 540, kst: 540, aest: 600, aedt: 660,
}
'abcdefghi'.split('').forEach((l, i) => (zones[l] = (i + 1) * 60))
'klm'.split('').forEach((l, i) => (zones[l] = (i + 10) * 60))
'nopqrstuvwxy'.split('').forEach((l, i) => (zones[l] = -(i + 1) * 60))

interface Parts {
  year: number
  month: number
  day: number
  hour?: number
  minute?: number
  second?: number
  ms?: number
  offset?: number // minutes east of UTC; undefined means UTC
}

function build(p: Parts): Date | null {
  let { year } = p
  if (year < 100) year += year < 50 ? 2000 : 1900
  const [hour = 0, minute = 0, second = 0, ms = 0] = [p.hour, p.minute, p.second, p.ms]
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return null
  if (hour > 24 || minute > 59 || second > 60) return null
  const utc = Date.UTC(year, p.month - 1, p.day, hour, minute, Math.min(second, 59), ms)
  const check = new Date(Date.UTC(year, p.month - 1, p.day))
  if (check.getUTCDate() !== p.day) return null // 31 April and the like
  return new Date(utc - (p.offset ?? 0) * 60_000)
}

function numericOffset(sign: string, hh: string, mm = '0'): number {
  const minutes = Number(hh) * 60 + Number(mm)
  return sign === '-' ? -minutes : minutes
}

const isoPattern =
  /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?|(\d{2})(\d{2}))?(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i

function parseIso(s: string): Date | null {
  const m = isoPattern.exec(s)
  if (!m) return null
  const [, y, mo1, d1, mo2, d2, hh, mi, ss, frac, zone] = m
  let offset: number | undefined
  if (zone && /^[+-]/.test(zone)) {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!
    offset = numericOffset(z[1], z[2], z[3])
  }
  return build({
    year: Number(y),
    month: Number(mo1 ?? mo2 ?? 1),
    day: Number(d1 ?? d2 ?? 1),
    hour: hh === undefined ? undefined : Number(hh),
    minute: mi === undefined ? undefined : Number(mi),
    second: ss === undefined ? undefined : Number(ss),
    ms: frac === undefined ? undefined : Math.round(Number('0.' + frac) * 1000),
    offset,
  })
}

function parseWords(s: string): Date | null {
  let rest = s.toLowerCase()
  let hour: number | undefined
  let minute: number | undefined
  let second: number | undefined
  let offset: number | undefined
  const time =
    /(\d{1,2})\s*[:h]\s*(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([ap])\.?m\.?(?![a-z]))?/.exec(rest)
  if (time) {
    hour = Number(time[1])
    minute = Number(time[2])
    second = time[3] === undefined ? undefined : Number(time[3])
    if (time[4] === 'p' && hour < 12) hour += 12
    if (time[4] === 'a' && hour === 12) hour = 0
    rest = rest.slice(0, time.index) + ' ' + rest.slice(time.index + time[0].length)
  }
  const numZone = /(?:^|[\s(a-z])([+-])(\d{2}):?(\d{2})?(?!\d)/.exec(rest)
  if (numZone && time && numZone.index + 1 >= time.index) {
    offset = numericOffset(numZone[1], numZone[2], numZone[3])
    rest = rest.slice(0, numZone.index + 1) + ' ' + rest.slice(numZone.index + numZone[0].length)
  }
  const words = rest.split(/[\s,./()-]+/).filter(Boolean)
  const monthCandidates: number[] = []
  const numbers: string[] = []
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    if (/^\d+$/.test(w)) numbers.push(w)
    else if (/^\d{1,2}(st|nd|rd|th|er)$/.test(w)) numbers.push(w.replace(/\D+$/, ''))
    else if (months.has(w)) monthCandidates.push(months.get(w)!)
    else if (w in zones && (w.length > 1 || i === words.length - 1)) {
      offset ??= zones[w]
    } else if (weekdays.has(w) || w === 'à' || w === 'at' || w === 'le') continue
    else return null // an unknown word: refuse rather than guess
  }
  // Two month-like words: the first was a weekday ("mar., 05 mars 2024").
  const month = monthCandidates.at(-1)
  if (month === undefined || monthCandidates.length > 2 || numbers.length !== 2) return null
  const yearIndex = numbers.findIndex((n) => n.length === 4)
  const year = yearIndex >= 0 ? numbers[yearIndex] : numbers[1]
  const day = yearIndex >= 0 ? numbers[1 - yearIndex] : numbers[0]
  if (day.length > 2 || (year.length !== 2 && year.length !== 4)) return null
  return build({ year: Number(year), month, day: Number(day), hour, minute, second, offset })
}

function parseTimestamp(s: string): Date | null {
  if (!/^\d{9,13}(\.\d+)?$/.test(s)) return null
  const n = Number(s)
  return new Date(s.split('.')[0].length > 11 ? n : n * 1000)
}

/** A feed date as a Date, or null when absent, unparseable, before 1990 or over 2 days ahead. */
export function parseFeedDate(value: unknown, now: Date = new Date()): Date | null {
  let s: string
  if (typeof value === 'number') s = String(value)
  else if (typeof value === 'string') s = value
  else return null
  s = s.replace(/[\s\u00a0]+/g, ' ').trim()
  if (!s || s.length > 80) return null
  const date = parseTimestamp(s) ?? parseIso(s) ?? parseWords(s)
  if (!date || Number.isNaN(date.getTime())) return null
  if (date.getUTCFullYear() < MIN_YEAR) return null
  if (date.getTime() - now.getTime() > MAX_FUTURE_MS) return null
  return date
}
