import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { describe, expect, it, test } from 'vitest'
import { sessions, users } from '../../db/schema.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { createApp } from '../../src/http/app.ts'
import { TEST_PASSWORD, bareApp, browser, fromAddress, testApp } from '../helpers/app.ts'

type App = ReturnType<typeof createApp>

const T = { timeout: 60_000 }
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1)

describe('first run', () => {
  test(
    'every page leads to /setup; the form creates an admin, signs in, then /setup is closed',
    T,
    async () => {
      const { app, db } = await bareApp()
      const b = browser(app)
      for (const path of ['/', '/queue', '/login', '/admin/users']) {
        const res = await b.request(path)
        expect(res.status, path).toBe(302)
        expect(res.headers.get('location'), path).toBe('/setup')
      }
      expect((await b.request('/api/me')).status).toBe(401)

      const form = await b.request('/setup')
      expect(form.status).toBe(200)
      expect(await form.text()).toContain('name="password"')

      // Without the pre-session token, refused (login CSRF protection).
      const forged = await b.post('/setup', { email: 'admin@vigie.test', password: TEST_PASSWORD })
      expect(forged.status).toBe(403)

      const short = await b.post(
        '/setup',
        { email: 'admin@vigie.test', password: 'court' },
        { from: '/setup' },
      )
      expect(short.status).toBe(400)
      expect(await short.text()).toContain('au moins 10 caractères')

      const done = await b.post(
        '/setup',
        { email: 'Admin@Vigie.test', name: 'Camille', password: TEST_PASSWORD },
        { from: '/setup' },
      )
      expect(done.status).toBe(303)
      expect(done.headers.get('location')).toBe('/')
      expect(await (await b.request('/api/me')).json()).toMatchObject({
        email: 'admin@vigie.test',
        role: 'admin',
        name: 'Camille',
      })

      // Afterwards: GET leads home (or to /login for a stranger), POST is refused, even with a valid token.
      expect((await b.request('/setup')).headers.get('location')).toBe('/')
      const stranger = browser(app)
      expect((await stranger.request('/setup')).headers.get('location')).toBe('/login')
      const token = await stranger.formToken('/login')
      const again = await stranger.post('/setup', {
        _csrf: token,
        email: 'intrus@vigie.test',
        password: TEST_PASSWORD,
      })
      expect(again.status).toBe(403)
      const rows = await db.db.select().from(users)
      expect(rows.map((u) => [u.email, u.role])).toEqual([['admin@vigie.test', 'admin']])
    },
  )
})

