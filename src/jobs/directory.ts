import { citationsOf, collectProfiles, computeDirectory, WEEKS } from '../directory/index.ts'
import type { ProfileSignals } from '../extract/index.ts'
import type { Clock } from '../lib/clock.ts'
import type { Log } from '../lib/log.ts'
import {
  articlesChangedSince,
  articlesForLinks,
  latestArticleChange,
  directoryScannedUntil,
  directoryAggregates,
  profileSignalsPage,
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
 * Reads the links of the articles changed since the last run that extraction did not store (those
 * from before it did: the costly part, so incremental), then recomputes the sector's people,
 * handles, figures and influence from SQL aggregates and the profile signals read a page at a time.
 */
export async function recomputeDirectory(deps: DirectoryDeps, sectorSlug: string) {
  const { db, clock, log } = deps
  const started = Date.now()
  // Time per step, logged: what an operator (and the benchmark) looks at when a run is slow.
  const took: Record<string, number> = {}
  let lap = started
  const step = (name: string) => {
    const t = Date.now()
    took[name] = t - lap
    lap = t
  }
  const since = await directoryScannedUntil(db, sectorSlug)
  // Changes up to the latest one now: one made while this run reads is read by the next.
  const until = (await latestArticleChange(db, sectorSlug)) ?? since ?? new Date(0)
  const scannedUntil = since && since > until ? since : until
  const changed = await articlesChangedSince(db, sectorSlug, since, until)
  // Read a thousand bodies at a time, written twenty thousand articles at a time: a write touches
  // index pages all over the host index, and fewer, larger ones touch each page fewer times.
  for (let i = 0; i < changed.length; i += 20_000) {
    const ids = changed.slice(i, i + 20_000)
    const rows: CitationRow[] = []
    for (let j = 0; j < ids.length; j += 1000) {
      const page = await articlesForLinks(db, ids.slice(j, j + 1000))
      for (const a of page) rows.push(...citationsOf({ ...a, sectorSlug }))
    }
    await replaceCitations(db, ids, rows)
  }
  const scanned = changed.length
  step('linksMs')

  const now = clock.now()
  // Profile discovery reads the articles that carry signals a page at a time; the rest is counted by
  // SQLite per source and byline, so memory follows the people and sources, not the articles.
  const profiles = collectProfiles()
  for (let after = 0; ;) {
    const page = await profileSignalsPage(db, sectorSlug, after)
    for (const a of page)
      profiles.add({ ...a, signals: (a.signals as ProfileSignals | null) ?? null })
    if (page.length === 0) break
    after = page[page.length - 1]!.id
  }
  step('profilesMs')
  const input = await directoryAggregates(db, sectorSlug, now, WEEKS)
  step('aggregatesMs')
  const computed = computeDirectory({ ...input, found: profiles.result() })
  step('computeMs')
  await saveDirectory(db, sectorSlug, computed, clock.now(), scannedUntil)
  step('saveMs')
  log.info('directory computed', {
    sector: sectorSlug,
    scanned,
    people: computed.people.length,
    sources: computed.sources.length,
    ms: Date.now() - started,
    ...took,
  })
  return { scanned, people: computed.people.length, sources: computed.sources.length }
}
