import { describe, expect, test } from 'vitest'
import { directSession } from '../helpers/app.ts'
import { appUnderAttack, headers, type AppUnderAttack, type Operation } from './app-under-attack.ts'

const T = { timeout: 120_000 }

type Forgery = (t: AppUnderAttack, own: { cookie: string; csrf: string }) => Promise<RequestInit>

const form = (fields: Record<string, string>) => new URLSearchParams({ sector: 'x', ...fields })
const multipart = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.set(k, v)
  return data
}

// Each forgery is what a page on another site (or a script holding another session) could send.
const FORGERIES: [string, Forgery][] = [
  ['no token', async (_t, own) => ({ headers: { cookie: own.cookie }, body: form({}) })],
  [
    "another session's token",
    async (t, own) => {
      const other = await directSession(t.db, t.users.viewer!)
      return { headers: { cookie: own.cookie, 'x-csrf-token': other.csrf }, body: form({}) }
    },
  ],
  [
    "another session's token in the form",
    async (t, own) => {
      const other = await directSession(t.db, t.users.viewer!)
      return { headers: { cookie: own.cookie }, body: form({ _csrf: other.csrf }) }
    },
  ],
  [
    'foreign Origin with the right token',
    async (_t, own) => ({
      headers: { cookie: own.cookie, 'x-csrf-token': own.csrf, origin: 'https://evil.example' },
      body: form({}),
    }),
  ],
  [
    'null Origin with the right token',
    async (_t, own) => ({
      headers: { cookie: own.cookie, 'x-csrf-token': own.csrf, origin: 'null' },
      body: form({}),
    }),
  ],
  [
    'Sec-Fetch-Site cross-site with the right token',
    async (_t, own) => ({
      headers: { cookie: own.cookie, 'x-csrf-token': own.csrf, 'sec-fetch-site': 'cross-site' },
      body: form({}),
    }),
  ],
  [
    'X-Forwarded-Host naming the foreign origin (no trusted proxy)',
    async (_t, own) => ({
      headers: {
        cookie: own.cookie,
        'x-csrf-token': own.csrf,
        origin: 'https://evil.example',
        'x-forwarded-host': 'evil.example',
      },
      body: form({}),
    }),
  ],
  [
    'text/plain body carrying the token as a field',
    async (_t, own) => ({
      headers: { cookie: own.cookie, 'content-type': 'text/plain' },
      body: `_csrf=${own.csrf}`,
    }),
  ],
  [
    'multipart with a wrong token',
    async (_t, own) => ({
      headers: { cookie: own.cookie },
      body: multipart({ _csrf: 'A'.repeat(43) }),
    }),
  ],
]

const stateChanging = (t: AppUnderAttack) =>
  t.operations.filter((op) => op.method !== 'GET' && op.role !== 'public')

describe('CSRF forgeries on every state-changing route', () => {
  test('each forgery is refused with 403, as an admin, everywhere', T, async () => {
    const t = await appUnderAttack()
    const ops: Operation[] = stateChanging(t)
    expect(ops.length).toBeGreaterThan(15)
    const passed: string[] = []
    for (const op of ops) {
      for (const [name, forge] of FORGERIES) {
        const own = await directSession(t.db, t.users.admin!)
        const init = await forge(t, own)
        const res = await t.app.request(t.pathOf(op), {
          ...init,
          method: op.method,
          headers: headers(init.headers, { accept: 'application/json' }),
        })
        if (res.status !== 403)
          passed.push(`${op.method} ${op.pattern} with ${name}: ${res.status}`)
        else expect((await res.json()).error, name).toBe('csrf_failed')
      }
    }
    expect(passed).toEqual([])
  })

  test(
    'the same requests with the right token and a same-origin request go through',
    T,
    async () => {
      const t = await appUnderAttack()
      for (const op of stateChanging(t)) {
        const own = await directSession(t.db, t.users.admin!)
        const res = await t.app.request(t.pathOf(op), {
          method: op.method,
          headers: {
            cookie: own.cookie,
            'x-csrf-token': own.csrf,
            origin: 'http://localhost',
            'sec-fetch-site': 'same-origin',
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form({}),
        })
        expect(res.status, `${op.method} ${op.pattern}`).not.toBe(403)
      }
    },
  )

  test('the sign-in and setup forms need the pre-session double-submit token', T, async () => {
    const t = await appUnderAttack()
    for (const path of ['/login', '/setup']) {
      const noCookie = await t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: 'A'.repeat(43), email: 'admin@vigie.test' }),
      })
      expect(noCookie.status, path).toBe(403)
      const mismatch = await t.app.request(path, {
        method: 'POST',
        headers: {
          cookie: `vigie_csrf=${'B'.repeat(43)}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: 'A'.repeat(43), email: 'admin@vigie.test' }),
      })
      expect(mismatch.status, path).toBe(403)
    }
  })
})