describe('login and logout', () => {
  test('a wrong password and an unknown email get the same generic message', T, async () => {
    const t = await testApp()
    const b = browser(t.app)
    const wrong = await b.post(
      '/login',
      { email: t.user.email, password: 'not the password' },
      { from: '/login' },
    )
    const unknown = await b.post(
      '/login',
      { email: 'personne@vigie.test', password: 'not the password' },
      { from: '/login' },
    )
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    const [a, c] = [await wrong.text(), await unknown.text()]
    expect(a).toContain('Adresse e-mail ou mot de passe incorrect.')
    expect(c).toContain('Adresse e-mail ou mot de passe incorrect.')
    expect(wrong.headers.getSetCookie().some((x) => x.startsWith('vigie_session='))).toBe(false)
    // The English page says it in English.
    const en = browser(t.app, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })
    const enRes = await en.post(
      '/login',
      { email: t.user.email, password: 'nope nope nope' },
      { from: '/login' },
    )
    expect(await enRes.text()).toContain('Wrong email address or password.')
  })

  test(
    'success goes to a same-site `next`, never elsewhere; the email is case-insensitive',
    T,
    async () => {
      const t = await testApp()
      const cases: [string, string][] = [
        ['/queue?sector=ia', '/queue?sector=ia'],
        ['//evil.example/x', '/'],
        ['https://evil.example/', '/'],
        ['/\\evil.example', '/'],
        ['', '/'],
      ]
      for (const [next, expected] of cases) {
        const b = browser(t.app)
        const res = await b.post(
          '/login',
          { email: t.user.email.toUpperCase(), password: TEST_PASSWORD, next },
          { from: '/login' },
        )
        expect(res.status, next).toBe(303)
        expect(res.headers.get('location'), next).toBe(expected)
      }
    },
  )

  test(
    'a page without a session redirects to /login with a next that brings the user back',
    T,
    async () => {
      const t = await testApp()
      const b = browser(t.app)
      const res = await b.request('/queue?sector=ia')
      expect(res.status).toBe(302)
      const location = res.headers.get('location')!
      expect(location).toBe('/login?next=%2Fqueue%3Fsector%3Dia')
      const page = await (await b.request(location)).text()
      expect(page).toContain('name="next" value="/queue?sector=ia"')
    },
  )

  test('the session cookie is HttpOnly, SameSite=Lax, and Secure only under https', T, async () => {
    const t = await testApp()
    const plain = (
      await browser(t.app).post(
        '/login',
        { email: t.user.email, password: TEST_PASSWORD },
        { from: '/login' },
      )
    ).headers
      .getSetCookie()
      .find((c) => c.startsWith('vigie_session='))!
    expect(plain).toMatch(/; HttpOnly/)
    expect(plain).toMatch(/; SameSite=Lax/)
    expect(plain).toMatch(/; Path=\//)
    expect(plain).toMatch(/; Max-Age=2592000/)
    expect(plain).not.toMatch(/Secure/)

    const https = browser({ request: (p, i) => t.app.request(`https://vigie.test${p}`, i) })
    const secure = (
      await https.post(
        '/login',
        { email: t.user.email, password: TEST_PASSWORD },
        { from: '/login' },
      )
    ).headers
      .getSetCookie()
      .find((c) => c.startsWith('vigie_session='))!
    expect(secure).toMatch(/; Secure/)

    // X-Forwarded-Proto counts only from a proxy listed in VIGIE_TRUSTED_PROXIES.
    const viaProxy = async (app: typeof t.app, address: string) =>
      (
        await browser(fromAddress(app, address), {
          headers: { 'x-forwarded-proto': 'https' },
        }).post('/login', { email: t.user.email, password: TEST_PASSWORD }, { from: '/login' })
      ).headers
        .getSetCookie()
        .find((c) => c.startsWith('vigie_session='))!
    expect(await viaProxy(t.app, '127.0.0.1')).not.toMatch(/Secure/)
    const proxied = createApp({
      ...t.deps,
      config: { ...t.deps.config, trustedProxies: ['127.0.0.0/8'] },
    })
    expect(await viaProxy(proxied, '127.0.0.1')).toMatch(/; Secure/)
    expect(await viaProxy(proxied, '192.0.2.10')).not.toMatch(/Secure/)
  })

  test('only the hash of the session token is stored, and logout deletes it', T, async () => {
    const t = await testApp()
    const token = tokenOf(t.cookie)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 32 random bytes
    const rows = await t.db.db.select().from(sessions)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.tokenHash).toBe(sha256(token))
    expect(rows[0]!.tokenHash).not.toContain(token)

    const out = await t.request('/logout', { method: 'POST' })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/login')
    expect(out.headers.getSetCookie().find((c) => c.startsWith('vigie_session='))).toMatch(
      /Max-Age=0/,
    )
    expect(await t.db.db.select().from(sessions)).toHaveLength(0)
    // The old cookie is worth nothing now.
    const after = await t.request('/queue')
    expect(after.status).toBe(302)
    expect(after.headers.get('location')).toMatch(/^\/login/)
  })

  test('sessions slide: used within 30 days they are extended, unused they expire', T, async () => {
    const clock = fixedClock('2025-03-01T08:00:00Z')
    const t = await testApp({ clock })
    const expiry = async () =>
      (
        await t.db.db
          .select()
          .from(sessions)
          .where(eq(sessions.tokenHash, sha256(tokenOf(t.cookie))))
      )[0]?.expiresAt
    expect((await expiry())!.toISOString()).toBe('2025-03-31T08:00:00.000Z')

    clock.advance(10 * 86_400_000)
    const res = await t.request('/api/me')
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie().find((c) => c.startsWith('vigie_session='))).toMatch(
      /Max-Age=2592000/,
    )
    expect((await expiry())!.toISOString()).toBe('2025-04-10T08:00:00.000Z')

    clock.advance(31 * 86_400_000)
    expect((await t.request('/api/me')).status).toBe(401)
    const page = await t.request('/queue')
    expect(page.headers.get('location')).toMatch(/^\/login/)
  })
})

