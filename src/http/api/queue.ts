import { createRoute, z } from '@hono/zod-openapi'
import {
  MAX_SKIP_OLDER_DAYS,
  QUEUE_STATES,
  queueCount,
  queueOf,
  staleQueueArticles,
} from '../../jobs/queue.ts'
import { rebuildShortlist, shortlistOf } from '../../jobs/shortlist.ts'
import { localDay } from '../../lib/calendar-days.ts'
import { listFeeds, rankKeyOf, recordDismissals } from '../../store/index.ts'
import type { Api } from './app.ts'
import { localiseReasons, ShortlistItem, StoryCard } from './cards.ts'
import { body, day, errors, isoDate, lang, limit, ok, slug } from './schemas.ts'
import { needs } from './roles.ts'
import { sectorOrThrow } from './sectors.ts'
import { invalidField } from './validation.ts'

const QueueQuery = z.object({
  sector: slug,
  source: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'A source name: only its feeds' }),
  lang: lang.optional(),
  minScore: z.coerce.number().min(0).max(1).optional().openapi({ type: 'number', example: 0.3 }),
  since: isoDate.optional().openapi({ description: 'Only articles published since then' }),
  state: z.enum(QUEUE_STATES).optional().openapi({
    description: "'undecided' (default) or 'reshare': the articles decided to reshare",
  }),
  tag: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'Only articles with this annotation tag' }),
  limit: limit(500, 50),
  after: z.coerce.number().int().positive().optional().openapi({
    type: 'integer',
    description:
      'The stories after this one in the rank (paging: pass nextAfter). Stories decided meanwhile are skipped, none is listed twice',
  }),
})

const queueRoute = createRoute({
  method: 'get',
  path: '/queue',
  tags: ['queue'],
  summary: "The sector's ranked queue of undecided stories, best first",
  request: { query: QueueQuery },
  responses: {
    200: ok(
      z.object({
        sector: z.string(),
        total: z.number().int().openapi({
          description:
            'How many stories match, on every page, counted up to 1000 (1000 means at least)',
        }),
        nextAfter: z.number().int().nullable().openapi({
          description: 'The `after` of the next page (the last story listed); null on the last',
        }),
        stories: z.array(StoryCard),
      }),
    ),
    ...errors,
  },
})

const Shortlist = z
  .object({
    sectorSlug: z.string(),
    day: z.string(),
    createdAt: z.iso.datetime(),
    floor: z
      .number()
      .openapi({ description: "The sector's shortlist floor: no item scores below it" }),
    items: z.array(ShortlistItem),
  })
  .openapi('Shortlist')

const shortlistRoute = createRoute({
  method: 'get',
  path: '/shortlist',
  tags: ['queue'],
  summary:
    "A day's shortlist (today by default, in the sector's time zone), kept as first produced",
  request: { query: z.object({ sector: slug, date: day.optional() }) },
  responses: {
    200: ok(Shortlist),
    ...errors,
  },
})

const rebuildRoute = createRoute({
  method: 'post',
  path: '/shortlist/rebuild',
  tags: ['queue'],
  summary:
    "Makes today's shortlist again with what arrived since (curator): approved, reshared and publicly commented items stay",
  ...needs('curator'),
  request: { body: body(z.object({ sector: slug }).openapi('ShortlistRebuildInput')) },
  responses: {
    200: ok(
      Shortlist.extend({
        added: z.number().int().openapi({ description: 'Items that were not in the list before' }),
      }),
    ),
    ...errors,
  },
})

