import type { Context, Hono } from 'hono'
import { z } from 'zod'
import {
  MIN_PASSWORD_LENGTH,
  apiTokensOf,
  changeRole,
  createApiToken,
  createUser,
  generatePassword,
  isRole,
  listAccounts,
  removeUser,
  revokeApiToken,
  userById,
} from '../../auth/index.ts'
import { AppError } from '../../lib/errors.ts'
import { TokensPage } from '../../../web/views/auth/tokens.tsx'
import { AlertStopPage, AlertsPage } from '../../../web/views/auth/alerts.tsx'
import { alertsOfStopLink, stopAlertsOfLink } from '../../jobs/search-alert-stop.ts'
import { UsersPage } from '../../../web/views/auth/users.tsx'
import type { Frame } from '../../../web/views/auth/frame.tsx'
import type { AppEnv } from '../env.ts'
import { field, readForm } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { safeRedirectTarget } from '../redirect-target.ts'
import { listSectorNames, searchAlertsOf, updateUserLocale } from '../../store/index.ts'
import { parseWith } from './queue.ts'

export const frameOf = (c: Context<AppEnv>): Frame => ({
  t: c.var.t,
  locale: c.var.locale,
  csrf: c.var.csrf,
  user: c.var.user,
})

/** Sends a rendered page as a standards-mode HTML document (status as set with c.status). */
export async function render(c: Context<AppEnv>, page: { toString(): string | Promise<string> }) {
  return c.html(`<!doctype html>${await page.toString()}`)
}

/** The message a form shows for a validation error of the accounts stage. */
export function errorText(c: Context<AppEnv>, err: AppError): string {
  const t = c.var.t
  if (err.details.reason === 'last_admin') return t('auth.error.lastAdmin')
  if (err.details.reason === 'taken') return t('auth.error.emailTaken')
  if (err.details.field === 'email') return t('auth.error.email')
  if (err.details.field === 'password')
    return t('auth.error.password', { min: MIN_PASSWORD_LENGTH })
  return t('auth.error.invalid')
}

const isValidation = (err: unknown): err is AppError =>
  err instanceof AppError && err.code === 'validation_failed'

const idParam = (c: Context<AppEnv>, name: string) => {
  const id = Number(c.req.param(name))
  if (!Number.isSafeInteger(id) || id < 1)
    throw new AppError('not_found', { [name]: c.req.param(name) }, 'not found')
  return id
}

const UserId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'user must be an account number')
  .transform(Number)

/** Whose tokens a request is about: the user's own, or (admins only) those of `?user=` / field `user`. */
async function tokenOwner(c: Context<AppEnv>, requested: string | undefined) {
  const me = requireRole(c, 'viewer')
  const id = requested ? parseWith(UserId, requested) : me.id
  if (id === me.id) return { id: me.id, email: me.email, self: true }
  requireRole(c, 'admin')
  const user = await userById(c.var.deps.db, id)
  if (!user) throw new AppError('not_found', { userId: requested }, 'no such user')
  return { id: user.id, email: user.email, self: false }
}

