import { profileIssues, type ProfileIssue, type SectorProfile } from '../../sectors/index.ts'
import type { ProfileFormValues } from '../../../web/views/sources/profile-page.tsx'
import type { Locale } from '../../../web/i18n/index.ts'
import { formatFieldNumber } from '../../../web/i18n/number.ts'

type Body = Record<string, string | File | (string | File)[]>

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
const texts = (v: Body[string] | undefined) =>
  (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : ''))
// People type "1,5" in French.
const numberOf = (s: string) => (s.trim() === '' ? NaN : Number(s.trim().replace(',', '.')))

/** The form's values of a stored profile, numbers with the page language's decimal mark. */
export function valuesFromProfile(p: SectorProfile, locale: Locale): ProfileFormValues {
  const num = (n: number) => formatFieldNumber(locale, n)
  return {
    halfLife: num(p.halfLifeHours),
    freshnessWeight: p.freshnessWeight === undefined ? '' : num(p.freshnessWeight),
    shortlistFloor: p.shortlistFloor === undefined ? '' : num(p.shortlistFloor),
    excluded: p.excluded.join('\n'),
    topics: p.topics.map((t) => ({
      name: t.name,
      weight: num(t.weight),
      terms: t.terms.join('\n'),
    })),
  }
}

/** The editor's form (parseBody with all: true); topics left blank are dropped. */
export function valuesFromForm(body: Body): ProfileFormValues {
  const names = texts(body.topic_name)
  const weights = texts(body.topic_weight)
  const terms = texts(body.topic_terms)
  const topics = names
    .map((name, i) => ({
      name: name.trim(),
      weight: (weights[i] ?? '').trim(),
      terms: terms[i] ?? '',
    }))
    .filter((t) => t.name !== '' || lines(t.terms).length > 0)
  return {
    halfLife: texts(body.half_life_hours)[0] ?? '',
    freshnessWeight: texts(body.freshness_weight)[0] ?? '',
    shortlistFloor: texts(body.shortlist_floor)[0] ?? '',
    excluded: texts(body.excluded)[0] ?? '',
    topics,
  }
}

/** The profile the values describe, and what is wrong with it by the sector files' rules. */
export function profileFromValues(v: ProfileFormValues): {
  profile: SectorProfile
  issues: ProfileIssue[]
} {
  const issues: ProfileIssue[] = []
  const halfLifeHours = numberOf(v.halfLife)
  if (Number.isNaN(halfLifeHours))
    issues.push({ field: 'half_life_hours', message: 'must be a number', code: 'not_a_number' })
  // Blank means the default (the key is left out of the file).
  const optional = (value: string, field: string) => {
    if (value.trim() === '') return undefined
    const n = numberOf(value)
    if (Number.isNaN(n)) issues.push({ field, message: 'must be a number', code: 'not_a_number' })
    return n
  }
  const freshnessWeight = optional(v.freshnessWeight, 'freshness_weight')
  const shortlistFloor = optional(v.shortlistFloor, 'shortlist_floor')
  const topics = v.topics.map((t, i) => {
    const weight = t.weight === '' ? 1 : numberOf(t.weight)
    if (Number.isNaN(weight))
      issues.push({
        field: `topics[${i}].weight`,
        message: 'must be a number',
        code: 'not_a_number',
      })
    return { name: t.name, weight, terms: lines(t.terms) }
  })
  const profile: SectorProfile = {
    halfLifeHours,
    ...(freshnessWeight !== undefined && { freshnessWeight }),
    ...(shortlistFloor !== undefined && { shortlistFloor }),
    topics,
    excluded: lines(v.excluded),
  }
  const typed = new Set(issues.map((i) => i.field))
  issues.push(...profileIssues(profile).filter((i) => !typed.has(i.field)))
  return { profile, issues }
}
