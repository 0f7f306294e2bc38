import { createRoute, z } from '@hono/zod-openapi'
import { readDirectory, type DirectoryFigures } from '../../store/index.ts'
import type { Api } from './app.ts'
import { errors, ok, SlugParams } from './schemas.ts'
import { sectorOrThrow } from './sectors.ts'

export const Handle = z
  .object({
    network: z.string().openapi({ example: 'mastodon' }),
    handle: z.string().openapi({ example: '@claire@piaille.fr' }),
    url: z.string().nullable(),
    signal: z.string().openapi({
      description: 'Where it was found: sector-file, rel-me, twitter:creator, json-ld:sameAs...',
    }),
    articleId: z.number().int().nullable(),
  })
  .openapi('DirectoryHandle')

export const Figures = z
  .object({
    articles: z.number().int(),
    articlesPerWeek: z.number(),
    weekly: z.array(z.number().int()).openapi({ description: '12 weekly counts, latest first' }),
    lastPublishedAt: z.iso.datetime().nullable(),
    affinity: z.number().nullable().openapi({ description: 'Mean score in the sector' }),
    shortlistShare: z.number().nullable(),
    approveRate: z.number().nullable(),
    citations: z.number().int().openapi({ description: 'Articles of other sources linking here' }),
    citingSources: z.number().int(),
    influence: z.number().openapi({ description: 'PageRank over the citation graph' }),
    rising: z.boolean(),
  })
  .openapi('DirectoryFigures')

const Source = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.string(),
    siteUrl: z.string().nullable(),
    feedUrl: z.string(),
    followed: z.boolean(),
    handles: z.array(Handle),
  })
  .extend(Figures.shape)
  .openapi('DirectorySource')

const Person = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sources: z.array(z.string()),
    handles: z.array(Handle),
  })
  .extend(Figures.shape)
  .openapi('DirectoryPerson')

const peopleRoute = createRoute({
  method: 'get',
  path: '/sectors/{slug}/people',
  tags: ['directory'],
  summary: "The sector's people (authors merged across sources), most influential first",
  request: { params: SlugParams },
  responses: {
    200: ok(
      z.object({
        sector: z.string(),
        computedAt: z.iso.datetime().nullable(),
        people: z.array(Person),
      }),
    ),
    ...errors,
  },
})

const sourcesRoute = createRoute({
  method: 'get',
  path: '/sectors/{slug}/sources/stats',
  tags: ['directory'],
  summary: "The sector's sources with their figures, most influential first",
  request: { params: SlugParams },
  responses: {
    200: ok(
      z.object({
        sector: z.string(),
        computedAt: z.iso.datetime().nullable(),
        sources: z.array(Source),
      }),
    ),
    ...errors,
  },
})

/** Figures as the API gives them: 12 weeks for the sparkline, dates as ISO strings. */
export function figuresJson(f: DirectoryFigures | null) {
  const weekly = (f?.weekly ?? []).slice(0, 12)
  return {
    articles: f?.articles ?? 0,
    articlesPerWeek: Math.round((weekly.reduce((a, b) => a + b, 0) / 12) * 100) / 100,
    weekly: weekly.length ? weekly : new Array<number>(12).fill(0),
    lastPublishedAt: f?.lastPublishedAt?.toISOString() ?? null,
    affinity: f?.affinity ?? null,
    shortlistShare: f?.shortlistShare ?? null,
    approveRate: f?.approveRate ?? null,
    citations: f?.citations ?? 0,
    citingSources: f?.citingSources ?? 0,
    influence: f?.influence ?? 0,
    rising: f?.rising ?? false,
  }
}

export function directoryRoutes(api: Api) {
  api.openapi(peopleRoute, async (c) => {
    const { db } = c.var.deps
    const sector = await sectorOrThrow(db, c.req.valid('param').slug)
    const dir = await readDirectory(db, sector.slug, 'person')
    return c.json(
      {
        sector: sector.slug,
        computedAt: dir.computedAt?.toISOString() ?? null,
        people: dir.people.map((p) => ({
          id: p.id,
          name: p.name,
          sources: p.sources,
          handles: p.handles,
          ...figuresJson(p.figures),
        })),
      },
      200,
    )
  })

  api.openapi(sourcesRoute, async (c) => {
    const { db } = c.var.deps
    const sector = await sectorOrThrow(db, c.req.valid('param').slug)
    const dir = await readDirectory(db, sector.slug, 'source')
    return c.json(
      {
        sector: sector.slug,
        computedAt: dir.computedAt?.toISOString() ?? null,
        sources: dir.sources.map((s) => ({
          id: s.id,
          name: s.name,
          kind: s.kind,
          siteUrl: s.siteUrl,
          feedUrl: s.feedUrl,
          followed: s.enabled,
          handles: s.handles,
          ...figuresJson(s.figures),
        })),
      },
      200,
    )
  })
}
