import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'

/** (not built yet) Reads the session cookie or API token; sets user, csrf and auth. */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', null)
    c.set('csrf', '')
    c.set('auth', null)
    await next()
  }
}
