import type { Config } from '../config.ts'
import { createExtractor, type Extractor } from '../extract/index.ts'
import { systemClock, type Clock } from '../lib/clock.ts'
import { createHostLimiter } from '../lib/host-limiter.ts'
import type { Log } from '../lib/log.ts'
import { createSafeFetch } from '../lib/safe-fetch.ts'
import { formatSectorError, loadSectors, type SectorLoadError } from '../sectors/index.ts'
import {
  adoptAddedArticles,
  listSectorNames,
  migrateDb,
  openDb,
  syncSectors,
} from '../store/index.ts'
import { runCrawl, type CrawlOptions, type CrawlProgress } from './crawl.ts'
import { recomputeDirectory } from './directory.ts'
import { createSourceDiscovery } from './source-discovery.ts'
import { addArticleByUrl, type ArticleToAdd } from './article-add.ts'
import { createSlots } from '../lib/slots.ts'
import { createScoring } from './scoring.ts'
import { createMailer } from '../digest/index.ts'
import { createChannels } from './reshare-channels.ts'
import { createDrivers } from './reshare-drivers.ts'
import { createResharing } from './resharing.ts'
import { crawlerId } from '../crawl/index.ts'
import { openSecretBox, type SecretBox } from '../lib/secret-box.ts'
import {
  createIndexCatchUp,
  createSearchIndex,
  indexDocsFor,
  LOADED_DOC_BYTES,
} from '../search/index.ts'

export type Services = Awaited<ReturnType<typeof openServices>>

