import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import {
  hasAnyUser,
  resolveApiToken,
  resolveSession,
  roleAtLeast,
  type Role,
} from '../../auth/index.ts'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv, SessionUser } from '../env.ts'
import { checkCsrf, checkOrigin, isHttps, isStateChange } from './csrf.ts'

export const SESSION_COOKIE = 'vigie_session'

// Reachable without signing in. /setup is only useful while there is no user (its route checks).
const PUBLIC_PATHS = new Set(['/health', '/login', '/setup'])
const PUBLIC_PREFIXES = ['/static/', '/feeds/public/']
// The few state changes a viewer may make: their own session and tokens.
const VIEWER_WRITES = [/^\/logout$/, /^\/account\//]
// These forms are protected by the pre-session double-submit cookie, checked in their routes.
const OWN_CSRF = new Set(['/login', '/setup'])

export const isPublicPath = (path: string) =>
  PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p))
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure under HTTPS, as long-lived as the session. */
export function setSessionCookie(
  c: Context<AppEnv>,
  token: string,
  expiresAt: Date,
  now: Date,
): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    maxAge: Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 1000)),
  })
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) })
}

/** The signed-in user if their role is at least `role`; throws unauthenticated or forbidden otherwise. */
export function requireRole(c: Context<AppEnv>, role: Role): SessionUser {
  const user = c.var.user
  if (!user) throw new AppError('unauthenticated', {}, 'sign in first')
  if (!roleAtLeast(user.role, role))
    throw new AppError('forbidden', { role }, `needs the ${role} role`)
  return user
}

function bearerToken(c: Context<AppEnv>): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
  return m ? m[1]! : null
}

/** A page path to come back to after signing in: same-site relative paths only. */
export function safeNext(next: string | undefined | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  try {
    const url = new URL(next, 'http://vigie.invalid')
    if (url.origin !== 'http://vigie.invalid') return null
    if (url.pathname === '/login' || url.pathname === '/logout' || url.pathname === '/setup')
      return null
    return url.pathname + url.search
  } catch {
    return null
  }
}

/**
 * Who is asking (a session cookie, or a Bearer API token on /api/*), and the gate in front of every
 * route but the public ones: no user yet -> /setup; no auth -> /login or 401; state changes need the
 * session's CSRF token, a same-site origin, and more than the viewer role.
 */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  // Once an account exists there always is one (the last admin cannot be removed): no need to ask again.
  let setupDone = false
  return async (c, next) => {
    c.set('user', null)
    c.set('csrf', '')
    c.set('auth', null)
    const { db, clock } = c.var.deps
    const now = clock.now()
    const path = c.req.path
    const api = isApiPath(path)
    const bearer = api ? bearerToken(c) : null

    if (bearer !== null) {
      const user = await resolveApiToken(db, bearer, now)
      if (!user)
        throw new AppError('unauthenticated', { reason: 'token' }, 'invalid or revoked API token')
      c.set('user', user)
      c.set('auth', 'token')
    } else {
      const token = getCookie(c, SESSION_COOKIE)
      const session = token ? await resolveSession(db, token, now) : null
      if (session) {
        c.set('user', session.user)
        c.set('csrf', session.csrf)
        c.set('auth', 'session')
        if (session.renewed) setSessionCookie(c, token!, session.expiresAt, now)
      } else if (token) clearSessionCookie(c)
    }

    if (!c.var.user) {
      setupDone ||= await hasAnyUser(db)
      const page = !api && !(c.req.header('accept') ?? '').startsWith('application/json')
      if (!setupDone && page && path !== '/setup') return c.redirect('/setup', 302)
      if (!isPublicPath(path)) {
        if (!page) throw new AppError('unauthenticated', {}, 'sign in or send an API token')
        const back = c.req.method === 'GET' ? safeNext(path + new URL(c.req.url).search) : null
        return c.redirect(back ? `/login?next=${encodeURIComponent(back)}` : '/login', 302)
      }
    }

    if (isStateChange(c.req.method)) {
      // A Bearer token is never sent by a browser on its own: no CSRF to fear there.
      if (c.var.auth !== 'token') checkOrigin(c)
      if (c.var.auth === 'session' && !OWN_CSRF.has(path)) await checkCsrf(c, c.var.csrf)
      if (c.var.user?.role === 'viewer' && !VIEWER_WRITES.some((r) => r.test(path)))
        throw new AppError('forbidden', { role: 'curator' }, 'viewers can only read')
    }
    await next()
  }
}
