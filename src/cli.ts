import fs from 'node:fs/promises'
import { Command, CommanderError, InvalidArgumentError } from 'commander'
import { registerUserCommands } from './auth/cli-commands.ts'
import { registerDigestCommands } from './cli/digest-commands.ts'
import { registerDirectoryCommands } from './cli/directory-commands.ts'
import { registerDiscoverCommands } from './cli/discover-commands.ts'
import { registerReshareCommands } from './cli/reshare-commands.ts'
import { loadConfig } from './config.ts'
import { crawlProgressReporter, progressReporter, table } from './cli-output.ts'
import { parseFeedFile } from './crawl/index.ts'
import { extractFile } from './extract/extract-file.ts'
import { queueOf } from './jobs/queue.ts'
import { shortlistOf } from './jobs/shortlist.ts'
import { searchArticles, searchResultItem } from './jobs/search.ts'
import { syncIndex } from './search/index.ts'
import { openServices } from './jobs/services.ts'
import { addSectorFeeds } from './jobs/feed-add.ts'
import { AppError, errorMessage } from './lib/errors.ts'
import { createLog } from './lib/log.ts'
import { localDay } from './lib/calendar-days.ts'
import { lowerThisProcess } from './lib/cpu-priority.ts'
import { buildOpml, parseOpml } from './sectors/index.ts'
import {
  compactDatabase,
  databaseSpace,
  getSector,
  listArticles,
  exportableFeeds,
  listSectors,
  migrateDb,
  openDb,
} from './store/index.ts'
import { LOCALES, translator, type Locale } from '../web/i18n/index.ts'
import { reasonLine } from '../web/views/components/reason-line.ts'

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : s + '\n')
const json = (v: unknown): void => out(JSON.stringify(v, null, 2))

