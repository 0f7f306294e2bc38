import { discoverFeed, listPage, type FeedDiscoveryDeps, type ParsedFeed } from '../crawl/index.ts'
import { suggestionCandidates } from '../directory/index.ts'
import type { Clock } from '../lib/clock.ts'
import type { Log } from '../lib/log.ts'
import {
  citedHosts,
  getSector,
  listSuggestions,
  pruneNewSuggestions,
  recordSuggestionCheck,
  sectorFeedAddresses,
  suggestionsToCheck,
  upsertSuggestionCounts,
  type Db,
  type ScoringRow,
  type SourceSuggestion,
} from '../store/index.ts'
import type { Scoring } from './scoring.ts'

export interface DiscoverSourcesDeps {
  db: Db
  clock: Clock
  log: Log
  discovery: FeedDiscoveryDeps
  scoring: Pick<Scoring, 'affinity'>
}

export interface DiscoverSourcesOptions {
  /** Sites whose feed is looked for in one run: discovery is a side job, not a second crawler. */
  maxSites?: number
  /** A site checked more recently than this is not asked again. */
  recheckAfterMs?: number
}

// A home page listing fewer articles than this is no blog's list.
const MIN_LISTED = 3

export const DISCOVERY_DEFAULTS = { maxSites: 10, recheckAfterMs: 7 * 24 * 3600_000 }
/** Items of a discovered feed scored against the profile for its affinity. */
export const AFFINITY_SAMPLE = 10

const stripTags = (html: string) =>
  html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .slice(0, 4000)

/** A discovered feed's first items as the queue would read them (title and summary), to score. */
export function feedSample(
  feed: Pick<ParsedFeed, 'title' | 'language' | 'entries'>,
  sectorSlug: string,
  sectorLang: string,
  now: Date,
) {
  return feed.entries.slice(0, AFFINITY_SAMPLE).map((e, i): ScoringRow => ({
    id: -(i + 1),
    sectorSlug,
    // Not a followed feed: the sector's prior for a new source.
    feedId: 0,
    source: feed.title,
    sourceKind: 'blog',
    lang: feed.language ?? sectorLang,
    title: e.title,
    text: e.summary ?? stripTags(e.contentHtml ?? ''),
    excerpt: null,
    publishedAt: e.publishedAt ?? now,
    url: e.link ?? '',
    status: 'new',
    updatedAt: now,
  }))
}

/**
 * Refreshes the sector's suggestions from its citations (counts of every cited, not followed site;
 * dismissed and followed ones keep their status), then looks for the feed of the best few not
 * checked lately, one site after the other, and scores a sample of each found feed.
 */
export async function discoverSources(
  deps: DiscoverSourcesDeps,
  sectorSlug: string,
  opts: DiscoverSourcesOptions = {},
): Promise<{
  candidates: number
  checked: number
  found: number
  suggestions: SourceSuggestion[]
}> {
  const { db, clock, log } = deps
  const { maxSites, recheckAfterMs } = { ...DISCOVERY_DEFAULTS, ...opts }
  const sector = await getSector(db, sectorSlug)
  if (!sector) return { candidates: 0, checked: 0, found: 0, suggestions: [] }
  const [cited, addresses] = await Promise.all([
    citedHosts(db, sectorSlug),
    sectorFeedAddresses(db, sectorSlug),
  ])
  const candidates = suggestionCandidates(
    cited,
    addresses.flatMap((a) => [a.url, a.siteUrl]),
  )
  await upsertSuggestionCounts(db, sectorSlug, candidates, clock.now())
  await pruneNewSuggestions(
    db,
    sectorSlug,
    candidates.map((c) => c.host),
  )

  const due = await suggestionsToCheck(
    db,
    sectorSlug,
    new Date(clock.now().getTime() - recheckAfterMs),
    maxSites,
  )
  let found = 0
  for (const s of due) {
    const result = await discoverFeed(deps.discovery, s.siteUrl)
    // A site without a feed whose home page lists its articles can be followed through it.
    const page = !result.found && result.reached ? await listPage(deps.discovery, s.siteUrl) : null
    const listed =
      page?.reached && page.entries.length >= MIN_LISTED
        ? {
            feedUrl: page.url,
            feed: { title: page.title ?? '', language: null, entries: page.entries },
          }
        : null
    const source = result.found ? result : listed
    if (source) {
      found++
      const sample = feedSample(source.feed, sectorSlug, sector.language, clock.now())
      const affinity = await deps.scoring.affinity(sectorSlug, sample)
      await recordSuggestionCheck(
        db,
        sectorSlug,
        s.host,
        { feedUrl: source.feedUrl, title: source.feed.title || null, affinity, error: null },
        clock.now(),
      )
    } else if (!result.found) {
      await recordSuggestionCheck(
        db,
        sectorSlug,
        s.host,
        { feedUrl: null, title: null, affinity: null, error: result.reason.slice(0, 500) },
        clock.now(),
      )
    }
  }
  log.info('sources discovered', {
    sector: sectorSlug,
    candidates: candidates.length,
    checked: due.length,
    found,
  })
  return {
    candidates: candidates.length,
    checked: due.length,
    found,
    suggestions: await listSuggestions(db, sectorSlug),
  }
}
