import type { Context, Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import {
  MIN_PASSWORD_LENGTH,
  createFirstAdmin,
  createSession,
  endSession,
  hasAnyUser,
  signInWithLimits,
} from '../../auth/index.ts'
import { AppError } from '../../lib/errors.ts'
import { LoginPage } from '../../../web/views/auth/login.tsx'
import { SetupPage } from '../../../web/views/auth/setup.tsx'
import type { AppEnv } from '../env.ts'
import { checkPreSessionCsrf, preSessionCsrf } from '../middleware/csrf.ts'
import { field, readForm } from '../form.ts'
import { clientAddress } from '../forwarded.ts'
import { safeRedirectTarget } from '../redirect-target.ts'
import {
  SESSION_COOKIE,
  clearSessionCookie,
  requireRole,
  setSessionCookie,
} from '../middleware/session.ts'
import { accountRoutes, errorText, frameOf, render } from './accounts.ts'

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
    const next = safeRedirectTarget(c.req.query('next'))
    if (c.var.user) return c.redirect(next ?? '/', 302)
    return loginPage(c, { next })
  })

  app.post('/login', async (c) => {
    await checkPreSessionCsrf(c)
    const body = await readForm(c)
    const email = field(body, 'email').trim().toLowerCase()
    const next = safeRedirectTarget(field(body, 'next'))
    const { db, clock, log } = c.var.deps
    const address = clientAddress(c)
    const result = await signInWithLimits(
      db,
      { email, password: field(body, 'password'), address },
      clock.now(),
    )
    if (!result.ok && result.reason !== 'wrong_password') {
      c.header('Retry-After', String(result.retryAfter))
      c.status(429)
      const error =
        result.reason === 'busy'
          ? c.var.t('auth.login.busy')
          : result.retryAfter < 60
            ? c.var.t('auth.login.tooManySeconds', { seconds: result.retryAfter })
            : c.var.t('auth.login.tooMany', { minutes: Math.ceil(result.retryAfter / 60) })
      return loginPage(c, { email, next, error })
    }
    if (!result.ok) {
      log.warn('login failed', { address })
      c.status(401)
      return loginPage(c, { email, next, error: c.var.t('auth.login.failed') })
    }
    await signIn(c, result.user.id)
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
    const body = await readForm(c)
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