async function withServices<T>(
  fn: (s: Awaited<ReturnType<typeof openServices>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig()
  const services = await openServices(config, createLog(config.logLevel))
  try {
    return await fn(services)
  } finally {
    await services.close()
  }
}

/** The `--lang` of a command that prints reason lines: the web app's locales, French by default. */
function localeOption(v: string): Locale {
  if ((LOCALES as readonly string[]).includes(v)) return v as Locale
  throw new InvalidArgumentError(`must be one of ${LOCALES.join(', ')}`)
}

async function requireSector(s: Awaited<ReturnType<typeof openServices>>, slug: string) {
  const sector = await getSector(s.db, slug)
  if (!sector)
    throw new AppError('sector_not_found', { slug }, `no sector "${slug}" (see \`vigie sectors\`)`)
  return sector
}

/** Builds the `vigie` program; each command parses its flags and calls one stage. */
export function buildProgram(): Command {
  const program = new Command('vigie')
    .description('Vigie: crawl, extract and curate the feeds of a sector')
    .showHelpAfterError()

  program
    .command('crawl')
    .description('fetch every due feed now, extract new articles, and exit')
    .option('--sector <slug>', 'only this sector')
    .option('--feed <url>', 'only this feed (fetched even if not due)')
    .option('--all', 'fetch every enabled feed, due or not')
    .option('--json', 'print a summary object on stdout')
    .option(
      '--loop',
      'a crawl worker: crawl due feeds again and again until SIGTERM (one line per crawl)',
    )
    .option('--every <seconds>', 'with --loop, the pause after a crawl', '5')
    .action(async (o) => {
      // A crawl beside the server must not slow the curator's pages: it takes the CPU they leave.
      lowerThisProcess()
      return withServices(async (s) => {
        if (o.sector) await requireSector(s, o.sector)
        if (o.loop) return crawlLoop(s, { sectorSlug: o.sector }, Number(o.every) * 1000)
        const progress = crawlProgressReporter()
        const summary = await s.crawl(
          { sectorSlug: o.sector, feedUrl: o.feed, all: o.all },
          progress.update,
        )
        progress.stop()
        const { sectorsChanged: _s, ...printed } = summary
        if (o.json) json(printed)
        else {
          out(
            `feeds: ${summary.feedsOk} ok, ${summary.feedsNotModified} not modified, ${summary.feedsFailed} failed` +
              (summary.feedsLeased
                ? `, ${summary.feedsLeased} held by another running crawler (not crawled)`
                : '') +
              `; articles: ${summary.articlesNew} new, ${summary.articlesUpdated} updated`,
          )
          for (const e of summary.errors) out(`  failed ${e.feedUrl}: ${e.error}`)
        }
      })
    })

  // Several workers (and `vigie serve`) may loop on one database: leases keep each feed to one of them.
  async function crawlLoop(
    s: Awaited<ReturnType<typeof openServices>>,
    opts: { sectorSlug?: string },
    pauseMs: number,
  ) {
    if (!(pauseMs >= 0)) throw new Error('--every must be a number of seconds')
    let stopped = false
    let wake = () => {}
    const stop = () => ((stopped = true), wake())
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
    while (!stopped) {
      const summary = await s.crawl(opts)
      const { sectorsChanged: _s, errors, ...counts } = summary
      if (counts.feedsOk + counts.feedsNotModified + counts.feedsFailed > 0)
        out(JSON.stringify({ ...counts, errors: errors.length }))
      // SIGTERM ends the pause at once (its timer would hold the process until it ran out).
      await new Promise<void>((r) => {
        const timer = setTimeout(r, pauseMs)
        wake = () => (clearTimeout(timer), r())
      })
    }
  }

  program
    .command('sectors')
    .description('list the sectors with feed counts and last crawl time')
    .option('--json', 'print JSON on stdout')
    .action(async (o) =>
      withServices(async (s) => {
        const rows = await listSectors(s.db)
        if (o.json) return json(rows)
        out(
          table(
            rows.map((r) => ({ ...r, lastCrawlAt: r.lastCrawlAt?.toISOString() ?? 'never' })),
            ['slug', 'name', 'language', 'feeds', 'feedsFailing', 'articles', 'lastCrawlAt'],
          ),
        )
      }),
    )

  program
    .command('import-opml')
    .description('add the feeds of an OPML file to a sector')
    .argument('<file>', 'OPML file')
    .requiredOption('--sector <slug>', 'sector to add the feeds to')
    .action(async (file: string, o) =>
      withServices(async (s) => {
        await requireSector(s, o.sector)
        const { outlines } = parseOpml(await fs.readFile(file, 'utf8'))
        const { added, existing, refused, noFeed } = await addSectorFeeds(
          {
            db: s.db,
            allowHosts: s.config.allowHosts,
            now: s.clock.now(),
            findFeed: s.discovery.findFeed,
          },
          o.sector,
          outlines.map((x) => ({ url: x.xmlUrl, title: x.title || x.xmlUrl, siteUrl: x.htmlUrl })),
          'opml',
        )
        out(`${outlines.length} feeds in ${file}: ${added} added, ${existing} already there`)
        for (const r of refused)
          out(`refused ${r.url}: ${r.host} is a private or local address (see VIGIE_ALLOW_HOSTS)`)
        for (const r of noFeed) out(`skipped ${r.url}: ${r.reason}`)
      }),
    )

  program
    .command('export-opml')
    .description("write a sector's feeds as OPML 2.0 on stdout")
    .requiredOption('--sector <slug>', 'sector to export')
    .action(async (o) =>
      withServices(async (s) => {
        const sector = await requireSector(s, o.sector)
        const list = await exportableFeeds(s.db, o.sector)
        out(
          buildOpml({
            title: `Vigie: ${sector.name}`,
            outlines: list.map((f) => ({
              title: f.sourceName,
              xmlUrl: f.url,
              htmlUrl: f.siteUrl,
              category: f.kind,
            })),
          }),
        )
      }),
    )

  program
    .command('articles')
    .description('the newest articles of a sector')
    .requiredOption('--sector <slug>', 'sector')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .option('--json', 'print JSON on stdout')
    .action(async (o) =>
      withServices(async (s) => {
        await requireSector(s, o.sector)
        const rows = await listArticles(s.db, { sectorSlug: o.sector, limit: o.limit })
        if (o.json) {
          return json(
            rows.map(({ extractState: _e, ...r }) => ({
              ...r,
              publishedAt: r.publishedAt.toISOString(),
            })),
          )
        }
        out(
          table(
            rows.map((r) => ({
              ...r,
              publishedAt: r.publishedAt.toISOString().slice(0, 16),
              title: r.title.slice(0, 60),
            })),
            ['id', 'publishedAt', 'lang', 'wordCount', 'author', 'title', 'url'],
          ),
        )
      }),
    )

  program
    .command('add')
    .description(
      'add a page found elsewhere to a sector by its address: fetched, extracted, filed under its site, scored',
    )
    .argument('<url>', 'the page, http or https')
    .requiredOption('--sector <slug>', 'sector')
    .option('--approve', 'approve it at once (the sector model learns from it)')
    .option('--json', 'print { id, existing, approved } on stdout')
    .action(async (url: string, o) =>
      withServices(async (s) => {
        await requireSector(s, o.sector)
        const added = await s.addArticle({
          sectorSlug: o.sector,
          url,
          approve: !!o.approve,
          actor: 'cli',
        })
        // Scored before the process ends: the pass runs behind the answer in a server.
        await s.scoring.settled()
        if (o.json) return json(added)
        out(
          `${added.existing ? 'already in' : 'added to'} ${o.sector}: article ${added.id}` +
            (added.approved ? ' (approved)' : ''),
        )
      }),
    )

  program
    .command('extract')
    .description(
      "run the crawler's extraction on saved pages (files or URLs), one JSON object per line",
    )
    .argument('<inputs...>', 'HTML files (.gz allowed) or http(s) URLs')
    .option('--base-url <url>', 'the URL the saved page came from (resolves its links)')
    .option('--json', 'print one JSON object per input with every field')
    .action(async (inputs: string[], o) => {
      const config = loadConfig()
      let failed = 0
      for (const input of inputs) {
        const r = await extractFile(config, input, o.baseUrl)
        if (r.error) failed++
        if (o.json) out(JSON.stringify(r))
        else if (r.error) out(`${input}: error: ${r.error}`)
        else
          out(
            `${input}: "${r.title}" by ${r.author ?? '?'} (${r.lang ?? '?'}, ${r.wordCount} words, ${r.publishedAt ?? 'no date'})`,
          )
      }
      if (failed) process.exitCode = 1
    })

  program
    .command('parse-feed')
    .description('parse saved feed files without fetching anything, one JSON object per file')
    .argument('<files...>', 'feed files (.gz allowed)')
    .option('--json', 'print one JSON object per file')
    .action(async (files: string[], o) => {
      let failed = 0
      for (const file of files) {
        try {
          const feed = await parseFeedFile(file)
          if (o.json) out(JSON.stringify({ file, ...feed }))
          else out(`${file}: ${feed.format} "${feed.title}", ${feed.entries.length} entries`)
        } catch (err) {
          failed++
          if (o.json) out(JSON.stringify({ file, error: errorMessage(err) }))
          else out(`${file}: error: ${errorMessage(err)}`)
        }
      }
      if (failed) process.exitCode = 1
    })

  program
    .command('search')
    .description('full-text search over the articles (French and English aware)')
    .argument('<query>', 'words to find; the last one may be a prefix')
    .option('--sector <slug>', 'only this sector')
    .option('--lang <lang>', 'only this language (fr, en)')
    .option('--limit <n>', 'how many results', (v) => Number.parseInt(v, 10), 20)
    .option('--json', 'print JSON on stdout')
    .action(async (query: string, o) =>
      withServices(async (s) => {
        if (o.sector) await requireSector(s, o.sector)
        await s.openSearch()
        const { result, hits } = await searchArticles(
          s,
          query,
          { sectorSlug: o.sector, lang: o.lang },
          { limit: o.limit, withText: false },
        )
        const items = hits.map(searchResultItem)
        if (o.json) return json(items)
        out(`${result.total} results${result.relaxed ? ' (not every word matched)' : ''}`)
        for (const i of items)
          out(
            `${i.score.toFixed(1).padStart(6)}  ${i.title}  (${i.source}, ${i.publishedAt.slice(0, 10)})\n        ${i.url}`,
          )
      }),
    )

  program
    .command('reindex')
    .description('rebuild the search index from the database')
    .action(async () =>
      withServices(async (s) => {
        const progress = progressReporter('reindex', 'articles')
        await s.search.load()
        const changes = await syncIndex(s.search, s.db, {
          rebuild: true,
          onProgress: progress.update,
        })
        await s.search.save()
        progress.stop()
        out(
          `search index rebuilt: ${s.search.size} articles (${changes.removed} stale entries dropped)`,
        )
      }),
    )

  program
    .command('vacuum')
    .description(
      'shrink the database file to what it holds (after retention deleted many articles); stop the server and workers first',
    )
    .option('--dry-run', 'only say how much it would free')
    .action(async (o) => {
      const config = loadConfig()
      // VACUUM needs the database to itself: a short wait for the lock, then say who holds it.
      const database = await openDb({
        url: config.databaseUrl,
        authToken: config.databaseAuthToken,
        busyTimeoutMs: 2_000,
      })
      const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`
      try {
        await migrateDb(database)
        if (o.dryRun) {
          const space = await databaseSpace(database.client)
          return out(`database: ${mb(space.bytes)}, of which ${mb(space.freeBytes)} free pages`)
        }
        const { before, after } = await compactDatabase(database.client)
        out(`database: ${mb(before.bytes)} before, ${mb(after.bytes)} after`)
      } finally {
        database.close()
      }
    })

  program
    .command('rescore')
    .description("recompute a sector's scores and stories (after editing its profile)")
    .requiredOption('--sector <slug>', 'sector')
    .action(async (o) =>
      withServices(async (s) => {
        await requireSector(s, o.sector)
        const n = await s.scoring.rescoreSector(o.sector)
        out(`${n} articles rescored in ${o.sector}`)
      }),
    )

  program
    .command('queue')
    .description('the ranked queue of undecided story cards of a sector')
    .requiredOption('--sector <slug>', 'sector')
    .option('--limit <n>', 'how many cards', (v) => Number.parseInt(v, 10), 30)
    .option('--lang <fr|en>', 'the language of the reason lines', localeOption, 'fr')
    .option('--json', 'print JSON on stdout')
    .action(async (o) =>
      withServices(async (s) => {
        await requireSector(s, o.sector)
        const cards = await queueOf(s, o.sector, { limit: o.limit })
        if (o.json) return json(cards)
        // The reason line the web card shows, in the same words.
        const t = translator(o.lang)
        for (const c of cards) {
          out(
            `${c.score.toFixed(2)}  ${c.title}  (${c.source}, ${c.publishedAt.slice(0, 10)})\n      ${reasonLine(c, t)}`,
          )
          if (c.alsoCoveredBy.length)
            out(`      also covered by: ${c.alsoCoveredBy.map((x) => x.source).join(', ')}`)
        }
      }),
    )

  program
    .command('shortlist')
    .description("the day's curated shortlist of a sector (saved once produced)")
    .requiredOption('--sector <slug>', 'sector')
    .option('--date <YYYY-MM-DD>', "the day (default the sector's today, in its time zone)")
    .option('--size <n>', 'how many items', (v) => Number.parseInt(v, 10), 10)
    .option('--lang <fr|en>', 'the language of the reason lines', localeOption, 'fr')
    .option('--json', 'print JSON on stdout')
    .action(async (o) =>
      withServices(async (s) => {
        const sector = await requireSector(s, o.sector)
        const day = o.date ?? localDay(s.clock.now(), sector.timezone)
        const list = await shortlistOf(s, o.sector, day, o.size)
        if (o.json) return json(list.items)
        const t = translator(o.lang)
        out(`Shortlist ${o.sector} ${day} (produced ${list.createdAt})`)
        for (const i of list.items)
          out(
            `${String(i.rank).padStart(2)}. [${i.status}] ${i.score.toFixed(2)}  ${i.title}  (${i.source})\n      ${reasonLine(i, t)}`,
          )
      }),
    )

  registerUserCommands(program, withServices)
  registerReshareCommands(program, withServices)
  registerDigestCommands(program, withServices)
  registerDiscoverCommands(program, withServices)
  registerDirectoryCommands(program, withServices)

  program
    .command('serve')
    .description('start the web app and the background crawler (what `npm start` does)')
    .action(async () => {
      const { start } = await import('./main.ts')
      await start()
    })

  return program
}

/** Runs the CLI and returns the exit code: 0 ok, 1 a command failed, 2 bad usage. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride()
  try {
    await program.parseAsync(argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    process.stderr.write(`vigie: ${errorMessage(err)}\n`)
    return 1
  }
}
