import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { dismissSuggestion, followSuggestion } from '../../jobs/source-discovery.ts'
import { listSuggestions, type SourceSuggestion } from '../../store/index.ts'
import type { AppEnv } from '../env.ts'
import type { Api } from './app.ts'
import { needs } from './roles.ts'
import { body, errors, ok, slug, SlugParams } from './schemas.ts'
import { sectorOrThrow } from './sectors.ts'

export const SuggestionHost = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$/i, 'expected a host name')
  .openapi({ example: 'blog-alpha.fr' })

const Suggestion = z
  .object({
    host: z.string(),
    siteUrl: z.string(),
    feedUrl: z.string().nullable().openapi({ description: 'Found by autodiscovery; null if none' }),
    title: z.string().nullable(),
    citations: z.number().int().openapi({ description: 'Links to the site from the sector' }),
    citingSources: z.number().int().openapi({ description: 'Distinct sources linking to it' }),
    affinity: z.number().nullable().openapi({
      description: 'Mean profile match of a sample of its feed items, once fetched',
    }),
    checked: z.boolean().openapi({ description: 'Whether its feed was looked for yet' }),
  })
  .openapi('SourceSuggestion')

/** A suggestion as the page and the API show it. */
export const suggestionView = (s: SourceSuggestion) => ({
  host: s.host,
  siteUrl: s.siteUrl,
  feedUrl: s.feedUrl,
  title: s.title,
  citations: s.citations,
  citingSources: s.citingSources,
  affinity: s.affinity,
  checked: s.checkedAt !== null,
})

/** What answering a suggestion needs, from the app's deps. */
export const answerDeps = (c: Context<AppEnv>) => ({
  db: c.var.deps.db,
  clock: c.var.deps.clock,
  allowHosts: c.var.deps.config.allowHosts ?? [],
  findFeed: c.var.deps.discovery?.findFeed,
  listPage: c.var.deps.discovery?.listPage,
})

const listRoute = createRoute({
  method: 'get',
  path: '/sectors/{slug}/suggestions',
  tags: ['directory'],
  summary:
    'Sites the sector cites but does not follow, best first (distinct citing sources, citations, affinity)',
  request: { params: SlugParams },
  responses: {
    200: ok(z.object({ sector: z.string(), suggestions: z.array(Suggestion) })),
    ...errors,
  },
})

const followRoute = createRoute({
  method: 'post',
  path: '/sectors/{slug}/suggestions/follow',
  tags: ['directory'],
  summary: 'Follows a suggested site: its feed is added to a sector (curator)',
  ...needs('curator'),
  request: {
    params: SlugParams,
    body: body(
      z.object({
        host: SuggestionHost,
        into: slug.optional().openapi({ description: 'Sector to add the feed to (default: this)' }),
      }),
    ),
  },
  responses: {
    200: ok(
      z.object({
        suggestion: Suggestion,
        feedUrl: z.string(),
        created: z.boolean().openapi({ description: 'False when the feed was already there' }),
      }),
    ),
    ...errors,
  },
})

const dismissRoute = createRoute({
  method: 'post',
  path: '/sectors/{slug}/suggestions/dismiss',
  tags: ['directory'],
  summary: 'Dismisses a suggested site for good (curator)',
  ...needs('curator'),
  request: { params: SlugParams, body: body(z.object({ host: SuggestionHost })) },
  responses: { 200: ok(z.object({ suggestion: Suggestion })), ...errors },
})

export function suggestionRoutes(api: Api) {
  api.openapi(listRoute, async (c) => {
    const { db } = c.var.deps
    const sector = await sectorOrThrow(db, c.req.valid('param').slug)
    const rows = await listSuggestions(db, sector.slug)
    return c.json({ sector: sector.slug, suggestions: rows.map(suggestionView) }, 200)
  })

  api.openapi(followRoute, async (c) => {
    const sector = await sectorOrThrow(c.var.deps.db, c.req.valid('param').slug)
    const { host, into } = c.req.valid('json')
    const r = await followSuggestion(answerDeps(c), sector.slug, host, into ?? sector.slug)
    return c.json(
      { suggestion: suggestionView(r.suggestion), feedUrl: r.feedUrl, created: r.added > 0 },
      200,
    )
  })

  api.openapi(dismissRoute, async (c) => {
    const sector = await sectorOrThrow(c.var.deps.db, c.req.valid('param').slug)
    const s = await dismissSuggestion(answerDeps(c), sector.slug, c.req.valid('json').host)
    return c.json({ suggestion: suggestionView(s) }, 200)
  })
}
