import { createRoute, z } from '@hono/zod-openapi'
import {
  followedSearchesOf,
  followSearchIn,
  MAX_FOLLOWED_QUERY,
} from '../../jobs/followed-searches.ts'
import { switchSearchAlert } from '../../jobs/search-alerts.ts'
import {
  alertRecipientsOf,
  type Db,
  type FollowedSearch as FollowedSearchRow,
  unfollowSearch,
} from '../../store/index.ts'
import type { Api } from './app.ts'
import { needs } from './roles.ts'
import { body, errors, IdParams, ok, slug } from './schemas.ts'
import { sectorOrThrow } from './sectors.ts'

const FollowedSearch = z
  .object({
    id: z.number().int(),
    sector: z.string(),
    query: z.string(),
    createdAt: z.iso.datetime(),
    seenAt: z.iso.datetime().openapi({ description: 'When the search page last showed it' }),
    newResults: z.number().int().nullable().openapi({
      description:
        'Articles with every word of the query published since seenAt (null without a search index)',
    }),
    alertRecipients: z.array(z.string()).openapi({
      description: 'The curators who get its email alert (each turns theirs on or off), by address',
    }),
  })
  .openapi('FollowedSearch')

const listRoute = createRoute({
  method: 'get',
  path: '/searches/followed',
  tags: ['search'],
  summary: "A sector's followed searches, each with its new results since it was last opened",
  request: { query: z.object({ sector: slug }) },
  responses: { 200: ok(z.object({ searches: z.array(FollowedSearch) })), ...errors },
})

const followRoute = createRoute({
  method: 'post',
  path: '/searches/followed',
  tags: ['search'],
  summary:
    'Follows a search in a sector (curator); following it again changes nothing; 409 past 30 in a sector',
  ...needs('curator'),
  request: {
    body: body(
      z
        .object({ sector: slug, query: z.string().trim().min(1).max(MAX_FOLLOWED_QUERY) })
        .openapi('FollowInput'),
    ),
  },
  responses: { 200: ok(z.object({ search: FollowedSearch })), ...errors },
})

const unfollowRoute = createRoute({
  method: 'delete',
  path: '/searches/followed/{id}',
  tags: ['search'],
  summary:
    'Stops following a search (curator); unfollowed: false when it was not followed (any more)',
  ...needs('curator'),
  request: { params: IdParams },
  responses: {
    200: ok(z.object({ id: z.number().int(), unfollowed: z.boolean() })),
    ...errors,
  },
})

const view = (s: {
  id: number
  sectorSlug: string
  query: string
  createdAt: Date
  seenAt: Date
  newResults: number | null
  alertRecipients: string[]
}): z.infer<typeof FollowedSearch> => ({
  id: s.id,
  sector: s.sectorSlug,
  query: s.query,
  createdAt: s.createdAt.toISOString(),
  seenAt: s.seenAt.toISOString(),
  newResults: s.newResults,
  alertRecipients: s.alertRecipients,
})

/** A search just followed or switched, with who gets its alert. */
async function viewOne(db: Db, row: FollowedSearchRow, newResults: number | null) {
  const recipients = await alertRecipientsOf(db, [row.id])
  return view({ ...row, newResults, alertRecipients: recipients.get(row.id) ?? [] })
}

const alertRoute = createRoute({
  method: 'put',
  path: '/searches/followed/{id}/alert',
  tags: ['search'],
  summary:
    "Turns a followed search's email alert on (to the calling curator, at most hourly) or off (curator)",
  ...needs('curator'),
  request: {
    params: IdParams,
    body: body(
      z
        .object({
          alert: z.boolean(),
          every: z.enum(['hour', 'day']).optional().openapi({
            description:
              'How often: at most once an hour (the default) or once a day; sent again, changes it',
          }),
        })
        .openapi('SearchAlertInput'),
    ),
  },
  responses: { 200: ok(z.object({ search: FollowedSearch })), ...errors },
})

export function followedSearchRoutes(api: Api) {
  api.openapi(listRoute, async (c) => {
    const { deps } = c.var
    const { sector } = c.req.valid('query')
    await sectorOrThrow(deps.db, sector)
    return c.json({ searches: (await followedSearchesOf(deps, sector)).map(view) }, 200)
  })

  api.openapi(followRoute, async (c) => {
    const { deps } = c.var
    const input = c.req.valid('json')
    await sectorOrThrow(deps.db, input.sector)
    const row = await followSearchIn(deps, {
      sectorSlug: input.sector,
      query: input.query,
      actor: c.var.user?.email ?? null,
    })
    return c.json({ search: await viewOne(deps.db, row, 0) }, 200)
  })

  api.openapi(alertRoute, async (c) => {
    const { deps } = c.var
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const row = await switchSearchAlert(deps, {
      id,
      on: input.alert,
      every: input.every,
      userId: c.var.user?.id ?? null,
      canSend: !!deps.config.mail?.smtpUrl,
    })
    return c.json({ search: await viewOne(deps.db, row, null) }, 200)
  })

  api.openapi(unfollowRoute, async (c) => {
    const { id } = c.req.valid('param')
    // Idempotent: a search already unfollowed (by another curator, say) is not followed either.
    const gone = await unfollowSearch(c.var.deps.db, id)
    return c.json({ id, unfollowed: !!gone }, 200)
  })
}
