import { createRoute, z } from '@hono/zod-openapi'
import { emptyAnnotation } from '../../curate/index.ts'
import { AppError } from '../../lib/errors.ts'
import {
  getAnnotation,
  getArticle,
  getFeed,
  listArticles,
  scoredArticles,
} from '../../store/index.ts'
import { Annotation, annotationView } from './annotations.ts'
import type { Api } from './app.ts'
import { Explanation, localiseExplanation, status } from './cards.ts'
import { body, ErrorBody, errors, IdParams, isoDate, json, limit, ok, slug } from './schemas.ts'
import { MAX_ADDED_URL } from '../../jobs/article-add.ts'
import { needs } from './roles.ts'
import { sectorOrThrow } from './sectors.ts'
import { invalidField } from './validation.ts'

const ArticleItem = z
  .object({
    id: z.number().int(),
    url: z.string(),
    title: z.string(),
    author: z.string().nullable(),
    publishedAt: z.iso.datetime(),
    lang: z.string().nullable(),
    wordCount: z.number().int(),
    feedUrl: z.string(),
    status: z.string(),
    extractState: z.string(),
  })
  .openapi('ArticleItem')

const Article = z
  .object({
    id: z.number().int(),
    sectorSlug: z.string(),
    feedId: z.number().int(),
    source: z.string().nullable(),
    url: z.string(),
    canonicalUrl: z.string(),
    title: z.string(),
    author: z.string().nullable(),
    publishedAt: z.iso.datetime(),
    siteName: z.string().nullable(),
    image: z.string().nullable(),
    lang: z.string().nullable(),
    excerpt: z.string().nullable(),
    wordCount: z.number().int(),
    readingMinutes: z.number().int(),
    html: z
      .string()
      .nullable()
      .openapi({ description: 'Sanitised at extraction; null until extracted' }),
    text: z.string().nullable(),
    status: z.string(),
    snoozeUntil: z.iso.datetime().nullable(),
    extractState: z.string(),
    extractError: z.string().nullable(),
    score: z.number().nullable(),
    explanation: Explanation.nullable(),
    storyId: z.number().int().nullable(),
    annotation: Annotation,
  })
  .openapi('Article')

const action = z.enum(['approve', 'reject', 'reshare', 'snooze', 'dismiss', 'reset'])

const DecisionInput = z
  .object({
    action,
    snoozeUntil: isoDate
      .optional()
      .openapi({ description: 'Required for snooze: when it comes back' }),
  })
  .refine((d) => d.action !== 'snooze' || d.snoozeUntil, {
    path: ['snoozeUntil'],
    message: 'required when action is snooze',
  })
  .openapi('DecisionInput')

