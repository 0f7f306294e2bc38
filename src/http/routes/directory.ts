import type { Hono } from 'hono'
import { z } from 'zod'
import { readDirectory } from '../../store/index.ts'
import {
  DIRECTORY_SORTS,
  DirectoryPage,
  type DirectoryEntry,
  type DirectorySort,
} from '../../../web/views/directory/directory-page.tsx'
import { queryString } from '../../../web/views/components/format.tsx'
import { figuresJson } from '../api/directory.ts'
import type { AppEnv } from '../env.ts'
import { suggestionsSection } from './suggestions.ts'
import { requireRole } from '../middleware/session.ts'
import {
  frameOf,
  noSectorPage,
  nonEmptyQuery,
  parseWith,
  renderPage,
  resolveSector,
} from './queue.ts'

const DIRECTORY_TABS = ['sources', 'people', 'suggestions'] as const
const DIRECTORY_PAGE_ROWS = 50

const DirectoryQuery = z.object({
  sector: z.string().max(100).optional(),
  tab: z.enum(DIRECTORY_TABS).optional(),
  sort: z.enum(DIRECTORY_SORTS).optional(),
  q: z.string().max(200).optional(),
  rising: z.literal('1').optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
})

// Accents and case do not matter when a curator looks someone up ("Benedicte" finds "Bénédicte").
const folded = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/** The entries that match the filter, in the order asked, each with its influence rank. */
function listed(entries: DirectoryEntry[], q: z.infer<typeof DirectoryQuery>, locale: string) {
  const needle = q.q ? folded(q.q.trim()) : ''
  const ranked = entries.map((e, i) => ({ ...e, rank: i + 1 }))
  const kept = ranked.filter(
    (e) =>
      (!q.rising || e.rising) &&
      (!needle ||
        [e.name, e.detail ?? '', ...e.handles.map((h) => h.handle)].some((text) =>
          folded(text).includes(needle),
        )),
  )
  const sort = q.sort ?? 'influence'
  if (sort === 'name') return kept.sort((a, b) => a.name.localeCompare(b.name, locale))
  const key = SORT_KEYS[sort]
  // Stable: equal figures keep the influence order.
  return kept.sort((a, b) => (key(b) ?? -1) - (key(a) ?? -1))
}

const SORT_KEYS: Record<Exclude<DirectorySort, 'name'>, (e: DirectoryEntry) => number | null> = {
  influence: (e) => e.influence,
  citations: (e) => e.citations,
  perWeek: (e) => e.articlesPerWeek,
  affinity: (e) => e.affinity,
  last: (e) => (e.lastPublishedAt ? Date.parse(e.lastPublishedAt) : null),
}

/** The sector's directory page: sources and people ranked by influence. */
export function directoryRoutes(app: Hono<AppEnv>) {
  app.get('/directory', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(DirectoryQuery, nonEmptyQuery(c))
    const { sectors, sector } = await resolveSector(c, q.sector)
    if (!sector) return noSectorPage(c)
    const tab = q.tab ?? 'sources'
    const base = { sector: sector.slug, tab, sort: q.sort, q: q.q, rising: q.rising }
    const frame = frameOf(c, sector.slug)
    // Only the tab's list: the sources tab need not read every person, nor the people tab every source.
    const only = tab === 'people' ? 'person' : 'source'
    const dir = await readDirectory(c.var.deps.db, sector.slug, only)
    const entries: DirectoryEntry[] =
      tab === 'people'
        ? dir.people.map((p) => ({
            id: p.id,
            name: p.name,
            detail: p.sources.join(', ') || null,
            href: `/directory/people/${p.id}`,
            handles: p.handles,
            ...figuresJson(p.figures),
          }))
        : tab === 'sources'
          ? dir.sources.map((s) => ({
              id: s.id,
              name: s.name,
              detail: s.siteUrl,
              href: `/directory/sources/${s.id}`,
              handles: s.handles,
              ...figuresJson(s.figures),
            }))
          : []
    const rows = listed(entries, q, frame.locale)
    const page = Math.min(q.page ?? 1, Math.max(1, Math.ceil(rows.length / DIRECTORY_PAGE_ROWS)))
    const from = (page - 1) * DIRECTORY_PAGE_ROWS
    return renderPage(
      c,
      DirectoryPage({
        frame,
        sectors,
        sector: sector.slug,
        computedAt: dir.computedAt?.toISOString() ?? null,
        tab,
        filters: { q: q.q ?? '', rising: q.rising === '1', sort: q.sort ?? 'influence' },
        href: (changes) => `/directory${queryString({ ...base, ...changes })}`,
        suggestions:
          tab === 'suggestions' ? await suggestionsSection(c, sector.slug, sectors) : null,
        rows: rows.slice(from, from + DIRECTORY_PAGE_ROWS),
        filtered: Boolean(q.q || q.rising),
        paging: {
          total: rows.length,
          from,
          pageSize: DIRECTORY_PAGE_ROWS,
          page,
          href: (n) => `/directory${queryString({ ...base, page: n > 1 ? n : null })}`,
        },
      }),
    )
  })
}
