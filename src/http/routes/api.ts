import type { Hono } from 'hono'
import { createApi } from '../api/index.ts'
import type { AppEnv } from '../env.ts'

/** The JSON API (/api/*) and its OpenAPI document (/api/openapi.json). */
export function apiRoutes(app: Hono<AppEnv>) {
  app.route('/', createApi())
}
