import type { Config } from '../config.ts'
import type { Scoring } from '../jobs/scoring.ts'
import type { Resharing } from '../jobs/resharing.ts'
import type { Channels } from '../jobs/reshare-channels.ts'
import type { CrawlOptions, CrawlProgress, CrawlSummary } from '../jobs/crawl.ts'
import type { SourceDiscovery } from '../jobs/source-discovery.ts'
import type { AddedArticle, ArticleToAdd } from '../jobs/article-add.ts'
import type { Clock } from '../lib/clock.ts'
import type { Log } from '../lib/log.ts'
import type { SecretBox } from '../lib/secret-box.ts'
import type { CatchUpStatus, SearchIndex } from '../search/index.ts'
import type { Db, StorageWatch } from '../store/index.ts'
import type { Locale, Translate } from '../../web/i18n/index.ts'

/** What the HTTP layer may call: the stages and jobs, passed in (never opened here). */
export interface AppDeps {
  db: Db
  clock: Clock
  log: Log
  config: Pick<Config, 'feedsDir'> & Partial<Config>
  scoring: Scoring
  search: SearchIndex | null
  /** How far the search index is from the database while it catches up (results incomplete); null once caught up. */
  searchCatchUp?: () => CatchUpStatus | null
  crawler: {
    crawlNow(): Promise<unknown> | null
    status(): (CrawlProgress & { running: boolean }) | null
  } | null
  /** Channels, composer, scheduling and sending of reshares. */
  resharing?: Resharing & { channels: Channels }
  /** A crawl now, with its rescoring and reindexing (the sources page's "fetch now" of one feed). */
  crawl?: (opts: CrawlOptions) => Promise<CrawlSummary>
  /** Re-reads feeds/*.yaml into the database (after a profile edit). */
  reloadSectors?: () => Promise<unknown>
  /** Whether the database can be written (a full disk), for /health. */
  storage?: StorageWatch
  /** Feed autodiscovery and the directory's suggestions of sources to follow. */
  discovery?: SourceDiscovery
  /** Adds a page found elsewhere to a sector, by its address (fetched, extracted, scored). */
  addArticle?: (input: ArticleToAdd) => Promise<AddedArticle>
  /** The installation's key: it opens the stop links of alert emails. */
  box?: () => SecretBox
}

export type { SessionUser } from '../auth/index.ts'
import type { SessionUser } from '../auth/index.ts'

export type AppEnv = {
  Variables: {
    deps: AppDeps
    user: SessionUser | null
    /** The session's CSRF token ('' without a session); forms and scripts send it back. */
    csrf: string
    locale: Locale
    t: Translate
    /** How the request was authenticated: a browser session or a personal API token. */
    auth: 'session' | 'token' | null
  }
}
