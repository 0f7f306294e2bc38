import type { Context, Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import {
  MIN_PASSWORD_LENGTH,
  authenticate,
  createFirstAdmin,
  createSession,
  endSession,
  hasAnyUser,
} from '../../auth/index.ts'
import { AppError } from '../../lib/errors.ts'
import { LoginPage } from '../../../web/views/auth/login.tsx'
import { SetupPage } from '../../../web/views/auth/setup.tsx'
import type { AppEnv } from '../env.ts'
import { checkPreSessionCsrf, preSessionCsrf } from '../middleware/csrf.ts'
import { createFailureLimiter } from '../middleware/rate-limit.ts'
import {
  SESSION_COOKIE,
  clearSessionCookie,
  requireRole,
  safeNext,
  setSessionCookie,
} from '../middleware/session.ts'
import { accountRoutes, errorText, field, frameOf, render } from './accounts.ts'

/** The client's address: the socket peer, or the last proxy hop when the peer is a local reverse proxy. */
function clientIp(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  const peer = env?.incoming?.socket?.remoteAddress ?? ''
  if (!peer || peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1') {
    const hop = c.req.header('x-forwarded-for')?.split(',').pop()?.trim()
    if (hop) return hop
  }
  return peer || 'unknown'
}

/** Opens a session for the user (ending any previous one of this browser) and sets its cookie. */
async function signIn(c: Context<AppEnv>, userId: number) {
  const { db, clock } = c.var.deps
  const previous = getCookie(c, SESSION_COOKIE)
  if (previous) await endSession(db, previous)
  const now = clock.now()
  const session = await createSession(db, userId, now)
  setSessionCookie(c, session.token, session.expiresAt, now)
}

/** GET/POST /login, POST /logout, GET/POST /setup (first run only), GET /api/me; then the account pages. */
export function authRoutes(app: Hono<AppEnv>) {
  // Per app instance, in memory: 5 failures per IP or per email within 15 minutes, then 429.
  const limiter = createFailureLimiter({ max: 5, windowMs: 15 * 60_000 })

  const loginPage = (
    c: Context<AppEnv>,
    p: { email?: string; next?: string | null; error?: string | null },
  ) =>
    render(
      c,
      LoginPage({
        frame: { ...frameOf(c), csrf: preSessionCsrf(c) },
        email: p.email ?? '',
        next: p.next ?? null,
        error: p.error ?? null,
      }),
    )

  app.get('/login', (c) => {
    const next = safeNext(c.req.query('next'))
    if (c.var.user) return c.redirect(next ?? '/', 302)
    return loginPage(c, { next })
  })

  app.post('/login', async (c) => {
    await checkPreSessionCsrf(c)
    const body = await c.req.parseBody()
    const email = field(body, 'email').trim().toLowerCase()
    const next = safeNext(field(body, 'next'))
    const keys = [`ip:${clientIp(c)}`, `email:${email}`]
    const now = c.var.deps.clock.now()
    const wait = limiter.retryAfter(keys, now)
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      c.status(429)
      return loginPage(c, {
        email,
        next,
        error: c.var.t('auth.login.tooMany', { minutes: Math.ceil(wait / 60) }),
      })
    }
    const user = await authenticate(c.var.deps.db, email, field(body, 'password'))
    if (!user) {
      limiter.fail(keys, now)
      c.var.deps.log.warn('login failed', { ip: keys[0] })
      c.status(401)
      return loginPage(c, { email, next, error: c.var.t('auth.login.failed') })
    }
    // Only the email's count: an attacker with an account of their own must not clear their IP's.
    limiter.reset([keys[1]!])
    await signIn(c, user.id)
    return c.redirect(next ?? '/', 303)
  })

  app.post('/logout', async (c) => {
    requireRole(c, 'viewer')
    await endSession(c.var.deps.db, getCookie(c, SESSION_COOKIE) ?? '')
    clearSessionCookie(c)
    return c.redirect('/login', 303)
  })

  const setupPage = (
    c: Context<AppEnv>,
    p: { email?: string; name?: string; error?: string | null },
  ) =>
    render(
      c,
      SetupPage({
        frame: { ...frameOf(c), csrf: preSessionCsrf(c) },
        email: p.email ?? '',
        name: p.name ?? '',
        minLength: MIN_PASSWORD_LENGTH,
        error: p.error ?? null,
      }),
    )

  app.get('/setup', async (c) => {
    if (await hasAnyUser(c.var.deps.db)) return c.redirect(c.var.user ? '/' : '/login', 302)
    return setupPage(c, {})
  })

  app.post('/setup', async (c) => {
    if (await hasAnyUser(c.var.deps.db))
      throw new AppError('forbidden', { reason: 'setup_done' }, 'setup already done')
    await checkPreSessionCsrf(c)
    const body = await c.req.parseBody()
    const input = {
      email: field(body, 'email'),
      name: field(body, 'name'),
      password: field(body, 'password'),
    }
    try {
      const user = await createFirstAdmin(
        c.var.deps.db,
        { ...input, locale: c.var.locale },
        c.var.deps.clock.now(),
      )
      await signIn(c, user.id)
      return c.redirect('/', 303)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
      c.status(400)
      return setupPage(c, { email: input.email, name: input.name, error: errorText(c, err) })
    }
  })

  app.get('/api/me', (c) => c.json(requireRole(c, 'viewer')))

  accountRoutes(app)
}
