import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { AppError } from '../../lib/errors.ts'
import { CHANNEL_KINDS, ChannelSettings, type ChannelView } from '../../jobs/reshare-channels.ts'
import type { AppEnv } from '../env.ts'
import type { Api } from './app.ts'
import { needs } from './roles.ts'
import { body, errors, IdParams, isoDate, ok, SlugParams } from './schemas.ts'
import { sectorOrThrow } from './sectors.ts'

const Channel = z
  .object({
    id: z.number().int(),
    sectorSlug: z.string(),
    name: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    settings: z.record(z.string(), z.unknown()),
    hasSecret: z.boolean().openapi({ description: 'Secrets are write-only: never returned' }),
    account: z.record(z.string(), z.unknown()).nullable(),
    enabled: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Channel')

const NewChannel = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(CHANNEL_KINDS),
    settings: ChannelSettings.default({}),
    secret: z
      .string()
      .min(1)
      .max(4000)
      .optional()
      .openapi({ description: 'Access token, app password or webhook key; write-only' }),
    enabled: z.boolean().optional(),
  })
  .openapi('NewChannel')

const ChannelPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    settings: ChannelSettings.optional(),
    secret: z.string().min(1).max(4000).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('ChannelPatch')

const ChannelParams = z.object({
  slug: SlugParams.shape.slug,
  channelId: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'channelId', in: 'path' }, type: 'integer' }),
})

const when = z
  .union([z.literal('now'), z.literal('next'), isoDate])
  .openapi({ description: '"now", "next" (the channel\'s next free slot) or an ISO time' })

const Reshare = z
  .object({
    id: z.number().int(),
    articleId: z.number().int(),
    channelId: z.number().int(),
    channelName: z.string(),
    channelKind: z.string(),
    text: z.string(),
    state: z.enum(['scheduled', 'sending', 'sent', 'failed', 'cancelled']),
    scheduledAt: z.iso.datetime(),
    attempts: z.number().int(),
    remoteId: z.string().nullable(),
    remoteUrl: z.string().nullable(),
    error: z.string().nullable(),
    sentAt: z.iso.datetime().nullable(),
  })
  .openapi('Reshare')

const NewReshares = z
  .strictObject({
    posts: z
      .array(
        z.strictObject({
          channelId: z.number().int().positive(),
          text: z.string().min(1).max(50_000),
          when: when.default('next'),
        }),
      )
      .min(1)
      .max(20),
  })
  .openapi('NewReshares')

const ResharePatch = z
  .strictObject({
    text: z.string().min(1).max(50_000).optional(),
    when: when.optional(),
    cancel: z.literal(true).optional(),
    retry: z.literal(true).optional(),
  })
  .openapi('ResharePatch')

const CalendarQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() })

const asWhen = (w: string) => (w === 'now' || w === 'next' ? w : new Date(w))

function resharing(c: Context<AppEnv>) {
  const r = c.var.deps.resharing
  if (!r) throw new AppError('unavailable', {}, 'resharing is not set up on this server')
  return r
}

const view = (
  r: Awaited<ReturnType<NonNullable<AppEnv['Variables']['deps']['resharing']>['history']>>[number],
) => ({
  id: r.id,
  articleId: r.articleId,
  channelId: r.channelId,
  channelName: r.channelName,
  channelKind: r.channelKind,
  text: r.text,
  state: r.state,
  scheduledAt: r.scheduledAt.toISOString(),
  attempts: r.attempts,
  remoteId: r.remoteId,
  remoteUrl: r.remoteUrl,
  error: r.error,
  sentAt: r.sentAt?.toISOString() ?? null,
})

const channelJson = (ch: ChannelView) => ({
  id: ch.id,
  sectorSlug: ch.sectorSlug,
  name: ch.name,
  kind: ch.kind,
  settings: ch.settings as Record<string, {}>,
  hasSecret: ch.hasSecret,
  account: ch.account as Record<string, {}> | null,
  enabled: ch.enabled,
  createdAt: ch.createdAt.toISOString(),
  updatedAt: ch.updatedAt.toISOString(),
})

