import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../env.ts'
import { API_BODY_LIMIT, BODY_LIMITS, isApiPath, webRouteOf } from '../route-table.ts'

/**
 * Caps every request body before anything reads it (the CSRF check included): a few KB for sign-in,
 * the documented cap for uploads, the API's own; a route the table does not know gets the smallest.
 * Over the cap: 413, whether the size was announced (Content-Length) or only streamed.
 */
export function bodyLimits(): MiddlewareHandler<AppEnv> {
  const limiters = new Map<number, MiddlewareHandler<AppEnv>>()
  const limiterOf = (maxSize: number) => {
    let limiter = limiters.get(maxSize)
    if (!limiter) {
      limiter = bodyLimit({
        maxSize,
        onError: () => {
          throw new AppError(
            'too_large',
            { maxBytes: maxSize },
            `request body over ${maxSize} bytes`,
          )
        },
      })
      limiters.set(maxSize, limiter)
    }
    return limiter
  }
  return (c, next) => {
    const path = c.req.path
    const kind = webRouteOf(c.req.method, path)?.body
    const max = kind ? BODY_LIMITS[kind] : isApiPath(path) ? API_BODY_LIMIT : BODY_LIMITS.none
    return limiterOf(max)(c, next)
  }
}