/** /account/tokens (personal API tokens) and /admin/users (accounts, admins only). */
export function accountRoutes(app: Hono<AppEnv>) {
  // The user's interface language, kept on their account: a form in the header posts here.
  app.post('/account/locale', async (c) => {
    const user = requireRole(c, 'viewer')
    const form = await readForm(c)
    const locale = form.locale === 'en' ? 'en' : form.locale === 'fr' ? 'fr' : null
    if (!locale)
      throw new AppError('validation_failed', { field: 'locale' }, 'locale must be fr or en')
    await updateUserLocale(c.var.deps.db, user.id, locale)
    return c.redirect(safeRedirectTarget(form.back) ?? '/queue', 303)
  })

  app.get('/account/alerts', async (c) => {
    const user = requireRole(c, 'curator')
    const { deps } = c.var
    const sectors = new Map((await listSectorNames(deps.db)).map((s) => [s.slug, s.name]))
    const alerts = (await searchAlertsOf(deps.db, user.id)).map((a) => ({
      ...a,
      sectorName: sectors.get(a.sectorSlug) ?? a.sectorSlug,
    }))
    return render(
      c,
      AlertsPage({ frame: frameOf(c), alerts, canSend: !!deps.config.mail?.smtpUrl }),
    )
  })

  // An alert email's stop link: its sealed token is the proof, so no sign-in. The POST is the one
  // mail clients send for their "unsubscribe" (RFC 8058), and the page's button.
  const stopLink = (c: Context<AppEnv>) => {
    const { deps } = c.var
    const token = c.req.query('t') ?? ''
    if (!deps.box || !token) throw new AppError('not_found', {}, 'this stop link is not valid')
    return { db: deps.db, box: deps.box(), now: deps.clock.now(), token }
  }
  app.get('/alerts/stop', async (c) => {
    const link = stopLink(c)
    const { alerts } = await alertsOfStopLink(link, link.token)
    return render(c, AlertStopPage({ frame: frameOf(c), token: link.token, alerts, done: false }))
  })
  app.post('/alerts/stop', async (c) => {
    const link = stopLink(c)
    const alerts = await stopAlertsOfLink(link, link.token)
    return render(c, AlertStopPage({ frame: frameOf(c), token: link.token, alerts, done: true }))
  })

  const tokensPage = async (
    c: Context<AppEnv>,
    owner: { id: number; email: string; self: boolean },
    extra: { created?: { name: string; token: string }; error?: string } = {},
  ) =>
    render(
      c,
      TokensPage({
        frame: frameOf(c),
        owner,
        tokens: await apiTokensOf(c.var.deps.db, owner.id),
        created: extra.created ?? null,
        error: extra.error ?? null,
      }),
    )

  app.get('/account/tokens', async (c) => tokensPage(c, await tokenOwner(c, c.req.query('user'))))

  app.post('/account/tokens', async (c) => {
    const body = await readForm(c)
    const owner = await tokenOwner(c, field(body, 'user') || undefined)
    try {
      const created = await createApiToken(
        c.var.deps.db,
        owner.id,
        field(body, 'name'),
        c.var.deps.clock.now(),
      )
      c.status(201)
      return tokensPage(c, owner, { created })
    } catch (err) {
      if (!isValidation(err)) throw err
      c.status(400)
      return tokensPage(c, owner, { error: errorText(c, err) })
    }
  })

  app.post('/account/tokens/:id/revoke', async (c) => {
    const body = await readForm(c)
    const owner = await tokenOwner(c, field(body, 'user') || undefined)
    await revokeApiToken(c.var.deps.db, owner.id, idParam(c, 'id'))
    return c.redirect(owner.self ? '/account/tokens' : `/account/tokens?user=${owner.id}`, 303)
  })

  const usersPage = async (
    c: Context<AppEnv>,
    extra: {
      error?: string
      notice?: string
      generated?: { email: string; password: string }
    } = {},
  ) =>
    render(
      c,
      UsersPage({
        frame: frameOf(c),
        users: await listAccounts(c.var.deps.db),
        meId: c.var.user!.id,
        error: extra.error ?? null,
        notice: extra.notice ?? null,
        generated: extra.generated ?? null,
      }),
    )

  app.get('/admin/users', async (c) => {
    requireRole(c, 'admin')
    return usersPage(c)
  })

  app.post('/admin/users', async (c) => {
    requireRole(c, 'admin')
    const body = await readForm(c)
    const given = field(body, 'password')
    const password = given || generatePassword()
    const role = field(body, 'role')
    try {
      if (!isRole(role)) throw new AppError('validation_failed', { field: 'role' }, 'unknown role')
      const input = { email: field(body, 'email'), name: field(body, 'name'), password, role }
      const user = await createUser(c.var.deps.db, input, c.var.deps.clock.now())
      c.status(201)
      const notice = c.var.t('auth.users.added', { email: user.email })
      return usersPage(
        c,
        given ? { notice } : { notice, generated: { email: user.email, password } },
      )
    } catch (err) {
      if (!isValidation(err)) throw err
      c.status(400)
      return usersPage(c, { error: errorText(c, err) })
    }
  })

  app.post('/admin/users/:id/role', async (c) => {
    requireRole(c, 'admin')
    const body = await readForm(c)
    try {
      await changeRole(c.var.deps.db, idParam(c, 'id'), field(body, 'role') as never)
    } catch (err) {
      if (!isValidation(err)) throw err
      c.status(400)
      return usersPage(c, { error: errorText(c, err) })
    }
    return c.redirect('/admin/users', 303)
  })

  app.post('/admin/users/:id/delete', async (c) => {
    requireRole(c, 'admin')
    try {
      await removeUser(c.var.deps.db, idParam(c, 'id'))
    } catch (err) {
      if (!isValidation(err)) throw err
      c.status(400)
      return usersPage(c, { error: errorText(c, err) })
    }
    return c.redirect('/admin/users', 303)
  })
}
