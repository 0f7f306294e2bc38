import {
  HandlesYaml,
  PersonYaml,
  ProfileYaml,
  SectorYaml,
  SourceYaml,
  TopicYaml,
} from './schema.ts'
import type { YamlPath } from './yaml-position.ts'

// Which keys a mapping accepts, by where it sits (list indexes dropped from the path).
const ALLOWED: Record<string, string[]> = {
  '': Object.keys(SectorYaml.shape),
  profile: Object.keys(ProfileYaml.shape),
  'profile.topics': Object.keys(TopicYaml.shape),
  sources: Object.keys(SourceYaml.shape),
  'sources.people': Object.keys(PersonYaml.shape),
  'sources.people.handles': Object.keys(HandlesYaml.shape),
}

// Names people reach for out of habit (other tools, the camelCase API) that mean one of our keys.
const ALIASES: Record<string, string> = {
  url: 'feed',
  rss: 'feed',
  xmlurl: 'feed',
  website: 'site',
  homepage: 'site',
  htmlurl: 'site',
  twitter: 'x',
}

/** The message for a key the schema does not know, with a "did you mean" when one is close. */
export function unknownKeyMessage(key: string, parentPath: YamlPath): string {
  const allowed = ALLOWED[parentPath.filter((s) => typeof s !== 'number').join('.')] ?? []
  const guess = closestKey(key, allowed)
  const hint = guess ? ` (did you mean "${guess}"?)` : ''
  const expected = allowed.length ? `; allowed keys: ${allowed.join(', ')}` : ''
  return `unknown key "${key}"${hint}${expected}`
}

function closestKey(key: string, allowed: string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '')
  const k = norm(key)
  if (ALIASES[k] && allowed.includes(ALIASES[k])) return ALIASES[k]
  for (const candidate of allowed) {
    const c = norm(candidate)
    if (c === k) return candidate
    if (Math.min(c.length, k.length) >= 3 && (c.startsWith(k) || k.startsWith(c))) return candidate
  }
  let best: string | null = null
  let bestDistance = 3
  for (const candidate of allowed) {
    const d = editDistance(k, norm(candidate))
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return best
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]
}
