import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../lib/errors.ts'
import { FEED_ERROR_CODES } from '../../crawl/index.ts'
import { changeFeed } from '../../jobs/feed-edit.ts'
import { addFeedByAddress } from '../../jobs/feed-add.ts'
import { deleteFeed } from '../../jobs/feed-delete.ts'
import { FETCH_OUTCOMES, fetchFeedNow } from '../../jobs/feed-fetch.ts'
import { MAX_FEED_NAME, MAX_FEED_URL } from '../../sectors/index.ts'
import { DELETED_REASON, feedHistory, getFeed, listFeeds, type Feed } from '../../store/index.ts'
import type { Translate } from '../../../web/i18n/index.ts'
import { disabledReasonText, feedErrorOf } from '../../../web/views/sources/feed-problem.tsx'
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
    sourceType: z.enum(['feed', 'page']).openapi({
      description: 'page: a site without a feed, whose page at `url` lists the articles followed',
    }),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledReasonText: z
      .string()
      .nullable()
      .openapi({ description: 'Why the feed is off, in the request’s language' }),
    lastFetchedAt: z.iso.datetime().nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable().openapi({ description: 'The technical detail, as stored' }),
    lastErrorCode: z.enum(FEED_ERROR_CODES).nullable(),
    lastErrorText: z
      .string()
      .nullable()
      .openapi({ description: 'The last error as a sentence in the request’s language' }),
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
    page: z.boolean().default(false).openapi({
      description:
        'The site has no feed: follow the articles that the page at `url` lists (refused when it lists none)',
    }),
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

