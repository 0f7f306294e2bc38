import type { Hono } from 'hono'
import { z } from 'zod'
import { searchArticles } from '../../jobs/search.ts'
import type { SearchFilters } from '../../search/index.ts'
import { listSectorNames } from '../../store/index.ts'
import {
  SearchPage,
  type SearchItem,
  type SearchPageProps,
} from '../../../web/views/search/search-page.tsx'
import { snippetOf } from '../../../web/views/search/highlight.tsx'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../middleware/session.ts'
import { frameOf, nonEmptyQuery, parseWith, renderPage } from './queue.ts'

const PAGE_SIZE = 20
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')

const SearchQuery = z.object({
  q: z.string().max(500).default(''),
  sector: z.string().max(100).optional(),
  source: z.string().max(300).optional(),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/i)
    .optional(),
  status: z.enum(['new', 'approved', 'rejected', 'reshared', 'snoozed', 'dismissed']).optional(),
  from: day.optional(),
  to: day.optional(),
  all: z.literal('1').optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
})

/** Full-text search over the sectors' articles, with facets and highlighted matches. */
export function searchRoutes(app: Hono<AppEnv>) {
  app.get('/search', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(SearchQuery, nonEmptyQuery(c))
    const { deps } = c.var
    const sectors = await listSectorNames(deps.db)
    const sectorNames = Object.fromEntries(sectors.map((s) => [s.slug, s.name]))
    const params = {
      q: q.q.trim(),
      sector: q.sector ?? null,
      source: q.source ?? null,
      lang: q.lang?.toLowerCase() ?? null,
      status: q.status ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      all: q.all ?? null,
      page: q.page,
    }
    const props: SearchPageProps = {
      frame: frameOf(c, params.sector ?? sectors[0]?.slug ?? null),
      params,
      result: null,
      sectorNames,
      pageSize: PAGE_SIZE,
      now: deps.clock.now(),
      catchingUp: deps.searchCatchUp?.() ?? null,
    }
    if (!deps.search) return renderPage(c, SearchPage(props))
    if (!params.q)
      return renderPage(
        c,
        SearchPage({
          ...props,
          result: {
            total: 0,
            relaxed: false,
            items: [],
            facets: { sector: {}, source: {}, lang: {}, status: {} },
          },
        }),
      )
    const filters: SearchFilters = {
      sectorSlug: params.sector ?? undefined,
      sources: params.source ? [params.source] : undefined,
      lang: params.lang ?? undefined,
      status: params.status ? [params.status] : undefined,
      from: params.from ? new Date(`${params.from}T00:00:00Z`) : undefined,
      to: params.to ? new Date(`${params.to}T23:59:59.999Z`) : undefined,
      everyMonth: !!params.all,
    }
    const { result, hits } = await searchArticles(
      { db: deps.db, search: deps.search },
      params.q,
      filters,
      {
        limit: PAGE_SIZE,
        offset: (params.page - 1) * PAGE_SIZE,
      },
    )
    const items: SearchItem[] = hits.map(({ hit, article: a }) => {
      const terms = new Set(hit.terms)
      return {
        id: a.id,
        title: a.title,
        snippet: snippetOf(a.text || a.excerpt || '', terms, a.lang),
        source: a.source,
        sectorName: sectorNames[a.sectorSlug] ?? a.sectorSlug,
        lang: a.lang,
        status: a.status,
        publishedAt: a.publishedAt,
        terms,
      }
    })
    return renderPage(
      c,
      SearchPage({
        ...props,
        result: {
          total: result.total,
          relaxed: result.relaxed,
          items,
          facets: result.facets,
          olderNotSearched: result.olderNotSearched,
        },
      }),
    )
  })
}