// "Mark as seen" for a page, a list, or everything older than some days: the stories leave the
// queue and the model learns nothing.
const dismissRoute = createRoute({
  method: 'post',
  path: '/queue/dismiss',
  tags: ['queue'],
  summary:
    'Skips many undecided articles at once (curator): they leave the queue, nothing is learned; undo restores those still skipped',
  ...needs('curator'),
  request: {
    body: body(
      z
        .object({
          sector: slug,
          articleIds: z.array(z.number().int().positive()).min(1).max(500).optional(),
          olderThanDays: z.number().int().min(1).max(MAX_SKIP_OLDER_DAYS).optional().openapi({
            description:
              'Instead of articleIds: every undecided article of the queue whose story has nothing published in the last N days',
          }),
          undo: z.boolean().optional().openapi({
            description: 'Restore these articles to the queue if they are still skipped',
          }),
        })
        .refine((b) => (b.articleIds === undefined) !== (b.olderThanDays === undefined), {
          message: 'articleIds or olderThanDays',
          path: ['articleIds'],
        })
        .refine((b) => !(b.undo && b.olderThanDays), {
          message: 'undo takes articleIds',
          path: ['undo'],
        })
        .openapi('DismissInput'),
    ),
  },
  responses: {
    200: ok(
      z.object({
        sector: z.string(),
        articleIds: z.array(z.number().int()).openapi({
          description:
            'The articles skipped (or restored): those of this sector still undecided (or still skipped); others are left as they are',
        }),
      }),
    ),
    ...errors,
  },
})

export function queueRoutes(api: Api) {
  api.openapi(queueRoute, async (c) => {
    const { deps } = c.var
    const q = c.req.valid('query')
    await sectorOrThrow(deps.db, q.sector)
    // A cursor that is not a story of this sector would silently restart from the top: a client
    // paging to the end would never get there.
    if (q.after && (await rankKeyOf(deps.db, q.after))?.sectorSlug !== q.sector)
      return invalidField(c, 'after', "not a story of this sector's ranked queue")
    const feedIds = q.source
      ? (await listFeeds(deps.db, q.sector))
          .filter((f) => f.sourceName === q.source)
          .map((f) => f.id)
      : undefined
    const filters = {
      feedIds,
      lang: q.lang,
      minScore: q.minScore,
      since: q.since ? new Date(q.since) : undefined,
      state: q.state,
      tag: q.tag,
    }
    // One story more than asked, to know whether a next page exists (the count stops at a cap).
    const [read, total] = await Promise.all([
      queueOf(deps, q.sector, { ...filters, limit: q.limit + 1, after: q.after }),
      queueCount(deps, q.sector, filters),
    ])
    const stories = read.slice(0, q.limit)
    const t = c.var.t
    return c.json(
      {
        sector: q.sector,
        total,
        nextAfter: read.length > q.limit ? stories.at(-1)!.id : null,
        stories: stories.map((s) => localiseReasons(s, t)),
      },
      200,
    )
  })

  api.openapi(shortlistRoute, async (c) => {
    const { deps } = c.var
    const q = c.req.valid('query')
    const sector = await sectorOrThrow(deps.db, q.sector)
    const date = q.date ?? localDay(deps.clock.now(), sector.timezone)
    const list = await shortlistOf(deps, q.sector, date)
    const items = list.items.map((i) => localiseReasons(i, c.var.t))
    return c.json({ ...list, items }, 200)
  })

  api.openapi(rebuildRoute, async (c) => {
    const { deps } = c.var
    const input = c.req.valid('json')
    await sectorOrThrow(deps.db, input.sector)
    const list = await rebuildShortlist(deps, input.sector)
    return c.json({ ...list, items: list.items.map((i) => localiseReasons(i, c.var.t)) }, 200)
  })

  api.openapi(dismissRoute, async (c) => {
    const { deps } = c.var
    const input = c.req.valid('json')
    await sectorOrThrow(deps.db, input.sector)
    const { articleIds } = await recordDismissals(
      deps.db,
      {
        sectorSlug: input.sector,
        articleIds:
          input.olderThanDays === undefined
            ? input.articleIds
            : await staleQueueArticles(deps, input.sector, {}, input.olderThanDays),
        undo: input.undo,
        actor: c.var.user?.email ?? null,
      },
      deps.clock.now(),
    )
    return c.json({ sector: input.sector, articleIds }, 200)
  })
}
