import { createExtractor, type Extractor } from '../../src/extract/index.ts'
import { runCrawl, type CrawlOptions } from '../../src/jobs/crawl.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { createHostLimiter } from '../../src/lib/host-limiter.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSafeFetch } from '../../src/lib/safe-fetch.ts'
import { syncSectors, type Database } from '../../src/store/index.ts'

let shared: Extractor | null = null
/** One worker pool per test file: workers take seconds to start. Close it in afterAll. */
export function sharedExtractor(): Extractor {
  return (shared ??= createExtractor({ workers: 2, timeoutMs: 10_000 }))
}
export async function closeSharedExtractor() {
  await shared?.close()
  shared = null
}

export interface FeedSpec {
  url: string
  name?: string
  kind?: 'blog' | 'media' | 'influencer'
  /** A site without a feed: `url` is the page listing its articles. */
  noFeed?: boolean
}

/** Seeds a sector with these feeds and returns a crawl function wired like the app's, on a fixed clock. */
export async function crawlEnv(database: Database, feedList: FeedSpec[], opts: { timeoutMs?: number; maxFeedBytes?: number; maxPageBytes?: number; slug?: string } = {}) {
  const clock = fixedClock(new Date())
  const slug = opts.slug ?? 'community-management'
  await syncSectors(
    database.db,
    [
      {
        slug,
        name: 'Community management',
        language: 'fr',
        profile: { topics: [], excluded: [], halfLifeHours: 48 },
        file: null,
        sources: feedList.map((f, i) => ({
          name: f.name ?? `Source ${i + 1}`,
          siteUrl: null,
          feedUrl: f.url,
          noFeed: f.noFeed,
          kind: f.kind ?? 'blog',
          people: [],
        })),
      },
    ],
    clock.now(),
  )
  const fetch = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    userAgent: 'Vigie-test',
    timeoutMs: opts.timeoutMs ?? 3000,
    connectTimeoutMs: 1000,
    // Tests name hosts by loopback IP only: a host name reaching DNS would be a packet off this machine.
    resolve: async (hostname) => {
      throw new Error(`tests must not resolve host names (${hostname})`)
    },
  })
  const deps = {
    db: database.db,
    fetch,
    hostLimiter: createHostLimiter({ perHost: 2, delayMs: 0 }),
    extractor: sharedExtractor(),
    clock,
    log: silentLog,
    limits: { maxFeedBytes: opts.maxFeedBytes ?? 1_000_000, maxPageBytes: opts.maxPageBytes ?? 1_000_000, concurrency: 4 },
  }
  return { clock, deps, crawl: (o: CrawlOptions = {}) => runCrawl(deps, o), close: () => fetch.close() }
}
