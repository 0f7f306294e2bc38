import { describe, expect, test } from 'vitest'
import { isApiPath, WEB_ROUTES } from '../../src/http/route-table.ts'
import { IDENTITIES, appUnderAttack, emptyBodyOf, headers } from './app-under-attack.ts'

const T = { timeout: 120_000 }

// Announced public routes. A route made public without being added here (and to SECURITY.md) fails.
const PUBLIC = [
  'GET /health',
  'GET /static/:file',
  'GET /login',
  'POST /login',
  'GET /setup',
  'POST /setup',
  // A sector's picks, once its curator has made them public (404 otherwise).
  'GET /p/:slug',
  'GET /p/:slug/feed.atom',
  'GET /p/:slug/feed.rss',
  'GET /p/:slug/feed.json',
  // An alert email's stop link: its sealed token is the proof (404 without a valid one).
  'GET /alerts/stop',
  'POST /alerts/stop',
]

describe('the route table is the whole app', () => {
  test(
    'every route the app serves is in the route table or the OpenAPI document, and back',
    T,
    async () => {
      const t = await appUnderAttack()
      const served = new Set(
        t.app.routes
          .filter((r) => r.method !== 'ALL')
          // Hono keeps a param's regex in its pattern: /static/:file{[a-z0-9]...} is /static/:file.
          .map((r) => `${r.method} ${r.path.replace(/\{[^}]*\}/g, '')}`),
      )
      const declared = new Set(
        t.operations.map((op) => `${op.method} ${op.pattern.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      // The document itself is served, not documented as an operation.
      declared.add('GET /api/openapi.json')
      expect(
        [...served].filter((r) => !declared.has(r)),
        'served but not declared',
      ).toEqual([])
      expect(
        [...declared].filter((r) => !served.has(r)),
        'declared but not served',
      ).toEqual([])
    },
  )

  test('the public routes are exactly the announced ones', () => {
    const open = WEB_ROUTES.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`)
    expect(open.sort()).toEqual([...PUBLIC].sort())
  })

  test('without a session, every other route refuses', T, async () => {
    const t = await appUnderAttack()
    for (const op of t.operations) {
      const path = t.pathOf(op)
      const res = await t.app.request(path, { method: op.method, ...emptyBodyOf(op) })
      await res.body?.cancel()
      const key = `${op.method} ${op.pattern}`
      if (PUBLIC.includes(key)) {
        expect(res.status, key).not.toBe(401)
        continue
      }
      // A browser is sent to sign in; an API client gets a 401.
      if (!isApiPath(path)) {
        expect(res.status, key).toBe(302)
        expect(res.headers.get('location'), key).toMatch(/^\/login/)
      } else expect(res.status, key).toBe(401)
    }
  })
})

// Routes whose id is someone else's in the matrix (the bystander's token): not found for anyone.
const FOREIGN_ID = new Set(['POST /account/tokens/:id/revoke'])

describe('the role matrix', () => {
  test(
    'each identity gets in exactly where its role allows, on every route and operation',
    T,
    async () => {
      const t = await appUnderAttack()
      const wrong: string[] = []
      let checked = 0
      for (const op of t.operations) {
        if (op.role === 'public') continue
        for (const who of IDENTITIES) {
          const init = emptyBodyOf(op)
          const res = await t.app.request(t.pathOf(op), {
            method: op.method,
            ...init,
            headers: headers(init.headers, await t.as(who), { accept: 'application/json' }),
          })
          checked++
          // Unread, a live stream (the crawl's status) would go on until the database closes.
          await res.body?.cancel()
          const may = t.allowed(op, who)
          // Not signed in (or a token outside the API): 401; signed in without the role: 403.
          const unauthenticated =
            who === 'anonymous' || who === 'revokedToken' || (who === 'token' && !op.api)
          const ok = may
            ? (res.status < 500 && ![401, 403, 404].includes(res.status)) ||
              (res.status === 404 && FOREIGN_ID.has(`${op.method} ${op.pattern}`))
            : res.status === (unauthenticated ? 401 : 403)
          if (!ok) wrong.push(`${who} ${op.method} ${op.pattern}: ${res.status}`)
        }
      }
      expect(wrong).toEqual([])
      expect(checked).toBeGreaterThan(200)
    },
  )

  test("a non-admin cannot read or revoke another user's tokens", T, async () => {
    const t = await appUnderAttack()
    const curator = await t.as('curator')
    const list = await t.app.request(`/account/tokens?user=${t.bystander.id}`, {
      headers: curator,
    })
    expect(list.status).toBe(403)
    // A revoke of a token id that is not one's own changes nothing.
    const tokens = await t.app.request('/account/tokens', { headers: curator })
    expect(tokens.status).toBe(200)
    const before = await t.app.request('/api/me', {
      headers: { authorization: `Bearer ${t.token.token}` },
    })
    expect(before.status).toBe(200)
    const viewer = await t.as('viewer')
    await t.app.request(`/account/tokens/${t.token.id}/revoke`, { method: 'POST', headers: viewer })
    const after = await t.app.request('/api/me', {
      headers: { authorization: `Bearer ${t.token.token}` },
    })
    expect(after.status).toBe(200)
  })
})
