import type { Command } from 'commander'
import { table } from '../cli-output.ts'
import { AppError } from '../lib/errors.ts'
import type { Services } from '../jobs/services.ts'
import { getSector, type SourceSuggestion } from '../store/index.ts'

type WithServices = <T>(fn: (s: Services) => Promise<T>) => Promise<T>

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : s + '\n')

const suggestionJson = (s: SourceSuggestion) => ({
  host: s.host,
  siteUrl: s.siteUrl,
  feedUrl: s.feedUrl,
  title: s.title,
  citingSources: s.citingSources,
  citations: s.citations,
  affinity: s.affinity,
  checkedAt: s.checkedAt?.toISOString() ?? null,
  error: s.error,
})

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new AppError('validation_failed', { field: 'max-sites' }, '--max-sites takes 1 to 1000')
  return n
}

/** `vigie discover --sector S [--max-sites N] [--recheck] [--json]`: cited sites not followed yet. */
export function registerDiscoverCommands(program: Command, withServices: WithServices) {
  program
    .command('discover')
    .description(
      "refresh a sector's suggested sources (sites its articles cite but it does not follow) and look for their feeds",
    )
    .requiredOption('--sector <slug>', 'sector')
    .option('--max-sites <n>', 'sites whose feed is looked for in this run', positiveInt)
    .option('--recheck', 'look again at sites checked in the last week')
    .option('--json', 'print JSON on stdout')
    .action(async (o) =>
      withServices(async (s) => {
        if (!(await getSector(s.db, o.sector)))
          throw new AppError('sector_not_found', { slug: o.sector }, `no sector "${o.sector}"`)
        const run = await s.discovery.discover(o.sector, {
          maxSites: o.maxSites,
          ...(o.recheck ? { recheckAfterMs: 0 } : {}),
        })
        if (o.json)
          return out(
            JSON.stringify(
              {
                sector: o.sector,
                candidates: run.candidates,
                checked: run.checked,
                found: run.found,
                suggestions: run.suggestions.map(suggestionJson),
              },
              null,
              2,
            ),
          )
        out(
          `${run.candidates} cited sites not followed; ${run.checked} checked now, ${run.found} with a feed`,
        )
        if (!run.suggestions.length) return
        out(
          table(
            run.suggestions.map((x) => ({
              site: x.siteUrl,
              feed: x.feedUrl ?? (x.error ? 'none found' : 'not checked'),
              sources: x.citingSources,
              citations: x.citations,
              affinity: x.affinity ?? '',
            })),
            ['site', 'feed', 'sources', 'citations', 'affinity'],
          ),
        )
      }),
    )
}