describe('login limits (in the database, per account and address)', () => {
  const attempt = (app: App, email: string, password: string, address: string) =>
    browser(fromAddress(app, address)).post('/login', { email, password }, { from: '/login' })

  test(
    '5 failures for an account from one address close that pair (429, Retry-After), even with the right password',
    T,
    async () => {
      const clock = fixedClock('2025-03-01T08:00:00Z')
      const t = await testApp({ clock })
      for (let i = 0; i < 5; i++) {
        clock.advance(1000)
        expect(
          (await attempt(t.app, t.user.email, `mauvais-${i}-mot-de-passe`, '192.0.2.7')).status,
        ).toBe(401)
      }
      const blocked = await attempt(t.app, t.user.email, TEST_PASSWORD, '192.0.2.7')
      expect(blocked.status).toBe(429)
      const wait = Number(blocked.headers.get('retry-after'))
      expect(wait).toBeGreaterThan(890)
      expect(wait).toBeLessThanOrEqual(900)
      expect(await blocked.text()).toContain('Trop de tentatives')
      // The owner, from another address, is slowed down by a second, not locked out.
      clock.advance(1000)
      expect((await attempt(t.app, t.user.email, TEST_PASSWORD, '198.51.100.4')).status).toBe(303)
      // Once the window has passed, the pair may try again.
      clock.advance(wait * 1000)
      expect((await attempt(t.app, t.user.email, TEST_PASSWORD, '192.0.2.7')).status).toBe(303)
    },
  )

  test(
    '20 failures from one address close it for every account, not other addresses',
    T,
    async () => {
      const t = await testApp()
      for (let i = 0; i < 20; i++) {
        expect(
          (await attempt(t.app, `inconnu${i}@vigie.test`, 'devine devine', '192.0.2.7')).status,
        ).toBe(401)
      }
      expect((await attempt(t.app, t.user.email, TEST_PASSWORD, '192.0.2.7')).status).toBe(429)
      expect((await attempt(t.app, t.user.email, TEST_PASSWORD, '192.0.2.8')).status).toBe(303)
    },
  )

  test(
    'X-Forwarded-For moves nobody past the limit unless the peer is a trusted proxy',
    T,
    async () => {
      const t = await testApp()
      const spoofed = (i: number, app: App = t.app) =>
        browser(fromAddress(app, '127.0.0.1'), {
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
        }).post('/login', { email: t.user.email, password: 'devine devine' }, { from: '/login' })
      const statuses = []
      for (let i = 0; i < 7; i++) statuses.push((await spoofed(i)).status)
      // Rotating the header changed nothing: the socket's address was counted.
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429])
      // Behind a trusted proxy, the hop the proxy wrote is the client.
      const proxied = createApp({
        ...t.deps,
        config: { ...t.deps.config, trustedProxies: ['127.0.0.1'] },
      })
      await new Promise((r) => setTimeout(r, 1100))
      expect((await spoofed(50, proxied)).status).toBe(401)
    },
  )

  test(
    'a success clears the count of its own address, so a typo now and then never locks its owner out',
    T,
    async () => {
      const t = await testApp()
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 3; i++)
          await attempt(t.app, t.user.email, 'faute de frappe', '198.51.100.4')
        expect((await attempt(t.app, t.user.email, TEST_PASSWORD, '198.51.100.4')).status).toBe(303)
      }
    },
  )
})

describe('roles', () => {
  test('the users page is for admins; viewers and curators get 403', T, async () => {
    const t = await testApp({ role: 'admin' })
    expect((await t.request('/admin/users')).status).toBe(200)
    for (const role of ['viewer', 'curator'] as const) {
      const s = await t.signIn(role)
      expect((await s.request('/admin/users')).status, role).toBe(403)
      const add = await s.request('/admin/users', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          email: 'x@vigie.test',
          role: 'admin',
          password: TEST_PASSWORD,
        }),
      })
      expect(add.status, role).toBe(403)
    }
  })
})

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
})

