import type { ProfileSignals } from '../extract/index.ts'
import { normaliseName } from './names.ts'
import { discoverProfiles } from './profiles.ts'
import type { FoundHandle } from './types.ts'

/** The handles found on a source's pages, per author spelling on that source and for the site. */
export interface FoundProfiles {
  /** by `${feedId}|${normName}`, each handle once, as `dedupe` keeps it */
  authors: Map<string, FoundHandle[]>
  /** by source */
  sources: Map<number, FoundHandle[]>
}

/** One row per network and handle: the sector file's, else the first found. */
export function dedupe(handles: FoundHandle[]): FoundHandle[] {
  const out = new Map<string, FoundHandle>()
  for (const h of handles) addHandle(out, h)
  return [...out.values()]
}

function addHandle(into: Map<string, FoundHandle>, h: FoundHandle) {
  const key = `${h.network}:${h.handle}`
  const had = into.get(key)
  if (!had || (h.signal === 'sector-file' && had.signal !== 'sector-file')) into.set(key, h)
}

/**
 * Profile discovery over articles given a page at a time (in id order): only the distinct handles
 * are kept, so memory grows with the people and sites found, not with the articles read. Keeping
 * the first of each handle gives what deduplicating the whole list would.
 */
export function collectProfiles() {
  const authors = new Map<string, Map<string, FoundHandle>>()
  const sources = new Map<number, Map<string, FoundHandle>>()
  const into = <K>(map: Map<K, Map<string, FoundHandle>>, key: K) => {
    let m = map.get(key)
    if (!m) map.set(key, (m = new Map()))
    return m
  }
  return {
    add(article: {
      id: number
      feedId: number
      author: string | null
      signals: ProfileSignals | null
    }) {
      if (!article.signals) return
      const found = discoverProfiles(article)
      if (found.source.length) {
        const m = into(sources, article.feedId)
        for (const h of found.source) addHandle(m, h)
      }
      for (const author of found.authors) {
        const normName = normaliseName(author.name)
        if (!normName || !author.handles.length) continue
        const m = into(authors, `${article.feedId}|${normName}`)
        for (const h of author.handles) addHandle(m, h)
      }
    },
    result(): FoundProfiles {
      const list = <K>(map: Map<K, Map<string, FoundHandle>>) =>
        new Map([...map].map(([k, m]) => [k, [...m.values()]]))
      return { authors: list(authors), sources: list(sources) }
    },
  }
}

/** The profiles of articles all in hand (tests, small sectors). */
export function foundProfilesOf(
  articles: { id: number; feedId: number; author: string | null; signals: ProfileSignals | null }[],
): FoundProfiles {
  const collector = collectProfiles()
  for (const a of articles) collector.add(a)
  return collector.result()
}
