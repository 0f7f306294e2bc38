import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { randomToken, safeEqual } from '../../auth/index.ts'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../env.ts'
import { isHttps, requestHost } from '../forwarded.ts'

/** Double-submit cookie protecting the login and setup forms, before any session exists. */
export const PRE_SESSION_COOKIE = 'vigie_csrf'
export const CSRF_FIELD = '_csrf'
export const CSRF_HEADER = 'x-csrf-token'

export const isStateChange = (method: string) =>
  !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())

/** Refuses a request a browser marks as coming from another site (Origin or Sec-Fetch-Site). */
export function checkOrigin(c: Context<AppEnv>): void {
  const site = c.req.header('sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none')
    throw new AppError('csrf_failed', { reason: 'cross_site' }, 'cross-site request refused')
  const origin = c.req.header('origin')
  if (origin === undefined) return
  let host: string | null = null
  try {
    host = new URL(origin).host
  } catch {
    // "null" and garbage origins are refused below.
  }
  const own = requestHost(c)
  if (host !== own)
    throw new AppError('csrf_failed', { reason: 'origin' }, 'cross-origin request refused')
}

/** The token the request sends back: the x-csrf-token header, or the `_csrf` field of a form. */
export async function submittedCsrf(c: Context<AppEnv>): Promise<string> {
  const header = c.req.header(CSRF_HEADER)
  if (header) return header
  const type = c.req.header('content-type') ?? ''
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  )
    return ''
  // parseBody caches the body: the route can still read the form.
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
  const value = body[CSRF_FIELD]
  return typeof value === 'string' ? value : ''
}

/** Throws csrf_failed unless the request sends back `expected` (compared in constant time). */
export async function checkCsrf(c: Context<AppEnv>, expected: string): Promise<void> {
  const got = await submittedCsrf(c)
  if (!expected || !got || !safeEqual(got, expected))
    throw new AppError('csrf_failed', { reason: 'token' }, 'missing or wrong CSRF token')
}

/** The pre-session token of this browser, set as a cookie if it has none yet (login and setup forms). */
export function preSessionCsrf(c: Context<AppEnv>): string {
  const existing = getCookie(c, PRE_SESSION_COOKIE)
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing
  const token = randomToken(32)
  setCookie(c, PRE_SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    maxAge: 2 * 3600,
  })
  return token
}

/** Checks the double-submit: the form's `_csrf` must equal the pre-session cookie. */
export async function checkPreSessionCsrf(c: Context<AppEnv>): Promise<void> {
  await checkCsrf(c, getCookie(c, PRE_SESSION_COOKIE) ?? '')
}
