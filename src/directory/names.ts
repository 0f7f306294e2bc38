// Bylines that name a desk or a role, not a person: never an entry of the directory.
const NOT_PEOPLE = new Set([
  'admin',
  'administrator',
  'administrateur',
  'redaction',
  'la redaction',
  'editorial team',
  'editorial',
  'staff',
  'team',
  'equipe',
  'guest',
  'invite',
  'anonymous',
  'anonyme',
  'unknown',
])

/** A name folded for comparison: no accents, case, punctuation or "par"/"by" prefix. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(?:par|by|de)\s+/, '')
}

/** The people of a byline ("Claire Dupont et Marc Petit", "A, B & C"), desks left out. */
export function splitAuthors(byline: string | null | undefined): string[] {
  if (!byline?.trim()) return []
  return [
    ...new Set(
      byline
        .split(/\s*(?:,|;|&|\/|\bet\b|\band\b)\s*/i)
        .map((s) => s.replace(/^(?:par|by)\s+/i, '').trim())
        .filter((s) => s.length > 1 && s.length <= 80 && !/^https?:/i.test(s))
        .filter((s) => !NOT_PEOPLE.has(normaliseName(s))),
    ),
  ]
}
