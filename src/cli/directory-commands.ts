import type { Command } from 'commander'
import { stringify } from 'csv-stringify/sync'
import { table } from '../cli-output.ts'
import { perWeek, preferredHandles } from '../directory/index.ts'
import type { Services } from '../jobs/services.ts'
import { AppError } from '../lib/errors.ts'
import { getSector, listSuggestions, readDirectory } from '../store/index.ts'

type WithServices = <T>(fn: (s: Services) => Promise<T>) => Promise<T>

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : s + '\n')
const round = (n: number | null | undefined, digits = 4) =>
  n == null ? null : Math.round(n * 10 ** digits) / 10 ** digits

/** The directory as the CLI prints it: each list best first (influence, then citations). */
export async function directoryExport(s: Services, sectorSlug: string) {
  const [directory, suggestions] = await Promise.all([
    readDirectory(s.db, sectorSlug),
    listSuggestions(s.db, sectorSlug),
  ])
  return {
    sources: directory.sources.map((f) => ({
      id: f.id,
      name: f.name,
      siteUrl: f.siteUrl,
      feedUrl: f.feedUrl,
      kind: f.kind,
      followed: f.enabled,
      articles: f.figures?.articles ?? 0,
      articlesPerWeek: perWeek(f.figures?.weekly ?? []),
      citations: f.figures?.citations ?? 0,
      citingSources: f.figures?.citingSources ?? 0,
      influence: round(f.figures?.influence) ?? 0,
      rising: f.figures?.rising ?? false,
      affinity: round(f.figures?.affinity),
    })),
    people: directory.people.map((p) => ({
      id: p.id,
      name: p.name,
      sources: p.sources,
      handles: Object.fromEntries(preferredHandles(p.handles).map((h) => [h.network, h.handle])),
      articles: p.figures?.articles ?? 0,
      citations: p.figures?.citations ?? 0,
      influence: round(p.figures?.influence) ?? 0,
      rising: p.figures?.rising ?? false,
    })),
    suggestions: suggestions.map((g) => ({
      siteUrl: g.siteUrl,
      feedUrl: g.feedUrl,
      title: g.title,
      citingSources: g.citingSources,
      citations: g.citations,
      affinity: round(g.affinity),
    })),
  }
}

// Cells a spreadsheet would run as a formula start with one of these: they are kept as text.
const FORMULA = /^[=+\-@\t\r]/
const cell = (v: unknown) => {
  const text = v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  return FORMULA.test(text) ? `'${text}` : text
}

/** One CSV with a `list` column (source, person, suggestion), for a spreadsheet. */
function directoryCsv(d: Awaited<ReturnType<typeof directoryExport>>): string {
  const columns = [
    'list',
    'id',
    'name',
    'siteUrl',
    'feedUrl',
    'kind',
    'followed',
    'articles',
    'articlesPerWeek',
    'citations',
    'citingSources',
    'influence',
    'rising',
    'affinity',
    'sources',
    'handles',
  ]
  const rows = [
    ...d.sources.map((r) => ({ list: 'source', ...r })),
    ...d.people.map((r) => ({
      list: 'person',
      ...r,
      sources: r.sources.join(' | '),
      handles: Object.entries(r.handles)
        .map(([n, h]) => `${n}:${h}`)
        .join(' | '),
    })),
    ...d.suggestions.map((r) => ({ list: 'suggestion', name: r.title, ...r })),
  ] as Record<string, unknown>[]
  return '\ufeff' + stringify([columns, ...rows.map((r) => columns.map((c) => cell(r[c])))])
}

/** `vigie directory --sector S [--json|--csv]`: the sector's sources, people and suggestions. */
export function registerDirectoryCommands(program: Command, withServices: WithServices) {
  program
    .command('directory')
    .description("print a sector's directory: sources, people and suggested sources, best first")
    .requiredOption('--sector <slug>', 'sector')
    .option('--json', 'print JSON on stdout')
    .option('--csv', 'print CSV on stdout (one row per source, person and suggestion)')
    .action(async (o: { sector: string; json?: boolean; csv?: boolean }) =>
      withServices(async (s) => {
        if (!(await getSector(s.db, o.sector)))
          throw new AppError('sector_not_found', { slug: o.sector }, `no sector "${o.sector}"`)
        const d = await directoryExport(s, o.sector)
        if (o.json) return out(JSON.stringify(d, null, 2))
        if (o.csv) return out(directoryCsv(d))
        out(
          table(
            d.sources.map((r) => ({ ...r, influence: r.influence.toFixed(3) })),
            ['name', 'kind', 'articles', 'citingSources', 'citations', 'influence', 'rising'],
          ),
        )
        out('')
        out(
          table(
            d.people.map((r) => ({ ...r, sources: r.sources.join(', ') })),
            ['name', 'sources', 'articles', 'citations', 'rising'],
          ),
        )
        if (d.suggestions.length) {
          out('')
          out(table(d.suggestions, ['siteUrl', 'feedUrl', 'citingSources', 'citations']))
        }
      }),
    )
}
