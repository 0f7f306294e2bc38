import type { PersonCandidate } from './types.ts'

const handleKeys = (c: { handles: { network: string; handle: string }[] }) =>
  c.handles.filter((h) => h.network !== 'website').map((h) => `${h.network}:${h.handle}`)

// Author pages are per site; a website handle is a shared profile link only when it is not one.
const linkKeys = (c: { handles: { network: string; handle: string; signal: string }[] }) =>
  c.handles
    .filter((h) => h.network === 'website' && h.signal !== 'rel-author')
    .map((h) => `website:${h.handle}`)

/** Two groups disagree when both have handles on a network and share none of them there. */
function disagree(a: Map<string, Set<string>>, b: Map<string, Set<string>>): boolean {
  for (const [network, mine] of a) {
    if (network === 'website') continue
    const theirs = b.get(network)
    if (theirs && ![...mine].some((h) => theirs.has(h))) return true
  }
  return false
}

/**
 * Groups the candidates into people: a shared handle or profile link joins two candidates; the
 * same normalised name joins them only when their handles do not disagree on any network.
 * Returns the groups as lists of candidate keys, in the order of their first candidate.
 */
export function mergeCandidates(candidates: PersonCandidate[]): PersonCandidate[][] {
  const parent = candidates.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  const owner = new Map<string, number>()
  candidates.forEach((c, i) => {
    for (const key of [...handleKeys(c), ...linkKeys(c)]) {
      const j = owner.get(key)
      if (j === undefined) owner.set(key, i)
      else parent[find(i)] = find(j)
    }
  })
  const networks = new Map<number, Map<string, Set<string>>>()
  const networksOf = (root: number) => {
    let m = networks.get(root)
    if (!m) {
      m = new Map()
      candidates.forEach((c, i) => {
        if (find(i) !== root) return
        for (const h of c.handles) {
          if (!m!.has(h.network)) m!.set(h.network, new Set())
          m!.get(h.network)!.add(h.handle)
        }
      })
      networks.set(root, m)
    }
    return m
  }
  const byName = new Map<string, number[]>()
  candidates.forEach((c, i) => byName.set(c.normName, [...(byName.get(c.normName) ?? []), i]))
  for (const same of byName.values()) {
    for (let x = 1; x < same.length; x++) {
      for (let y = 0; y < x; y++) {
        const a = find(same[x]!)
        const b = find(same[y]!)
        if (a === b || disagree(networksOf(a), networksOf(b))) continue
        const merged = networksOf(a)
        for (const [n, hs] of networksOf(b))
          merged.set(n, new Set([...(merged.get(n) ?? []), ...hs]))
        parent[b] = a
        networks.set(a, merged)
      }
    }
  }
  const groups = new Map<number, PersonCandidate[]>()
  candidates.forEach((c, i) => {
    const root = find(i)
    groups.set(root, [...(groups.get(root) ?? []), c])
  })
  return [...groups.values()]
}