describe('personal API tokens', () => {
  test(
    'created on /account/tokens, shown once, work as Bearer on /api/*, stop working once revoked',
    T,
    async () => {
      const t = await testApp({ role: 'viewer' })
      const created = await t.request('/account/tokens', form({ name: 'Script de veille' }))
      expect(created.status).toBe(201)
      const token = /(vigie_[A-Za-z0-9_-]{43})/.exec(await created.text())?.[1]
      expect(token).toBeDefined()

      const page = await (await t.request('/account/tokens')).text()
      expect(page).toContain('Script de veille')
      expect(page).not.toContain(token!)

      const me = await t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })
      expect(me.status).toBe(200)
      expect(await me.json()).toMatchObject({ email: t.user.email, role: 'viewer' })
      expect(await (await t.request('/account/tokens')).text()).not.toContain('jamais')

      for (const bad of [`${token}x`, 'vigie_' + 'A'.repeat(43), 'not-a-vigie-token']) {
        const res = await t.app.request('/api/me', { headers: { authorization: `Bearer ${bad}` } })
        expect(res.status, bad).toBe(401)
        expect(await res.json()).toMatchObject({ error: 'unauthenticated' })
      }
      // A token opens the API only: a page with just a token goes to the login form.
      const pageWithToken = await t.app.request('/account/tokens', {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(pageWithToken.status).toBe(302)

      const id = /action="\/account\/tokens\/(\d+)\/revoke"/.exec(page)![1]
      const revoked = await t.request(`/account/tokens/${id}/revoke`, form({}))
      expect(revoked.status).toBe(303)
      expect(
        (await t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(401)
    },
  )

  test("an admin manages anyone's tokens; others only their own", T, async () => {
    const t = await testApp({ role: 'admin' })
    const curator = await t.signIn('curator')
    const made = await t.request(
      '/account/tokens',
      form({ name: 'pour le curateur', user: String(curator.user.id) }),
    )
    expect(made.status).toBe(201)
    expect(await (await curator.request('/account/tokens')).text()).toContain('pour le curateur')
    expect((await curator.request(`/account/tokens?user=${t.user.id}`)).status).toBe(403)
    expect(
      (await curator.request('/account/tokens', form({ name: 'vol', user: String(t.user.id) })))
        .status,
    ).toBe(403)
    // Revoking someone else's token id without being admin: not found among one's own.
    const adminToken = await t.request('/account/tokens', form({ name: 'admin' }))
    const adminPage = await (await t.request('/account/tokens')).text()
    expect(adminToken.status).toBe(201)
    const adminTokenId = /action="\/account\/tokens\/(\d+)\/revoke"/.exec(adminPage)![1]
    expect((await curator.request(`/account/tokens/${adminTokenId}/revoke`, form({}))).status).toBe(
      404,
    )
    expect(await (await t.request('/account/tokens')).text()).toContain(
      `/account/tokens/${adminTokenId}/revoke`,
    )
  })
})

describe('user management', () => {
  test(
    'an admin adds users with a role (given or generated password) who can then sign in',
    T,
    async () => {
      const t = await testApp({ role: 'admin' })
      const added = await t.request(
        '/admin/users',
        form({
          email: 'Lea@Vigie.test',
          name: 'Léa',
          role: 'curator',
          password: 'un mot de passe solide',
        }),
      )
      expect(added.status).toBe(201)
      expect(await added.text()).toContain('lea@vigie.test')
      const lea = await t.signIn({ email: 'lea@vigie.test', password: 'un mot de passe solide' })
      expect(lea.user.role).toBe('curator')

      const generated = await t.request(
        '/admin/users',
        form({ email: 'sam@vigie.test', role: 'viewer', password: '' }),
      )
      const html = await generated.text()
      const password = /<code class="secret">([^<]+)<\/code>/.exec(html)?.[1]
      expect(password!.length).toBeGreaterThanOrEqual(16)
      expect((await t.signIn({ email: 'sam@vigie.test', password: password! })).user.role).toBe(
        'viewer',
      )

      const duplicate = await t.request(
        '/admin/users',
        form({ email: 'lea@vigie.test', role: 'viewer', password: '' }),
      )
      expect(duplicate.status).toBe(400)
      expect(await duplicate.text()).toContain('Cette adresse e-mail a déjà un compte.')
      const badRole = await t.request(
        '/admin/users',
        form({ email: 'x@vigie.test', role: 'root', password: '' }),
      )
      expect(badRole.status).toBe(400)
    },
  )

  test(
    'roles change; the last admin can be neither demoted nor removed; removal ends sessions',
    T,
    async () => {
      const t = await testApp({ role: 'admin' })
      const other = await t.signIn('curator')
      const demote = await t.request(`/admin/users/${t.user.id}/role`, form({ role: 'viewer' }))
      expect(demote.status).toBe(400)
      expect(await demote.text()).toContain('Il doit rester au moins un administrateur.')
      expect((await t.request(`/admin/users/${t.user.id}/delete`, form({}))).status).toBe(400)

      expect(
        (await t.request(`/admin/users/${other.user.id}/role`, form({ role: 'admin' }))).status,
      ).toBe(303)
      expect(await (await other.request('/api/me')).json()).toMatchObject({ role: 'admin' })
      // Two admins now: the first may step down, and the second remove the first.
      expect(
        (await t.request(`/admin/users/${t.user.id}/role`, form({ role: 'viewer' }))).status,
      ).toBe(303)
      expect((await other.request(`/admin/users/${t.user.id}/delete`, form({}))).status).toBe(303)
      expect((await t.request('/api/me')).status).toBe(401)
      expect((await other.request(`/admin/users/${other.user.id}/delete`, form({}))).status).toBe(
        400,
      )
      expect((await other.request('/admin/users/9999/delete', form({}))).status).toBe(404)
      const rows = await t.db.db.select().from(users)
      expect(rows.map((u) => u.role)).toEqual(['admin'])
    },
  )
})

describe('interface language', () => {
  it('switches between French and English from the header and keeps the choice on the account', async () => {
    const { testApp } = await import('../helpers/app.ts')
    const t = await testApp({ role: 'viewer' })
    const before = await (await t.request('/queue')).text()
    expect(before).toContain('<html lang="fr"')
    const res = await t.request('/account/locale', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'en', back: '/shortlist' }),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/shortlist')
    expect(await (await t.request('/queue')).text()).toContain('<html lang="en"')
    const bad = await t.request('/account/locale', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'de', back: 'https://evil.example/' }),
    })
    expect(bad.status).toBe(400)
  })
})