const Decision = z
  .object({
    id: z.number().int(),
    articleId: z.number().int(),
    sectorSlug: z.string(),
    action,
    snoozeUntil: z.iso.datetime().nullable(),
    actor: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Decision')

const listRoute = createRoute({
  method: 'get',
  path: '/articles',
  tags: ['articles'],
  summary: 'The latest articles, optionally of one sector',
  request: { query: z.object({ sector: slug.optional(), limit: limit(500, 50) }) },
  responses: { 200: ok(z.object({ articles: z.array(ArticleItem) })), ...errors },
})

const getRoute = createRoute({
  method: 'get',
  path: '/articles/{id}',
  tags: ['articles'],
  summary: 'One article: sanitised HTML, text, metadata, score and annotation',
  request: { params: IdParams },
  responses: { 200: ok(Article), ...errors },
})

const decideRoute = createRoute({
  method: 'post',
  path: '/articles/{id}/decision',
  tags: ['articles'],
  summary:
    'Approves, rejects, reshares, snoozes, skips (dismiss: seen, nothing learned) or resets an article (curator); the sector is rescored',
  ...needs('curator'),
  request: { params: IdParams, body: body(DecisionInput) },
  responses: { 200: ok(z.object({ decision: Decision, status })), ...errors },
})

// "Not the same story" and its undo, as the queue's buttons do them.
const separateRoute = createRoute({
  method: 'post',
  path: '/articles/{id}/separate',
  tags: ['articles'],
  summary:
    'Takes the article out of the story it was grouped in, for good (curator); the stories are formed again',
  ...needs('curator'),
  request: { params: IdParams },
  responses: {
    200: ok(z.object({ articleId: z.number().int(), apartFrom: z.array(z.number().int()) })),
    ...errors,
  },
})

const rejoinRoute = createRoute({
  method: 'post',
  path: '/articles/{id}/rejoin',
  tags: ['articles'],
  summary: "Undoes the article's latest separation (curator): it may be grouped with them again",
  ...needs('curator'),
  request: { params: IdParams },
  responses: {
    200: ok(z.object({ articleId: z.number().int(), rejoined: z.array(z.number().int()) })),
    ...errors,
  },
})

const AddInput = z
  .object({
    sector: slug,
    url: z.string().max(MAX_ADDED_URL).openapi({ description: 'The page, http or https' }),
    approve: z
      .boolean()
      .default(false)
      .openapi({ description: 'Approve it at once (the sector model learns from it)' }),
  })
  .openapi('ArticleAddInput')

const Added = z.object({
  id: z.number().int(),
  existing: z.boolean().openapi({ description: 'The sector already held it: nothing was fetched' }),
  approved: z.boolean().openapi({ description: 'Approved by this call' }),
})

// "Ajouter un article", for a script or a browser extension: a page found elsewhere, by its address.
const addRoute = createRoute({
  method: 'post',
  path: '/articles',
  tags: ['articles'],
  summary:
    'Adds a page found elsewhere to a sector by its address (curator): fetched, extracted, filed under its site, indexed and scored',
  ...needs('curator'),
  request: { body: body(AddInput) },
  responses: {
    200: ok(Added, 'The sector already held it'),
    201: ok(Added, 'Added'),
    422: json(ErrorBody, 'The page could not be fetched or read: `details.reason` says why'),
    ...errors,
  },
})

const statuses = status.options as string[]

export function articleRoutes(api: Api) {
  api.openapi(addRoute, async (c) => {
    const { deps } = c.var
    const input = c.req.valid('json')
    if (!deps.addArticle)
      throw new AppError('not_found', {}, 'articles cannot be added on this server')
    const added = await deps.addArticle({
      sectorSlug: input.sector,
      url: input.url,
      approve: input.approve,
      actor: c.var.user?.email ?? null,
    })
    return c.json(added, added.existing ? 200 : 201)
  })

  api.openapi(listRoute, async (c) => {
    const { db } = c.var.deps
    const { sector, limit: n } = c.req.valid('query')
    if (sector) await sectorOrThrow(db, sector)
    return c.json({ articles: await listArticles(db, { sectorSlug: sector, limit: n }) }, 200)
  })

  api.openapi(getRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { id } = c.req.valid('param')
    const a = await getArticle(db, id)
    if (!a) throw new AppError('article_not_found', { articleId: id }, `no article ${id}`)
    const [feed, [scored], annotation] = await Promise.all([
      getFeed(db, a.feedId),
      scoredArticles(db, a.sectorSlug, { now: clock.now(), statuses, ids: [id] }),
      getAnnotation(db, id),
    ])
    return c.json(
      {
        id: a.id,
        sectorSlug: a.sectorSlug,
        feedId: a.feedId,
        source: feed?.sourceName ?? a.siteName,
        url: a.url,
        canonicalUrl: a.canonicalUrl,
        title: a.title,
        author: a.author,
        publishedAt: a.publishedAt,
        siteName: a.siteName,
        image: a.image,
        lang: a.lang,
        excerpt: a.excerpt,
        wordCount: a.wordCount,
        readingMinutes: a.readingMinutes,
        html: a.html,
        text: a.text,
        status: a.status,
        snoozeUntil: a.snoozeUntil,
        extractState: a.extractState,
        extractError: a.extractError,
        score: scored?.score ?? null,
        explanation: scored?.explanation
          ? localiseExplanation(scored.explanation as z.infer<typeof Explanation>, c.var.t)
          : null,
        storyId: scored?.storyId ?? null,
        annotation: annotation ? annotationView(annotation) : emptyAnnotation(id),
      },
      200,
    )
  })

  api.openapi(decideRoute, async (c) => {
    const { deps } = c.var
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const snoozeUntil = input.action === 'snooze' ? new Date(input.snoozeUntil!) : null
    if (snoozeUntil && snoozeUntil <= deps.clock.now())
      return invalidField(c, 'snoozeUntil', 'must be in the future')
    const { previousStatus: _, ...decision } = await deps.scoring.decide({
      articleId: id,
      action: input.action,
      snoozeUntil,
      actor: c.var.user?.email ?? null,
    })
    const article = await getArticle(deps.db, id)
    return c.json({ decision, status: (article?.status ?? 'new') as z.infer<typeof status> }, 200)
  })

  api.openapi(separateRoute, async (c) => {
    const { id } = c.req.valid('param')
    const split = await c.var.deps.scoring.separate({
      articleId: id,
      actor: c.var.user?.email ?? null,
    })
    if (!split) throw new AppError('article_not_found', { articleId: id }, `no article ${id}`)
    return c.json({ articleId: id, apartFrom: split.apartFrom }, 200)
  })

  api.openapi(rejoinRoute, async (c) => {
    const { id } = c.req.valid('param')
    const undone = await c.var.deps.scoring.undoSeparate({ articleId: id })
    if (!undone) throw new AppError('article_not_found', { articleId: id }, `no article ${id}`)
    return c.json({ articleId: id, rejoined: undone.rejoined }, 200)
  })
}