const view = (t: Translate, f: Feed) => ({
  id: f.id,
  sectorSlug: f.sectorSlug,
  url: f.url,
  siteUrl: f.siteUrl,
  sourceName: f.sourceName,
  kind: f.kind,
  origin: f.origin,
  sourceType: f.sourceType,
  enabled: f.enabled,
  disabledReason: f.disabledReason,
  disabledReasonText: disabledReasonText(t, f.disabledReason),
  lastFetchedAt: f.lastFetchedAt,
  lastStatus: f.lastStatus,
  lastError: f.lastError,
  lastErrorCode: feedErrorOf(t, f)?.code ?? null,
  lastErrorText: feedErrorOf(t, f)?.text ?? null,
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

const deleteRoute = createRoute({
  method: 'delete',
  path: '/feeds/{id}',
  tags: ['feeds'],
  summary:
    'Deletes a feed (admin): its undecided, unannotated articles go; decided or annotated ones stay',
  ...needs('admin'),
  request: { params: IdParams },
  responses: {
    200: ok(
      z.object({
        deleted: z.number().int(),
        removed: z.number().int().openapi({ description: 'Articles erased' }),
        kept: z.number().int().openapi({ description: 'Decided or annotated articles kept' }),
      }),
    ),
    ...errors,
  },
})

const FetchResult = z
  .object({
    outcome: z.enum(FETCH_OUTCOMES),
    articlesNew: z.number().int(),
    message: z.string().openapi({ description: 'What happened, in the request’s language' }),
    feed: z.lazy(() => FeedView),
  })
  .openapi('FeedFetchResult')

const fetchRoute = createRoute({
  method: 'post',
  path: '/feeds/{id}/fetch',
  tags: ['feeds'],
  summary: 'Crawls one feed now (leases respected) and says how it went',
  ...needs('curator'),
  request: { params: IdParams },
  responses: {
    ...errors,
    200: ok(FetchResult),
    409: ok(FetchResult, 'The feed is disabled'),
    503: ok(FetchResult, 'No crawler in this process'),
  },
})

const FeedEventView = z
  .object({
    kind: z.string().openapi({ description: 'merged, deleted…' }),
    detail: z.record(z.string(), z.unknown()),
    at: z.iso.datetime(),
  })
  .openapi('FeedEvent')

const historyRoute = createRoute({
  method: 'get',
  path: '/feeds/{id}/events',
  tags: ['feeds'],
  summary: 'What happened to a feed (merges, deletion), latest first',
  request: { params: IdParams },
  responses: { 200: ok(z.object({ events: z.array(FeedEventView) })), ...errors },
})

const FETCH_WAIT_MS = 20_000

export function feedRoutes(api: Api) {
  api.openapi(listRoute, async (c) => {
    const { db } = c.var.deps
    const { sector } = c.req.valid('query')
    if (sector) await sectorOrThrow(db, sector)
    return c.json({ feeds: (await listFeeds(db, sector)).map((f) => view(c.var.t, f)) }, 200)
  })

  api.openapi(addRoute, async (c) => {
    const { db, clock } = c.var.deps
    const input = c.req.valid('json')
    await sectorOrThrow(db, input.sector)
    const { added, feed: stored } = await addFeedByAddress(
      {
        db,
        allowHosts: c.var.deps.config.allowHosts ?? [],
        now: clock.now(),
        findFeed: c.var.deps.discovery?.findFeed,
        listPage: c.var.deps.discovery?.listPage,
      },
      input.sector,
      {
        url: input.url,
        title: input.name,
        siteUrl: null,
        kind: input.kind,
        sourceType: input.page ? 'page' : 'feed',
      },
      'manual',
    )
    // A site's address was replaced by the feed its page announces: look for that one.
    const feed = (await listFeeds(db, input.sector)).find(
      (f) => f.declaredUrl === stored.url || f.url === stored.url,
    )
    if (!feed) throw new AppError('feed_not_found', { url: input.url }, 'the feed was not stored')
    return added
      ? c.json({ feed: view(c.var.t, feed), created: true as const }, 201)
      : c.json({ feed: view(c.var.t, feed), created: false as const }, 200)
  })

  api.openapi(patchRoute, async (c) => {
    const { db, config } = c.var.deps
    const { id } = c.req.valid('param')
    const patch = c.req.valid('json')
    const feed = await changeFeed({ db, feedsDir: config.feedsDir }, id, {
      ...patch,
      by: c.var.user?.email,
    })
    return c.json({ feed: view(c.var.t, feed) }, 200)
  })

  api.openapi(deleteRoute, async (c) => {
    const { db, config, clock, search, scoring } = c.var.deps
    const { feed, removed, kept } = await deleteFeed(
      { db, clock, feedsDir: config.feedsDir, search, scoring },
      c.req.valid('param').id,
      c.var.user?.email ?? null,
    )
    return c.json({ deleted: feed.id, removed, kept }, 200)
  })

  api.openapi(fetchRoute, async (c) => {
    const { db, crawl } = c.var.deps
    const t = c.var.t
    const result = await fetchFeedNow({ db, crawl }, c.req.valid('param').id, FETCH_WAIT_MS)
    const articlesNew = result.outcome === 'ok' ? result.articlesNew : 0
    const error = result.outcome === 'failed' ? feedErrorOf(t, result.feed)?.text : undefined
    const message =
      result.outcome === 'ok'
        ? t('sources.fetched.ok', { n: articlesNew })
        : error
          ? `${t('sources.fetched.failed')} ${error}`
          : t(`sources.fetched.${result.outcome}`)
    const body = { outcome: result.outcome, articlesNew, message, feed: view(t, result.feed) }
    if (result.outcome === 'unavailable') return c.json(body, 503)
    if (result.outcome === 'disabled') return c.json(body, 409)
    return c.json(body, 200)
  })

  api.openapi(historyRoute, async (c) => {
    const { db } = c.var.deps
    const id = c.req.valid('param').id
    const feed = await getFeed(db, id)
    if (!feed || feed.disabledReason === DELETED_REASON)
      throw new AppError('feed_not_found', { feedId: id }, `no feed ${id}`)
    const events = (await feedHistory(db, id)).map((e) => ({
      kind: e.kind,
      detail: e.detail,
      at: e.at.toISOString(),
    }))
    return c.json({ events }, 200)
  })
}
