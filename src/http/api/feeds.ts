import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../lib/errors.ts'
import { changeFeed } from '../../jobs/feed-edit.ts'
import { addOneFeed } from '../../jobs/feed-add.ts'
import { MAX_FEED_NAME, MAX_FEED_URL } from '../../sectors/index.ts'
import { listFeeds, type Feed } from '../../store/index.ts'
import type { Api } from './app.ts'
import { needs } from './roles.ts'
import { body, errors, IdParams, ok, slug } from './schemas.ts'
import { sectorOrThrow } from './sectors.ts'

const kind = z.enum(['blog', 'media', 'influencer'])

const FeedView = z
  .object({
    id: z.number().int(),
    sectorSlug: z.string(),
    url: z.string(),
    siteUrl: z.string().nullable(),
    sourceName: z.string(),
    kind,
    origin: z.enum(['yaml', 'opml', 'manual']),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    lastFetchedAt: z.iso.datetime().nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    errorCount: z.number().int(),
    nextCheckAt: z.iso.datetime(),
  })
  .openapi('Feed')

const NewFeed = z
  .object({
    sector: slug,
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(MAX_FEED_URL),
    name: z.string().trim().min(1).max(MAX_FEED_NAME),
    kind: kind.default('blog'),
  })
  .openapi('NewFeed')

const FeedPatch = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(MAX_FEED_NAME)
      .optional()
      .openapi({ description: 'The source name shown' }),
    kind: kind.optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('FeedPatch')

const view = (f: Feed) => ({
  id: f.id,
  sectorSlug: f.sectorSlug,
  url: f.url,
  siteUrl: f.siteUrl,
  sourceName: f.sourceName,
  kind: f.kind,
  origin: f.origin,
  enabled: f.enabled,
  disabledReason: f.disabledReason,
  lastFetchedAt: f.lastFetchedAt,
  lastStatus: f.lastStatus,
  lastError: f.lastError,
  errorCount: f.errorCount,
  nextCheckAt: f.nextCheckAt,
})

const listRoute = createRoute({
  method: 'get',
  path: '/feeds',
  tags: ['feeds'],
  summary: 'Feeds with their fetch state, optionally of one sector',
  request: { query: z.object({ sector: slug.optional() }) },
  responses: { 200: ok(z.object({ feeds: z.array(FeedView) })), ...errors },
})

const addRoute = createRoute({
  method: 'post',
  path: '/feeds',
  tags: ['feeds'],
  summary: 'Adds a feed to a sector by hand (admin); an URL already there is left as it is',
  ...needs('admin'),
  request: { body: body(NewFeed) },
  responses: {
    201: ok(z.object({ feed: FeedView, created: z.literal(true) }), 'Added'),
    200: ok(z.object({ feed: FeedView, created: z.literal(false) }), 'Already there'),
    ...errors,
  },
})

const patchRoute = createRoute({
  method: 'patch',
  path: '/feeds/{id}',
  tags: ['feeds'],
  summary: 'Renames, re-kinds, enables or disables a feed (admin)',
  ...needs('admin'),
  request: { params: IdParams, body: body(FeedPatch) },
  responses: { 200: ok(z.object({ feed: FeedView })), ...errors },
})

export function feedRoutes(api: Api) {
  api.openapi(listRoute, async (c) => {
    const { db } = c.var.deps
    const { sector } = c.req.valid('query')
    if (sector) await sectorOrThrow(db, sector)
    return c.json({ feeds: (await listFeeds(db, sector)).map(view) }, 200)
  })

  api.openapi(addRoute, async (c) => {
    const { db, clock } = c.var.deps
    const input = c.req.valid('json')
    await sectorOrThrow(db, input.sector)
    const added = await addOneFeed(
      { db, allowHosts: c.var.deps.config.allowHosts ?? [], now: clock.now() },
      input.sector,
      { url: input.url, title: input.name, siteUrl: null, kind: input.kind },
      'manual',
    )
    const feed = (await listFeeds(db, input.sector)).find(
      (f) => f.declaredUrl === input.url || f.url === input.url,
    )
    if (!feed) throw new AppError('feed_not_found', { url: input.url }, 'the feed was not stored')
    return added
      ? c.json({ feed: view(feed), created: true as const }, 201)
      : c.json({ feed: view(feed), created: false as const }, 200)
  })

  api.openapi(patchRoute, async (c) => {
    const { db, config } = c.var.deps
    const { id } = c.req.valid('param')
    const patch = c.req.valid('json')
    const feed = await changeFeed({ db, feedsDir: config.feedsDir }, id, {
      ...patch,
      by: c.var.user?.email,
    })
    return c.json({ feed: view(feed) }, 200)
  })
}