/** Everything a command or the server needs, wired from the config: database migrated, sectors synced. */
export async function openServices(config: Config, log: Log, clock: Clock = systemClock) {
  const database = await openDb({
    url: config.databaseUrl,
    authToken: config.databaseAuthToken,
    log,
  })
  await migrateDb(database)
  const { db } = database
  const sectorErrors = await reloadSectors()
  const fetch = createSafeFetch({
    allowHosts: config.allowHosts,
    userAgent: config.userAgent,
    timeoutMs: config.fetch.timeoutMs,
    connectTimeoutMs: config.fetch.connectTimeoutMs,
  })
  const hostLimiter = createHostLimiter({
    perHost: config.crawl.perHostConcurrency,
    delayMs: config.crawl.perHostDelayMs,
  })
  // Workers take seconds to load jsdom: start them only for work that extracts.
  let extractor: Extractor | null = null
  const getExtractor = () =>
    (extractor ??= createExtractor({
      workers: config.extract.workers,
      timeoutMs: config.extract.timeoutMs,
    }))

  async function reloadSectors(): Promise<SectorLoadError[]> {
    const { sectors, errors } = await loadSectors(config.feedsDir)
    for (const e of errors) log.error(`sector file skipped: ${formatSectorError(e)}`)
    await syncSectors(db, sectors, clock.now())
    // A site the file now follows takes the articles added by hand from it.
    for (const s of sectors) await adoptAddedArticles(db, s.slug)
    return errors
  }

  const search = createSearchIndex({
    dir: config.indexDir,
    maxLoadedDocs: Math.floor((config.searchMemoryMb * 1e6) / LOADED_DOC_BYTES),
    log,
    clock,
    docsFor: (ids) => indexDocsFor(db, ids),
  })
  const catchUp = createIndexCatchUp(search, db, { clock })
  // The scoring worker saves scores on its own connection: the server's thread stays free for requests.
  const scored = createScoring({
    db,
    clock,
    log,
    database: {
      url: config.databaseUrl,
      authToken: config.databaseAuthToken,
      turns: database.turns,
    },
    storage: database.storage,
  })
  // Shares the crawl's host limiter: a site is asked one thing at a time, whoever asks.
  const discovery = createSourceDiscovery({
    db,
    clock,
    log,
    allowHosts: config.allowHosts,
    scoring: scored,
    discovery: {
      fetch,
      hostLimiter,
      maxPageBytes: config.fetch.maxPageBytes,
      maxFeedBytes: config.fetch.maxFeedBytes,
      now: () => clock.now(),
      listArticles: (input) => getExtractor().listing(input),
    },
  })
  // A decision changes the article's state, which search filters on: reindex that article at once.
  const scoring = {
    ...scored,
    async decide(input: Parameters<typeof scored.decide>[0]) {
      const decision = await scored.decide(input)
      if (catchUp.loaded) await search.upsert(await indexDocsFor(db, [input.articleId]))
      return decision
    },
  }

  // The key file is read (or created) on first use only: commands that touch no channel and send no
  // alert never need it.
  let openedBox: SecretBox | null = null
  const box = () =>
    (openedBox ??= openSecretBox({ key: config.secretKey, keyFile: config.secretKeyFile }))
  const channels = createChannels({
    db,
    box,
    now: () => clock.now(),
  })
  const drivers = createDrivers({ db, fetch, channels, clock, log })
  const resharing = {
    ...createResharing({ db, clock, log, channels, drivers, scoring, owner: crawlerId() }),
    channels,
  }

  // Pages added by hand wait for a host and a worker like a crawl's pages, within bounds of their own.
  const handPageSlots = createSlots(4)
  const addArticle = (input: ArticleToAdd) =>
    addArticleByUrl(
      {
        db,
        clock,
        log,
        allowHosts: config.allowHosts,
        page: {
          fetch,
          hostLimiter,
          extractor: getExtractor(),
          maxPageBytes: config.fetch.maxPageBytes,
          pageSlots: handPageSlots,
        },
        scoring,
        search: catchUp.loaded ? search : null,
      },
      input,
    )

  // No SMTP URL, no email: the digest loop stays idle and `vigie digest --send` says why.
  const mailer = config.mail.smtpUrl
    ? createMailer({
        smtpUrl: config.mail.smtpUrl,
        from: config.mail.from,
        allowHosts: config.allowHosts,
        connectTimeoutMs: config.fetch.connectTimeoutMs,
        timeoutMs: config.fetch.timeoutMs,
      })
    : null

  /** Loads the saved index and catches up with the database (after a crash, or a first start). */
  const openSearch = catchUp.run

  /** Every sector's scoring pass, in the background of a started server (see scoring.prime). */
  async function primeScoring() {
    const started = performance.now()
    const slugs = (await listSectorNames(db)).map((s) => s.slug)
    await scoring.prime(slugs)
    return { sectors: slugs.length, ms: Math.round(performance.now() - started) }
  }

  /** A crawl, then the rescoring of the sectors it brought something to. */
  async function crawl(opts: CrawlOptions, onProgress?: (p: CrawlProgress) => void) {
    // The scoring worker loads while the crawl runs: the rescoring after it need not wait for it.
    scoring.warm()
    const summary = await runCrawl(
      {
        db,
        fetch,
        hostLimiter,
        extractor: getExtractor(),
        clock,
        log,
        limits: {
          maxFeedBytes: config.fetch.maxFeedBytes,
          maxPageBytes: config.fetch.maxPageBytes,
          concurrency: config.crawl.concurrency,
        },
        leaseMs: config.crawl.leaseMs,
      },
      opts,
      onProgress,
    )
    for (const slug of summary.sectorsChanged) await scoring.rescoreSector(slug)
    // After scoring, whose scores it averages; a failure here must not fail the crawl.
    for (const slug of summary.sectorsChanged)
      await recomputeDirectory({ db, clock, log }, slug).catch((err: unknown) =>
        log.error('directory failed', { sector: slug, error: String(err) }),
      )
    // Then the cited sites not followed yet: a few per crawl, so discovery never slows crawling much.
    const maxSites = config.crawl.discoverSites
    for (const slug of maxSites ? summary.sectorsChanged : [])
      await discovery
        .discover(slug, { maxSites })
        .catch((err: unknown) =>
          log.error('discovery failed', { sector: slug, error: String(err) }),
        )
    // A server's loaded index also catches up with what crawls in other processes (cron) stored.
    if (summary.sectorsChanged.length || catchUp.loaded) await openSearch()
    return summary
  }

  return {
    config,
    db,
    database,
    storage: database.storage,
    log,
    clock,
    fetch,
    sectorErrors,
    reloadSectors,
    getExtractor,
    crawl,
    scoring,
    discovery,
    resharing,
    mailer,
    box,
    addArticle,
    search,
    openSearch,
    primeScoring,
    searchCatchUp: catchUp.status,
    async close() {
      await catchUp.stop()
      await scoring.settled()
      await scoring.close()
      if (catchUp.loaded) await search.save()
      await extractor?.close()
      await fetch.close()
      database.close()
    },
  }
}
