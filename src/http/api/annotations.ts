import { createRoute, z } from '@hono/zod-openapi'
import { ANNOTATION_LIMITS as L, emptyAnnotation, saveAnnotation } from '../../curate/index.ts'
import { AppError } from '../../lib/errors.ts'
import { annotationHistory, getAnnotation, getArticle, type Db } from '../../store/index.ts'
import type { Api } from './app.ts'
import { needs } from './roles.ts'
import { body, errors, IdParams, ok } from './schemas.ts'
import { invalidField } from './validation.ts'

export const Annotation = z
  .object({
    articleId: z.number().int(),
    note: z.string().openapi({ description: 'Private note' }),
    tags: z.array(z.string()),
    commentary: z.string().openapi({ description: 'Public commentary, shown when reshared' }),
    version: z
      .number()
      .int()
      .openapi({ description: '0 when never saved; send it back as baseVersion' }),
    updatedBy: z.number().int().nullable().optional(),
    updatedAt: z.iso.datetime().optional(),
  })
  .openapi('Annotation')

// The limits are the ones saveAnnotation enforces (tags counted after normalising, which only shortens).
const AnnotationInput = z
  .object({
    note: z
      .string()
      .max(L.note)
      .openapi({ description: `At most ${L.note} characters` }),
    tags: z
      .array(z.string().max(L.tag))
      .max(L.tags)
      .openapi({ description: `At most ${L.tags} tags of ${L.tag} characters` }),
    commentary: z
      .string()
      .max(L.commentary)
      .openapi({ description: `At most ${L.commentary} characters` }),
    baseVersion: z
      .number()
      .int()
      .min(0)
      .openapi({ description: 'The version the edit started from' }),
  })
  .openapi('AnnotationInput')

const AnnotationVersion = z
  .object({
    version: z.number().int(),
    note: z.string(),
    tags: z.array(z.string()),
    commentary: z.string(),
    updatedBy: z.number().int().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('AnnotationVersion')

const getRoute = createRoute({
  method: 'get',
  path: '/articles/{id}/annotation',
  tags: ['annotations'],
  summary: "An article's annotation (version 0 if none yet)",
  request: { params: IdParams },
  responses: { 200: ok(Annotation), ...errors },
})

const putRoute = createRoute({
  method: 'put',
  path: '/articles/{id}/annotation',
  tags: ['annotations'],
  summary:
    'Saves an annotation (curator); 409 with the current version if it changed since baseVersion',
  ...needs('curator'),
  request: { params: IdParams, body: body(AnnotationInput) },
  responses: { 200: ok(Annotation), ...errors },
})

const historyRoute = createRoute({
  method: 'get',
  path: '/articles/{id}/annotation/history',
  tags: ['annotations'],
  summary: 'Every saved version of the annotation, newest first',
  request: { params: IdParams },
  responses: {
    200: ok(z.object({ articleId: z.number().int(), history: z.array(AnnotationVersion) })),
    ...errors,
  },
})

async function articleOrThrow(db: Db, id: number) {
  const article = await getArticle(db, id)
  if (!article) throw new AppError('article_not_found', { articleId: id }, `no article ${id}`)
  return article
}

/** An annotation as the API shows it. */
export const annotationView = (a: NonNullable<Awaited<ReturnType<typeof getAnnotation>>>) => ({
  articleId: a.articleId,
  note: a.note,
  tags: a.tags,
  commentary: a.commentary,
  version: a.version,
  updatedBy: a.updatedBy,
  updatedAt: a.updatedAt,
})

export function annotationRoutes(api: Api) {
  api.openapi(getRoute, async (c) => {
    const { db } = c.var.deps
    const { id } = c.req.valid('param')
    await articleOrThrow(db, id)
    const annotation = await getAnnotation(db, id)
    return c.json(annotation ? annotationView(annotation) : emptyAnnotation(id), 200)
  })

  api.openapi(putRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { id } = c.req.valid('param')
    try {
      const saved = await saveAnnotation(
        db,
        id,
        c.req.valid('json'),
        c.var.user?.id ?? null,
        clock.now(),
      )
      return c.json(annotationView(saved), 200)
    } catch (err) {
      // A limit the schema could not see (a tag that is too long once normalised): the schema's 400.
      if (err instanceof AppError && err.code === 'validation_failed')
        return invalidField(c, String(err.details.field), err.message)
      throw err
    }
  })

  api.openapi(historyRoute, async (c) => {
    const { db } = c.var.deps
    const { id } = c.req.valid('param')
    await articleOrThrow(db, id)
    const history = (await annotationHistory(db, id)).map(({ id: _row, articleId: _a, ...v }) => v)
    return c.json({ articleId: id, history }, 200)
  })
}
