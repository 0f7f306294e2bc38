import {
  discoverFeed,
  listPage,
  type FeedDiscovery,
  type FeedDiscoveryDeps,
  type PageListing,
} from '../crawl/index.ts'
import type { Clock } from '../lib/clock.ts'
import { AppError } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import {
  getSector,
  getSuggestion,
  setSuggestionStatus,
  type Db,
  type SourceSuggestion,
} from '../store/index.ts'
import { discoverSources, type DiscoverSourcesOptions } from './discover-sources.ts'
import { addFeedByAddress } from './feed-add.ts'
import type { Scoring } from './scoring.ts'

export interface SuggestionAnswerDeps {
  db: Db
  clock: Clock
  allowHosts: readonly string[]
  /** Without it a suggestion can be followed only once its feed is known. */
  findFeed?: (url: string) => Promise<FeedDiscovery>
  /** With it a site without a feed is followed through the articles its page lists. */
  listPage?: (url: string) => Promise<PageListing>
}

const isRefusal = (err: unknown, reason: string) =>
  err instanceof AppError && err.details.reason === reason

async function suggestionOrThrow(db: Db, sectorSlug: string, host: string) {
  const s = await getSuggestion(db, sectorSlug, host)
  if (!s) throw new AppError('not_found', { field: 'host', host }, `no suggested source "${host}"`)
  return s
}

/**
 * Makes a suggestion a feed of `intoSector` (its own sector by default) the way a curator adds a
 * source by its address, and marks it followed for good.
 */
export async function followSuggestion(
  deps: SuggestionAnswerDeps,
  sectorSlug: string,
  host: string,
  intoSector = sectorSlug,
): Promise<{ suggestion: SourceSuggestion; added: number; feedUrl: string }> {
  const { db, clock } = deps
  const s = await suggestionOrThrow(db, sectorSlug, host)
  if (!(await getSector(db, intoSector)))
    throw new AppError('sector_not_found', { slug: intoSector }, `no sector "${intoSector}"`)
  if (!s.feedUrl && !deps.findFeed)
    throw new AppError(
      'validation_failed',
      { field: 'host', reason: 'no_feed' },
      `no feed is known for ${s.siteUrl} yet`,
    )
  const entry = {
    db,
    allowHosts: deps.allowHosts,
    now: clock.now(),
    findFeed: deps.findFeed,
    listPage: deps.listPage,
  }
  const typed = {
    url: s.feedUrl ?? s.siteUrl,
    title: s.title ?? s.host,
    siteUrl: s.siteUrl,
    kind: 'blog' as const,
  }
  const { added, feed } = await addFeedByAddress(entry, intoSector, typed, 'manual').catch(
    (err: unknown) => {
      // No feed: the articles its page lists, when it lists some (else "no feed" is the answer).
      if (!deps.listPage || !isRefusal(err, 'no_feed')) throw err
      return addFeedByAddress(entry, intoSector, { ...typed, sourceType: 'page' }, 'manual').catch(
        (pageErr: unknown) => {
          throw isRefusal(pageErr, 'no_articles') ? err : pageErr
        },
      )
    },
  )
  await setSuggestionStatus(db, sectorSlug, host, 'followed', clock.now())
  return { suggestion: { ...s, status: 'followed' }, added, feedUrl: feed.url }
}

/** Hides a suggestion for good: later recomputations keep it dismissed. */
export async function dismissSuggestion(
  deps: Pick<SuggestionAnswerDeps, 'db' | 'clock'>,
  sectorSlug: string,
  host: string,
): Promise<SourceSuggestion> {
  const s = await suggestionOrThrow(deps.db, sectorSlug, host)
  await setSuggestionStatus(deps.db, sectorSlug, host, 'dismissed', deps.clock.now())
  return { ...s, status: 'dismissed' }
}

export interface SourceDiscoveryDeps {
  db: Db
  clock: Clock
  log: Log
  allowHosts: readonly string[]
  discovery: FeedDiscoveryDeps
  /** Scores a found feed's items as the queue would (its affinity). */
  scoring: Pick<Scoring, 'affinity'>
}

/** Feed autodiscovery through the safe fetcher, the sector runs, and the answers to suggestions. */
export function createSourceDiscovery(deps: SourceDiscoveryDeps) {
  const findFeed = (url: string) => discoverFeed(deps.discovery, url)
  const readPage = (url: string) => listPage(deps.discovery, url)
  const answers = { ...deps, findFeed, listPage: readPage }
  return {
    findFeed,
    listPage: readPage,
    discover: (sectorSlug: string, opts?: DiscoverSourcesOptions) =>
      discoverSources(deps, sectorSlug, opts),
    follow: (sectorSlug: string, host: string, intoSector?: string) =>
      followSuggestion(answers, sectorSlug, host, intoSector),
    dismiss: (sectorSlug: string, host: string) => dismissSuggestion(deps, sectorSlug, host),
  }
}

export type SourceDiscovery = ReturnType<typeof createSourceDiscovery>
