import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../env.ts'
import { SESSION_COOKIE } from '../middleware/session.ts'
import { onError } from '../on-error.ts'
import { articleRoutes } from './articles.ts'
import { annotationRoutes } from './annotations.ts'
import { directoryRoutes } from './directory.ts'
import { directoryEditRoutes } from './directory-edits.ts'
import { directorySourceRoutes } from './directory-source.ts'
import { feedRoutes } from './feeds.ts'
import { followedSearchRoutes } from './followed-searches.ts'
import { queueRoutes } from './queue.ts'
import { reshareRoutes } from './reshare.ts'
import { role } from './roles.ts'
import { errors, ok } from './schemas.ts'
import { searchRoutes } from './search.ts'
import { suggestionRoutes } from './suggestions.ts'
import { sectorRoutes } from './sectors.ts'
import { validationHook } from './validation.ts'

export type Api = OpenAPIHono<AppEnv>

// Errors thrown by the validators themselves (not by zod) get the API's JSON shape too.
function apiError(err: Error, c: Context<AppEnv>) {
  if (err instanceof HTTPException && err.status === 400) {
    return c.json(
      {
        error: 'validation_failed',
        message: `body: ${err.message}`,
        field: 'body',
        issues: [{ field: 'body', code: 'invalid_json', message: err.message }],
      },
      400,
    )
  }
  if (err instanceof HTTPException && err.status === 415) {
    return c.json(
      { error: 'unsupported_media_type', message: 'send the body as application/json' },
      415,
    )
  }
  return onError(err, c)
}

// GET /api/me is served by the auth routes; it is documented here so the document covers all of /api.
function documentMe(api: Api) {
  const Me = z
    .object({
      id: z.number().int(),
      email: z.string(),
      name: z.string().nullable(),
      role: z.enum(['viewer', 'curator', 'admin']),
      locale: z.enum(['fr', 'en']),
    })
    .openapi('Me')
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/me',
    tags: ['account'],
    summary: 'Who the session or token belongs to, and their role',
    responses: { 200: ok(Me), 401: errors[401] },
  })
}

/**
 * The JSON API under /api: every route declared with a zod schema that both validates the request
 * and documents it in /api/openapi.json. Reads need a viewer, decisions and annotations a curator,
 * feed edits an admin; a browser session or a personal API token (Authorization: Bearer) both work.
 */
export function createApi(): Api {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).basePath('/api')
  api.onError(apiError)
  api.use('*', role('viewer'))
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal API token (vigie_...), created on the account page',
  })
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'A browser session; writes also need the x-csrf-token header',
  })
  sectorRoutes(api)
  feedRoutes(api)
  queueRoutes(api)
  articleRoutes(api)
  annotationRoutes(api)
  searchRoutes(api)
  followedSearchRoutes(api)
  reshareRoutes(api)
  directoryRoutes(api)
  directoryEditRoutes(api)
  directorySourceRoutes(api)
  suggestionRoutes(api)
  documentMe(api)
  api.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Vigie API',
      version: '1',
      description:
        'Sectors, feeds, the ranked queue, articles, decisions, annotations, search and shortlists.',
    },
    servers: [{ url: '/' }],
    security: [{ apiToken: [] }, { session: [] }],
  })
  return api
}