const routes = {
  listChannels: createRoute({
    method: 'get',
    path: '/sectors/{slug}/channels',
    tags: ['reshare'],
    summary: "The sector's reshare channels (secrets never included)",
    request: { params: SlugParams },
    responses: { 200: ok(z.object({ channels: z.array(Channel) })), ...errors },
  }),
  addChannel: createRoute({
    method: 'post',
    path: '/sectors/{slug}/channels',
    tags: ['reshare'],
    summary: 'Adds a channel: Mastodon, Bluesky, webhook, or a share intent (admin)',
    ...needs('admin'),
    request: { params: SlugParams, body: body(NewChannel) },
    responses: { 201: ok(z.object({ channel: Channel }), 'Added'), ...errors },
  }),
  patchChannel: createRoute({
    method: 'patch',
    path: '/sectors/{slug}/channels/{channelId}',
    tags: ['reshare'],
    summary: 'Changes a channel; a secret left out is kept (admin)',
    ...needs('admin'),
    request: { params: ChannelParams, body: body(ChannelPatch) },
    responses: { 200: ok(z.object({ channel: Channel })), ...errors },
  }),
  deleteChannel: createRoute({
    method: 'delete',
    path: '/sectors/{slug}/channels/{channelId}',
    tags: ['reshare'],
    summary: 'Removes a channel (admin)',
    ...needs('admin'),
    request: { params: ChannelParams },
    responses: { 200: ok(z.object({ ok: z.literal(true) })), ...errors },
  }),
  testChannel: createRoute({
    method: 'post',
    path: '/sectors/{slug}/channels/{channelId}/test',
    tags: ['reshare'],
    summary: 'Checks the credentials and shows the account the channel posts as (admin)',
    ...needs('admin'),
    request: { params: ChannelParams },
    responses: { 200: ok(z.object({ channel: Channel })), ...errors },
  }),
  compose: createRoute({
    method: 'get',
    path: '/articles/{id}/compose',
    tags: ['reshare'],
    summary: "The composer: each channel's text from its template, counted as its network counts",
    ...needs('curator'),
    request: { params: IdParams },
    responses: { 200: ok(z.object({}).passthrough()), ...errors },
  }),
  reshare: createRoute({
    method: 'post',
    path: '/articles/{id}/reshares',
    tags: ['reshare'],
    summary: 'Schedules the article on channels: now, next free slot, or a time (curator)',
    ...needs('curator'),
    request: { params: IdParams, body: body(NewReshares) },
    responses: { 201: ok(z.object({ reshares: z.array(Reshare) }), 'Scheduled'), ...errors },
  }),
  history: createRoute({
    method: 'get',
    path: '/articles/{id}/reshares',
    tags: ['reshare'],
    summary:
      "The article's posts: where, when, the final text, the published post or the network's error",
    request: { params: IdParams },
    responses: { 200: ok(z.object({ reshares: z.array(Reshare) })), ...errors },
  }),
  change: createRoute({
    method: 'patch',
    path: '/reshares/{id}',
    tags: ['reshare'],
    summary: 'Edits, reschedules, cancels or retries a post not yet sent (curator)',
    ...needs('curator'),
    request: { params: IdParams, body: body(ResharePatch) },
    responses: { 200: ok(z.object({ reshare: Reshare })), ...errors },
  }),
  calendar: createRoute({
    method: 'get',
    path: '/sectors/{slug}/calendar',
    tags: ['reshare'],
    summary:
      "The sector's publication calendar: posts scheduled between from and to (default: the next 14 days)",
    request: { params: SlugParams, query: CalendarQuery },
    responses: {
      200: ok(
        z.object({ reshares: z.array(Reshare.extend({ title: z.string(), url: z.string() })) }),
      ),
      ...errors,
    },
  }),
}

export function reshareRoutes(api: Api) {
  api.openapi(routes.listChannels, async (c) => {
    const { slug } = c.req.valid('param')
    await sectorOrThrow(c.var.deps.db, slug)
    const list = await resharing(c).channels.list(slug)
    return c.json({ channels: list.map(channelJson) }, 200)
  })
  api.openapi(routes.addChannel, async (c) => {
    const { slug } = c.req.valid('param')
    await sectorOrThrow(c.var.deps.db, slug)
    const channel = await resharing(c).channels.create(slug, c.req.valid('json'))
    return c.json({ channel: channelJson(channel) }, 201)
  })
  api.openapi(routes.patchChannel, async (c) => {
    const { slug, channelId } = c.req.valid('param')
    const channel = await resharing(c).channels.update(slug, channelId, c.req.valid('json'))
    return c.json({ channel: channelJson(channel) }, 200)
  })
  api.openapi(routes.deleteChannel, async (c) => {
    const { slug, channelId } = c.req.valid('param')
    await resharing(c).channels.remove(slug, channelId)
    return c.json({ ok: true as const }, 200)
  })
  api.openapi(routes.testChannel, async (c) => {
    const { slug, channelId } = c.req.valid('param')
    const channel = await resharing(c).test(slug, channelId)
    return c.json({ channel: channelJson(channel) }, 200)
  })
  api.openapi(routes.compose, async (c) => {
    const { id } = c.req.valid('param')
    return c.json((await resharing(c).compose(id)) as never, 200)
  })
  api.openapi(routes.reshare, async (c) => {
    const { id } = c.req.valid('param')
    const { posts } = c.req.valid('json')
    const r = resharing(c)
    await r.schedule({
      articleId: id,
      posts: posts.map((p) => ({ channelId: p.channelId, text: p.text, when: asWhen(p.when) })),
      actor: c.var.user?.email ?? null,
    })
    return c.json({ reshares: (await r.history(id)).map(view) }, 201)
  })
  api.openapi(routes.history, async (c) => {
    const { id } = c.req.valid('param')
    return c.json({ reshares: (await resharing(c).history(id)).map(view) }, 200)
  })
  api.openapi(routes.change, async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const r = resharing(c)
    const changed = await r.change(id, {
      ...input,
      when: input.when ? asWhen(input.when) : undefined,
    })
    const [row] = (await r.history(changed.articleId)).filter((x) => x.id === id)
    return c.json({ reshare: view(row!) }, 200)
  })
  api.openapi(routes.calendar, async (c) => {
    const { slug } = c.req.valid('param')
    await sectorOrThrow(c.var.deps.db, slug)
    const q = c.req.valid('query')
    const from = q.from ? new Date(q.from) : c.var.deps.clock.now()
    const to = q.to ? new Date(q.to) : new Date(from.getTime() + 14 * 86_400_000)
    const rows = await resharing(c).calendar(slug, from, to)
    return c.json({ reshares: rows.map((r) => ({ ...view(r), title: r.title, url: r.url })) }, 200)
  })
}
