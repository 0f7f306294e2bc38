import type { Hono } from 'hono'
import { z } from 'zod'
import {
  followedQuery,
  followedSearchesOf,
  followSearchIn,
  MAX_FOLLOWED_QUERY,
} from '../../jobs/followed-searches.ts'
import { searchArticles } from '../../jobs/search.ts'
import { switchSearchAlert } from '../../jobs/search-alerts.ts'
import { AppError } from '../../lib/errors.ts'
import type { SearchFilters } from '../../search/index.ts'
import {
  followedSearchOf,
  listSectorNames,
  searchAlertsOf,
  openFollowedSearch,
  unfollowSearch,
} from '../../store/index.ts'
import {
  SearchPage,
  type SearchItem,
  type SearchPageProps,
} from '../../../web/views/search/search-page.tsx'
import { snippetOf } from '../../../web/views/search/highlight.tsx'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../middleware/session.ts'
import { safeRedirectTarget } from '../redirect-target.ts'
import { readForm } from '../form.ts'
import { dayEnd, dayStart, localDay } from '../../lib/calendar-days.ts'
import { canDecide, frameOf, Id, nonEmptyQuery, parseWith, renderPage } from './queue.ts'

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

const FollowBody = z.object({
  sector: z.string().max(100),
  q: z.string().trim().min(1).max(MAX_FOLLOWED_QUERY),
})

const AlertBody = z.object({
  alert: z.enum(['on', 'off']),
  every: z.enum(['hour', 'day']).optional(),
  // The page it was switched from (the curator's list of alerts): back there after.
  back: z.string().optional(),
})

/** The search page of a followed query. */
const followedSearchUrl = (sector: string, query: string) =>
  `/search?${new URLSearchParams({ sector, q: query })}`

/** Full-text search over the sectors' articles, with facets and highlighted matches. */
export function searchRoutes(app: Hono<AppEnv>) {
  // Following a search: the queue and this page count its new results from now on.
  app.post('/search/follow', async (c) => {
    requireRole(c, 'curator')
    const body = parseWith(FollowBody, await readForm(c))
    const { db } = c.var.deps
    if (!(await listSectorNames(db)).some((s) => s.slug === body.sector))
      throw new AppError('sector_not_found', { slug: body.sector }, `no sector "${body.sector}"`)
    const followed = await followSearchIn(c.var.deps, {
      sectorSlug: body.sector,
      query: body.q,
      actor: c.var.user?.email ?? null,
    })
    return c.redirect(followedSearchUrl(body.sector, followed.query), 303)
  })

  app.post('/search/followed/:id/delete', async (c) => {
    requireRole(c, 'curator')
    const id = parseWith(Id, c.req.param('id'))
    // Stopped twice (two tabs, two curators): the second one finds it already gone, and that is fine.
    const gone = await unfollowSearch(c.var.deps.db, id)
    return c.redirect(gone ? followedSearchUrl(gone.sectorSlug, gone.query) : '/search', 303)
  })

  // The email alert of a followed search: on (to the curator who asks) or off.
  app.post('/search/followed/:id/alert', async (c) => {
    requireRole(c, 'curator')
    const id = parseWith(Id, c.req.param('id'))
    const body = parseWith(AlertBody, await readForm(c))
    const row = await switchSearchAlert(c.var.deps, {
      id,
      on: body.alert === 'on',
      every: body.every,
      userId: c.var.user?.id ?? null,
      canSend: !!c.var.deps.config.mail?.smtpUrl,
    })
    return c.redirect(
      safeRedirectTarget(body.back) ?? followedSearchUrl(row.sectorSlug, row.query),
      303,
    )
  })

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
    // Without a sector named, a search is of every sector: it is one's own only in a one-sector install.
    const sector = params.sector ?? sectors[0]?.slug ?? null
    // Days are the sector's (the first sector's when searching them all).
    const timezone = sectors.find((s) => s.slug === sector)?.timezone ?? 'UTC'
    const ownSector = params.sector ?? (sectors.length === 1 ? sector : null)
    // A followed search opened: what it found since the last visit is marked new, and from now on
    // only what comes later counts as new.
    const followed =
      ownSector && params.q
        ? await followedSearchOf(deps.db, ownSector, followedQuery(params.q))
        : null
    const newSince = followed && (await openFollowedSearch(deps.db, followed, deps.clock.now()))
    const list = sector ? await followedSearchesOf(deps, sector) : []
    const alertRecipients = list.find((s) => s.id === followed?.id)?.alertRecipients ?? []
    const user = c.var.user
    const myAlert =
      followed && user && alertRecipients.includes(user.email)
        ? (await searchAlertsOf(deps.db, user.id)).find((a) => a.searchId === followed.id)
        : undefined
    const props: SearchPageProps = {
      frame: frameOf(c, sector),
      follow: sector
        ? {
            sector,
            list,
            current:
              followed && newSince
                ? {
                    id: followed.id,
                    newSince,
                    alertRecipients,
                    myEvery: myAlert?.every ?? null,
                    // Without VIGIE_SMTP_URL no alert can leave: the page says so instead of offering one.
                    canAlert: !!deps.config.mail?.smtpUrl,
                  }
                : null,
            canFollow: canDecide(c) && ownSector === sector,
          }
        : null,
      params,
      result: null,
      sectorNames,
      pageSize: PAGE_SIZE,
      today: localDay(deps.clock.now(), timezone),
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
      from: params.from ? dayStart(params.from, timezone) : undefined,
      to: params.to ? dayEnd(params.to, timezone) : undefined,
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
        firstSeenAt: a.firstSeenAt,
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
