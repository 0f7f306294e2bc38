import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../middleware/session.ts'

/** Route middleware: the signed-in user (session or API token) must have at least this role. */
export const role = (needed: 'viewer' | 'curator' | 'admin') =>
  createMiddleware<AppEnv>(async (c, next) => {
    requireRole(c, needed)
    await next()
  })

/**
 * A route's role, enforced and documented: `x-vigie-role` in /api/openapi.json says who may call the
 * operation (every other operation needs a viewer); the security tests read it.
 */
export const needs = (needed: 'curator' | 'admin') => ({
  middleware: [role(needed)],
  'x-vigie-role': needed,
})
