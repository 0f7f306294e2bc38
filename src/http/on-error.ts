import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError } from '../lib/errors.ts'
import { isStorageFull } from '../lib/storage-errors.ts'
import type { AppEnv } from './env.ts'

// Domain error codes to HTTP statuses, in one place. Stages never throw HTTP errors.
const statusOf: Record<string, 400 | 401 | 403 | 404 | 409 | 413 | 429 | 507> = {
  bad_request: 400,
  bad_date: 400,
  opml_invalid: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  sector_not_found: 404,
  article_not_found: 404,
  feed_not_found: 404,
  version_conflict: 409,
  too_large: 413,
  rate_limited: 429,
  storage_full: 507,
}

const wantsJson = (c: Context<AppEnv>) =>
  c.req.path.startsWith('/api/') || (c.req.header('accept') ?? '').includes('application/json')

/** Maps any error to a status and a JSON or HTML body; unknown errors are logged and hidden. */
export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof HTTPException) return err.getResponse()
  // A full disk is the outside world, not a bug: say so in the curator's language. The storage watch
  // has logged it once; a line per refused request would only fill the log of a full disk.
  if (!(err instanceof AppError) && isStorageFull(err)) {
    err = new AppError('storage_full', {}, (c.var.t ?? ((k: string) => k))('error.storageFull'))
  }
  const known = err instanceof AppError ? statusOf[err.code] : undefined
  if (!known)
    c.var.deps?.log.error('request failed', { path: c.req.path, error: err.stack ?? String(err) })
  const status = known ?? 500
  const code = err instanceof AppError ? err.code : 'internal_error'
  const message = known ? err.message : 'internal error'
  if (wantsJson(c)) {
    const details = err instanceof AppError && known ? err.details : undefined
    return c.json({ error: code, message, ...(details ? { details } : {}) }, status)
  }
  const t = c.var.t ?? ((k: string) => k)
  const title =
    status === 404
      ? t('error.notFound')
      : status === 403
        ? t('error.forbidden')
        : status === 400
          ? t('error.badRequest')
          : status === 507
            ? t('error.storageFull.title')
            : t('error.generic')
  return c.html(
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="error"><h1>${title}</h1>${status === 507 ? `<p>${message}</p>` : ''}<p><a href="/">Vigie</a></p></main></body></html>`,
    status,
  )
}
