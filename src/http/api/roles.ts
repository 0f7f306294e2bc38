import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../middleware/session.ts'

/** Route middleware: the signed-in user (session or API token) must have at least this role. */
export const role = (needed: 'viewer' | 'curator' | 'admin') =>
  createMiddleware<AppEnv>(async (c, next) => {
    requireRole(c, needed)
    await next()
  })
