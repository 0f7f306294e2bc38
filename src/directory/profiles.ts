import type { ProfileSignals } from '../extract/index.ts'
import { handleFromUrl, normaliseHandle } from './handles.ts'
import { normaliseName, splitAuthors } from './names.ts'
import type { FoundHandle, Handle } from './types.ts'

export interface ArticleProfiles {
  /** The byline's people, each with the handles the page gives for them. */
  authors: { name: string; handles: FoundHandle[] }[]
  /** Handles of the site itself (twitter:site, rel="me"). */
  source: FoundHandle[]
}

/** A signal value that is a URL or a network handle written bare ('@name', '@user@instance'). */
function readValue(value: string, network: string): Handle | null {
  return /^https?:\/\//i.test(value) ? handleFromUrl(value) : normaliseHandle(network, value)
}

/**
 * The handles one article's page gives for its authors and its site. Signals that name no one
 * (twitter:creator, fediverse:creator, article:author, rel="author") go to the author only when the
 * byline has one person; JSON-LD authors go to the byline name they match.
 */
export function discoverProfiles(article: {
  id: number
  feedId: number
  author: string | null
  signals: ProfileSignals | null
}): ArticleProfiles {
  const names = splitAuthors(article.author)
  const s = article.signals
  const found = (signal: string) => (h: Handle | null) =>
    h ? [{ ...h, signal, articleId: article.id, feedId: article.feedId }] : []
  const authors = names.map((name) => ({ name, handles: [] as FoundHandle[] }))
  if (!s) return { authors, source: [] }

  const single = authors.length === 1 ? authors[0]! : null
  if (single) {
    const add = (signal: string, network: string, values: string[]) =>
      single.handles.push(...values.flatMap((v) => found(signal)(readValue(v, network))))
    add('twitter:creator', 'x', s.twitterCreator)
    add('fediverse:creator', 'mastodon', s.fediverseCreator)
    add(
      'article:author',
      'website',
      s.articleAuthor.filter((v) => /^https?:\/\//i.test(v)),
    )
    add('rel-author', 'website', s.relAuthor)
  }
  for (const ld of s.ldAuthors) {
    const target = ld.name
      ? authors.find((a) => normaliseName(a.name) === normaliseName(ld.name!))
      : single
    if (!target) continue
    if (ld.url) target.handles.push(...found('json-ld:url')(handleFromUrl(ld.url)))
    for (const link of ld.sameAs)
      target.handles.push(...found('json-ld:sameAs')(handleFromUrl(link)))
  }
  const source = [
    ...s.twitterSite.flatMap((v) => found('twitter:site')(readValue(v, 'x'))),
    ...s.relMe.flatMap((v) => found('rel-me')(handleFromUrl(v))),
  ]
  return { authors, source }
}

/** Handles written in the sector file for a person, found as 'sector-file'. */
export function sectorFileHandles(
  feedId: number,
  handles: Record<string, string> | undefined,
): FoundHandle[] {
  return Object.entries(handles ?? {}).flatMap(([network, raw]) => {
    const h = normaliseHandle(network, raw)
    return h ? [{ ...h, signal: 'sector-file', articleId: null, feedId }] : []
  })
}

/** A curator's own edit outranks the sector file, which outranks what pages say. */
const authority = (signal: string) => (signal === 'curator' ? 2 : signal === 'sector-file' ? 1 : 0)

/**
 * One handle per network for display, the sector file's first: a curator's word wins over a page's.
 * The others are kept as found but do not show.
 */
export function preferredHandles<H extends { network: string; signal: string }>(handles: H[]): H[] {
  const byNetwork = new Map<string, H>()
  for (const h of handles) {
    if (h.signal === 'curator-removed') continue
    const had = byNetwork.get(h.network)
    if (!had || authority(h.signal) > authority(had.signal)) byNetwork.set(h.network, h)
  }
  return [...byNetwork.values()]
}

// Networks where a handle written in a post's text mentions its owner. LinkedIn and Facebook
// mention through their own APIs only: their drafts name the author instead.
const MENTIONABLE = new Set(['x', 'mastodon', 'bluesky', 'threads'])

/**
 * The handle to mention on each network for an article's author: the curator's, else the sector
 * file's (as written there, or as the directory stored it), else one the pages gave.
 */
export function mentionHandles(
  directory: { network: string; handle: string; signal: string }[],
  sectorFile: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const h of preferredHandles(directory))
    if (MENTIONABLE.has(h.network)) out[h.network] = h.handle
  const curators = new Set(directory.filter((h) => h.signal === 'curator').map((h) => h.network))
  for (const [network, raw] of Object.entries(sectorFile)) {
    const net = network.toLowerCase() === 'twitter' ? 'x' : network.toLowerCase()
    if (raw.trim() && !curators.has(net)) out[net] = raw
  }
  return out
}
