import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../lib/errors.ts'
import { getSector, listSectors, sectorTags } from '../../store/index.ts'
import type { Api } from './app.ts'
import { errors, ok, slug, SlugParams } from './schemas.ts'

const SectorSummary = z
  .object({
    slug: z.string(),
    name: z.string(),
    language: z.string(),
    feeds: z.number().int(),
    feedsEnabled: z.number().int(),
    feedsFailing: z.number().int(),
    articles: z.number().int(),
    lastCrawlAt: z.iso.datetime().nullable(),
  })
  .openapi('SectorSummary')

const Sector = SectorSummary.extend({
  profile: z
    .unknown()
    .openapi({ description: 'The scoring profile as written in feeds/<slug>.yaml' }),
  updatedAt: z.iso.datetime(),
}).openapi('Sector')

const listRoute = createRoute({
  method: 'get',
  path: '/sectors',
  tags: ['sectors'],
  summary: 'The sectors, with feed and article counts',
  responses: { 200: ok(z.object({ sectors: z.array(SectorSummary) })), ...errors },
})

const getRoute = createRoute({
  method: 'get',
  path: '/sectors/{slug}',
  tags: ['sectors'],
  summary: 'One sector with its profile',
  request: { params: SlugParams },
  responses: { 200: ok(Sector), ...errors },
})

const tagsRoute = createRoute({
  method: 'get',
  path: '/tags',
  tags: ['annotations'],
  summary: "The sector's annotation tags, most used first",
  request: { query: z.object({ sector: slug }) },
  responses: {
    200: ok(
      z.object({
        sector: z.string(),
        tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
      }),
    ),
    ...errors,
  },
})

/** Throws sector_not_found (404) unless the sector exists. */
export async function sectorOrThrow(db: Parameters<typeof getSector>[0], slugValue: string) {
  const sector = await getSector(db, slugValue)
  if (!sector)
    throw new AppError('sector_not_found', { slug: slugValue }, `no sector "${slugValue}"`)
  return sector
}

export function sectorRoutes(api: Api) {
  api.openapi(listRoute, async (c) => c.json({ sectors: await listSectors(c.var.deps.db) }, 200))

  api.openapi(getRoute, async (c) => {
    const { db } = c.var.deps
    const sector = await sectorOrThrow(db, c.req.valid('param').slug)
    const [summary] = await listSectors(db, [sector.slug])
    return c.json({ ...summary!, profile: sector.profile, updatedAt: sector.updatedAt }, 200)
  })

  api.openapi(tagsRoute, async (c) => {
    const { db } = c.var.deps
    const { sector } = c.req.valid('query')
    await sectorOrThrow(db, sector)
    return c.json({ sector, tags: await sectorTags(db, sector) }, 200)
  })
}
