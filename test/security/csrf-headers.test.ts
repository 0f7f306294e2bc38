import { describe, expect, test } from 'vitest'
import { TEST_PASSWORD, browser, testApp } from '../helpers/app.ts'

const T = { timeout: 60_000 }
const formBody = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
})

describe('CSRF on state changes of a session', () => {
  test(
    'refused without a token or with a wrong one; accepted with the right one (header or form field)',
    T,
    async () => {
      const t = await testApp()
      const post = (fields: Record<string, string>, header?: string) =>
        t.app.request('/account/tokens', {
          method: 'POST',
          headers: {
            cookie: t.cookie,
            'content-type': 'application/x-www-form-urlencoded',
            ...(header ? { 'x-csrf-token': header } : {}),
          },
          body: new URLSearchParams(fields),
        })
      const cases: [string, Response | Promise<Response>, number][] = [
        ['no token', post({ name: 'a' }), 403],
        ['wrong header', post({ name: 'b' }, 'x'.repeat(43)), 403],
        ['wrong field', post({ name: 'c', _csrf: t.csrf.slice(0, -2) + 'AA' }), 403],
        ['empty field', post({ name: 'c', _csrf: '' }), 403],
        ['right field', post({ name: 'd', _csrf: t.csrf }), 201],
        ['right header', post({ name: 'e' }, t.csrf), 201],
      ]
      for (const [name, res, status] of cases) {
        const r = await res
        expect(r.status, name).toBe(status)
        if (status === 403) expect(await r.text(), name).not.toContain('vigie_')
      }
      // Only the two accepted requests created a token.
      const page = await (await t.request('/account/tokens')).text()
      expect(page.match(/\/revoke"/g)).toHaveLength(2)
    },
  )

  test("another session's token does not work, and JSON clients get a JSON 403", T, async () => {
    const t = await testApp()
    const other = await t.signIn('curator')
    const res = await t.app.request('/logout', {
      method: 'POST',
      headers: { cookie: t.cookie, 'x-csrf-token': other.csrf, accept: 'application/json' },
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'csrf_failed' })
    expect((await t.request('/api/me')).status).toBe(200)
  })

  test(
    'a cross-site Origin or Sec-Fetch-Site is refused even with the right token',
    T,
    async () => {
      const t = await testApp()
      const post = (headers: Record<string, string>) =>
        t.request('/account/tokens', {
          method: 'POST',
          ...formBody({ name: 'o' }),
          headers: { ...formBody({}).headers, ...headers },
        })
      expect((await post({ origin: 'https://evil.example' })).status).toBe(403)
      expect((await post({ origin: 'null' })).status).toBe(403)
      expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
      expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403)
      expect(
        (await post({ origin: 'http://localhost', 'sec-fetch-site': 'same-origin' })).status,
      ).toBe(201)
      expect((await post({ 'sec-fetch-site': 'none' })).status).toBe(201)
    },
  )

  test(
    'login CSRF: the login form needs the pre-session cookie and the same token',
    T,
    async () => {
      const t = await testApp()
      const b = browser(t.app)
      const token = await b.formToken('/login')
      expect(b.jar.get('vigie_csrf')).toBe(token)
      const login = (fields: Record<string, string>, cookie?: string) =>
        t.app.request('/login', {
          method: 'POST',
          ...formBody({ email: t.user.email, password: TEST_PASSWORD, ...fields }),
          headers: { ...formBody({}).headers, ...(cookie ? { cookie } : {}) },
        })
      expect((await login({ _csrf: token })).status).toBe(403) // a forged form has no cookie
      expect((await login({ _csrf: 'y'.repeat(43) }, `vigie_csrf=${token}`)).status).toBe(403)
      expect((await login({}, `vigie_csrf=${token}`)).status).toBe(403)
      expect((await login({ _csrf: token }, `vigie_csrf=${token}`)).status).toBe(303)
    },
  )
})

describe('API tokens are exempt from CSRF, not from roles', () => {
  test(
    'a Bearer POST is not asked for a CSRF token; a viewer token still cannot write',
    T,
    async () => {
      const t = await testApp({ role: 'viewer' })
      const made = await t.request('/account/tokens', {
        method: 'POST',
        ...formBody({ name: 'api' }),
      })
      const token = /(vigie_[A-Za-z0-9_-]{43})/.exec(await made.text())![1]
      const res = await t.app.request('/api/me', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
      // Not csrf_failed: the role check answers first for a viewer.
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ error: 'forbidden' })

      const admin = await t.signIn('admin')
      const adminMade = await admin.request('/account/tokens', {
        method: 'POST',
        ...formBody({ name: 'api' }),
      })
      const adminToken = /(vigie_[A-Za-z0-9_-]{43})/.exec(await adminMade.text())![1]
      const write = await t.app.request('/api/me', {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, origin: 'https://elsewhere.example' },
      })
      expect(write.status).toBe(404) // reached routing: no CSRF or origin refusal for a token
    },
  )
})

describe('security headers', () => {
  test.each(['/login', '/health', '/account/tokens', '/static/app.css', '/nowhere'])(
    '%s',
    async (path) => {
      const t = await testApp()
      const res = await t.request(path)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).not.toContain('unsafe-inline')
      expect(csp).not.toContain('unsafe-eval')
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("form-action 'self'")
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
    },
    60_000,
  )

  test('pages carry no inline script, and echoed input is escaped', T, async () => {
    const t = await testApp()
    const b = browser(t.app)
    const res = await b.post(
      '/login',
      { email: '"><script>alert(1)</script>', password: 'x', next: '/queue"><script>' },
      { from: '/login' },
    )
    const html = await res.text()
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;script&gt;')
    // The only script element is the external module.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/static/app.js">'])
  })
})
