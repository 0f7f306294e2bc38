import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError } from '../lib/errors.ts'
import { isBusy, isStorageFull } from '../lib/storage-errors.ts'
import type { AppEnv } from './env.ts'
import { translator } from '../../web/i18n/index.ts'
import { ErrorPage } from '../../web/views/error-page.tsx'

// Domain error codes to HTTP statuses, in one place. Stages never throw HTTP errors.
const statusOf: Record<string, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503 | 507> = {
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
  too_many_followed: 409,
  smtp_not_configured: 409,
  too_large: 413,
  page_unreadable: 422,
  rate_limited: 429,
  database_busy: 503,
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
  // Locked by another process past every retry (src/store/db.ts): nothing was written, try again.
  if (!(err instanceof AppError) && isBusy(err)) {
    c.var.deps?.log.warn('database busy', { path: c.req.path })
    c.header('Retry-After', '5')
    err = new AppError('database_busy', {}, (c.var.t ?? ((k: string) => k))('error.busy.text'))
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
  const t = c.var.t ?? translator('fr')
  // A validation message names the field; a full disk says what to do. Nothing else is shown.
  const field = err instanceof AppError ? err.details.field : undefined
  const detail =
    !known || status === 401 || status === 403
      ? null
      : typeof field === 'string' && field && status === 400
        ? `${field} : ${message}`
        : status === 400 || status === 507 || status === 413
          ? message
          : null
  const page = ErrorPage({
    t,
    locale: c.var.locale ?? 'fr',
    csrf: c.var.csrf ?? '',
    user: c.var.user ?? null,
    status,
    detail,
  })
  return c.html(`<!doctype html>${page}`, status)
}
