import { computeDirectory, outboundLinks, siteHost, WEEKS } from '../directory/index.ts'
import type { ProfileSignals } from '../extract/index.ts'
import type { Clock } from '../lib/clock.ts'
import type { Log } from '../lib/log.ts'
import {
  articlesChangedSince,
  articlesForLinks,
  directoryScannedUntil,
  directorySources,
  replaceCitations,
  saveDirectory,
  type CitationRow,
  type Db,
} from '../store/index.ts'

export interface DirectoryDeps {
  db: Db
  clock: Clock
  log: Log
}

/**
 * Reads the links of the articles changed since the last run (the costly part, so incremental),
 * then recomputes the sector's people, handles, figures and influence from all it has.
 */
export async function recomputeDirectory(deps: DirectoryDeps, sectorSlug: string) {
  const { db, clock, log } = deps
  const started = Date.now()
  const since = await directoryScannedUntil(db, sectorSlug)
  let scannedUntil = since ?? new Date(0)
  const changed = await articlesChangedSince(db, sectorSlug, since)
  for (let i = 0; i < changed.length; i += 500) {
    const ids = changed.slice(i, i + 500).map((a) => a.id)
    const page = await articlesForLinks(db, ids)
    const rows: CitationRow[] = page.flatMap((a) => {
      const own = [siteHost(a.url), siteHost(a.canonicalUrl), siteHost(a.siteUrl)]
      return outboundLinks(
        a.html,
        own.filter((h): h is string => !!h),
      ).map((l) => ({
        articleId: a.id,
        sectorSlug,
        feedId: a.feedId,
        targetHost: l.host,
        targetUrl: l.url,
        publishedAt: a.publishedAt,
      }))
    })
    await replaceCitations(db, ids, rows)
  }
  const scanned = changed.length
  const last = changed[changed.length - 1]
  if (last && last.updatedAt > scannedUntil) scannedUntil = last.updatedAt

  const now = clock.now()
  const input = await directorySources(db, sectorSlug, now, WEEKS)
  const computed = computeDirectory({
    now,
    feeds: input.feeds,
    articles: input.articles.map((a) => ({
      ...a,
      signals: (a.signals as ProfileSignals | null) ?? null,
    })),
    citationCounts: input.citationCounts,
    articleCitations: input.articleCitations,
    existingLinks: input.existingLinks,
    pins: input.pins,
  })
  await saveDirectory(db, sectorSlug, computed, clock.now(), scannedUntil)
  log.info('directory computed', {
    sector: sectorSlug,
    scanned,
    people: computed.people.length,
    sources: computed.sources.length,
    ms: Date.now() - started,
  })
  return { scanned, people: computed.people.length, sources: computed.sources.length }
}
