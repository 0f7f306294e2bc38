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
import { safeRedirectTarget } from '../redirect-target.ts'
import { isApiPath, webRouteOf } from '../route-table.ts'
import { isHttps } from '../forwarded.ts'
import { checkCsrf, checkOrigin, isStateChange } from './csrf.ts'

export const SESSION_COOKIE = 'vigie_session'

// These forms are protected by the pre-session double-submit cookie, checked in their routes; an
// alert email's stop link by its sealed token, which a forged request cannot hold.
const OWN_CSRF = new Set(['/login', '/setup', '/alerts/stop'])

/** Reachable without signing in: the routes the route table declares public, and nothing else. */
export const isPublicPath = (method: string, path: string) =>
  webRouteOf(method, path)?.access === 'public'

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
    const route = webRouteOf(c.req.method, path)
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
      if (!isPublicPath(c.req.method, path)) {
        if (!page) throw new AppError('unauthenticated', {}, 'sign in or send an API token')
        const back =
          c.req.method === 'GET' ? safeRedirectTarget(path + new URL(c.req.url).search) : null
        return c.redirect(back ? `/login?next=${encodeURIComponent(back)}` : '/login', 302)
      }
    }

    if (isStateChange(c.req.method)) {
      // A Bearer token is never sent by a browser on its own: no CSRF to fear there.
      if (c.var.auth !== 'token') checkOrigin(c)
      if (c.var.auth === 'session' && !OWN_CSRF.has(path)) await checkCsrf(c, c.var.csrf)
      // A viewer may change only their own session, language and tokens (the routes open to viewers).
      if (c.var.user?.role === 'viewer' && route?.access !== 'viewer' && route?.access !== 'public')
        throw new AppError('forbidden', { role: 'curator' }, 'viewers can only read')
    }
    // The table's role is checked here too, so a route that forgets its own check is still closed.
    if (route && route.access !== 'public') requireRole(c, route.access)
    await next()
  }
}
