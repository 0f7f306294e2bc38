import net from 'node:net'
import { siteHost } from './links.ts'
import { isPlatformHost } from './platform-hosts.ts'

export interface CitedHost {
  host: string
  citations: number
  citingSources: number
  /** One of the cited addresses on that host: the suggested site is its origin. */
  sampleUrl: string
}

export interface SuggestionCandidate {
  host: string
  siteUrl: string
  citations: number
  citingSources: number
}

/** Below this many links a site is a passing mention, not a source the sector keeps citing. */
export const MIN_CITATIONS = 2

/**
 * Cited sites worth proposing: not followed by any feed of the sector (www-insensitive), not a
 * platform, not a bare IP address; best first by distinct citing sources, then citations.
 */
export function suggestionCandidates(
  cited: CitedHost[],
  feedAddresses: (string | null)[],
  minCitations = MIN_CITATIONS,
): SuggestionCandidate[] {
  const followed = new Set(feedAddresses.map(siteHost).filter((h): h is string => !!h))
  const out: SuggestionCandidate[] = []
  for (const c of cited) {
    const host = c.host.toLowerCase().replace(/^www\./, '')
    if (c.citations < minCitations || followed.has(host) || isPlatformHost(host)) continue
    if (net.isIP(host.replace(/^\[|\]$/g, ''))) continue
    let siteUrl: string
    try {
      siteUrl = new URL('/', c.sampleUrl).href
    } catch {
      continue
    }
    out.push({ host, siteUrl, citations: c.citations, citingSources: c.citingSources })
  }
  return out.sort(
    (a, b) =>
      b.citingSources - a.citingSources ||
      b.citations - a.citations ||
      a.host.localeCompare(b.host),
  )
}
