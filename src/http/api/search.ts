import { createRoute, z } from '@hono/zod-openapi'
import { searchArticles } from '../../jobs/search.ts'
import type { Api } from './app.ts'
import { status } from './cards.ts'
import { errors, isoDate, lang, limit, ok, slug } from './schemas.ts'

const SearchQuery = z.object({
  q: z.string().trim().min(1).max(500).openapi({
    example: 'engagement linkedin -recrutement',
    description:
      'Words to find (all of them, or any when no article has all); a word after a dash (-recrutement) leaves out the articles that have it',
  }),
  sector: slug.optional(),
  source: z.string().min(1).max(200).optional().openapi({ description: 'A source name' }),
  lang: lang.optional(),
  status: z
    .string()
    .regex(/^[a-z]+(,[a-z]+)*$/, 'expected statuses separated by commas')
    .refine((s) => s.split(',').every((v) => status.safeParse(v).success), {
      message: `expected some of ${status.options.join(', ')}`,
    })
    .optional()
    .openapi({ description: 'Curation states, comma separated', example: 'new,approved' }),
  from: isoDate.optional(),
  to: isoDate.optional(),
  all: z.enum(['1', 'true']).optional().openapi({
    description:
      'Search every month: without it and without dates, only the newest months that the index keeps in memory',
  }),
  limit: limit(100, 20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0).openapi({ type: 'integer' }),
})

const Facet = z.record(z.string(), z.number().int())

const SearchHit = z
  .object({
    id: z.number().int(),
    score: z.number(),
    terms: z.array(z.string()),
    match: z
      .record(z.string(), z.array(z.string()))
      .openapi({ description: 'Matched term -> fields' }),
    url: z.string(),
    title: z.string(),
    source: z.string(),
    publishedAt: z.iso.datetime(),
    status: z.string(),
    lang: z.string().nullable(),
    excerpt: z.string().nullable(),
  })
  .openapi('SearchHit')

const searchRoute = createRoute({
  method: 'get',
  path: '/search',
  tags: ['search'],
  summary: 'Full-text search over every article, with facets',
  request: { query: SearchQuery },
  responses: {
    200: ok(
      z
        .object({
          total: z.number().int(),
          relaxed: z
            .boolean()
            .openapi({ description: 'No article had every word: words were ORed' }),
          words: z.array(z.string()),
          hits: z.array(SearchHit),
          facets: z.object({ sector: Facet, source: Facet, lang: Facet, status: Facet }),
          olderNotSearched: z
            .object({ articles: z.number().int(), before: z.string() })
            .optional()
            .openapi({
              description:
                'Older months not searched (no dates, more than the index keeps in memory): ask again with all=1',
            }),
          catchingUp: z
            .object({
              phase: z.enum(['loading', 'indexing']),
              done: z.number().int(),
              total: z.number().int(),
            })
            .nullable()
            .openapi({
              description:
                'The index is still catching up with the database (after a first start): hits are incomplete',
            }),
        })
        .openapi('SearchResult'),
    ),
    ...errors,
  },
})

export function searchRoutes(api: Api) {
  api.openapi(searchRoute, async (c) => {
    const { db, search } = c.var.deps
    const q = c.req.valid('query')
    if (!search) {
      return c.json(
        {
          error: 'search_unavailable',
          message: 'search is not enabled on this server (no search index)',
        },
        503,
      )
    }
    const { result, hits: found } = await searchArticles(
      { db, search },
      q.q,
      {
        sectorSlug: q.sector,
        sources: q.source ? [q.source] : undefined,
        lang: q.lang,
        status: q.status?.split(','),
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        everyMonth: !!q.all,
      },
      { limit: q.limit, offset: q.offset, withText: false },
    )
    const hits = found.map(({ hit: { queryTerms: _q, ...hit }, article: a }) => ({
      ...hit,
      url: a.url,
      title: a.title,
      source: a.source,
      publishedAt: a.publishedAt,
      status: a.status,
      lang: a.lang,
      excerpt: a.excerpt,
    }))
    return c.json(
      {
        total: result.total,
        relaxed: result.relaxed,
        words: result.words,
        hits,
        facets: result.facets,
        olderNotSearched: result.olderNotSearched,
        catchingUp: c.var.deps.searchCatchUp?.() ?? null,
      },
      200,
    )
  })
}
