export interface Utm {
  source?: string | null
  medium?: string | null
  campaign?: string | null
}

const keys = ['source', 'medium', 'campaign'] as const

/**
 * Adds utm_source, utm_medium and utm_campaign to a link. The rest of the query and the fragment
 * are kept byte for byte (URLSearchParams would re-encode them); an existing utm_* of the three is
 * replaced where it stands. A link that is not http(s) is returned unchanged.
 */
export function addUtm(link: string, utm: Utm): string {
  try {
    const { protocol } = new URL(link)
    if (protocol !== 'http:' && protocol !== 'https:') return link
  } catch {
    return link
  }
  const hashAt = link.indexOf('#')
  const fragment = hashAt >= 0 ? link.slice(hashAt) : ''
  const beforeHash = hashAt >= 0 ? link.slice(0, hashAt) : link
  const queryAt = beforeHash.indexOf('?')
  const base = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash
  const query = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : ''

  const wanted = new Map<string, string>()
  for (const key of keys) {
    const value = utm[key]?.trim()
    if (value) wanted.set(`utm_${key}`, encodeURIComponent(value))
  }
  if (wanted.size === 0) return link
  const placed = new Set<string>()
  const params: string[] = []
  for (const param of query.split('&')) {
    if (!param) continue
    const name = decodeName(param.split('=')[0])
    const value = wanted.get(name)
    if (value === undefined) params.push(param)
    else if (!placed.has(name)) {
      params.push(`${name}=${value}`)
      placed.add(name)
    }
  }
  for (const [name, value] of wanted) if (!placed.has(name)) params.push(`${name}=${value}`)
  return `${base}?${params.join('&')}${fragment}`
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase()
  } catch {
    return raw.toLowerCase()
  }
}
