import { describe, expect, test } from 'vitest'
import { sectors } from '../../db/schema.ts'
import { bareApp, testApp, type TestApp } from '../helpers/app.ts'

// Every route of the app is listed at run time (app.routes), so routes added later are checked too.
// Only these are reachable without signing in; anything else must be listed here on purpose.
const PUBLIC = [/^\/health$/, /^\/login$/, /^\/setup$/, /^\/static\//, /^\/p\//, /^\/alerts\/stop$/]
// State changes a viewer may make: leave, and manage their own API tokens.
const VIEWER_MAY_WRITE = [/^\/logout$/, /^\/account\//]
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const T = { timeout: 120_000 }
const isPublic = (path: string) => PUBLIC.some((r) => r.test(path))
const isApi = (path: string) => path.startsWith('/api/')

/** Every (method, path) handled by a route (middleware, registered as ALL on a wildcard, left out). */
function routesOf(app: TestApp['app']) {
  const seen = new Map<string, { method: string; path: string }>()
  for (const r of app.routes) {
    if (r.method === 'ALL' && r.path.endsWith('*')) continue
    for (const method of r.method === 'ALL' ? ['GET', 'POST'] : [r.method])
      seen.set(`${method} ${r.path}`, { method, path: r.path })
  }
  return [...seen.values()]
}

/** A concrete URL for a route pattern: parameters (with or without a {regex}) get sample values. */
function sampleUrl(pattern: string, sector: string): string {
  const samples: Record<string, string> = {
    slug: sector,
    sector,
    file: 'app.css',
    day: '2025-03-01',
    date: '2025-03-01',
  }
  return pattern
    .replace(/:(\w+)(\{[^}]*\})?\??/g, (_, name: string) => samples[name] ?? '1')
    .replace(/\*/g, 'x')
}

const write = (method: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: method === 'DELETE' ? undefined : '{}',
})

describe('every route requires the right authentication', () => {
  test('the route list is read from the app and contains the known areas', T, async () => {
    const t = await testApp()
    const list = routesOf(t.app).map((r) => `${r.method} ${r.path}`)
    expect(list).toContain('POST /login')
    expect(list).toContain('GET /admin/users')
    expect(list.length).toBeGreaterThan(12)
  })

  test('without a session: pages redirect to /login, the API answers 401 JSON', T, async () => {
    const t = await testApp()
    const [sector] = await t.db.db.select({ slug: sectors.slug }).from(sectors).limit(1)
    const checked: string[] = []
    for (const { method, path } of routesOf(t.app)) {
      const url = sampleUrl(path, sector!.slug)
      if (isPublic(url)) continue
      const res = await t.app.request(url, WRITES.has(method) ? write(method) : { method })
      const what = `${method} ${path} (${url})`
      if (isApi(url)) {
        expect(res.status, what).toBe(401)
        expect(await res.json(), what).toMatchObject({ error: 'unauthenticated' })
        // A made-up token is refused the same way.
        const bogus = await t.app.request(url, {
          method,
          headers: { authorization: 'Bearer vigie_forged' },
        })
        expect(bogus.status, what).toBe(401)
      } else {
        expect(res.status, what).toBe(302)
        expect(res.headers.get('location'), what).toMatch(/^\/login(\?next=%2F[^/]*)?/)
      }
      checked.push(what)
    }
    expect(checked.length).toBeGreaterThan(10)
  })

  test(
    'a viewer reads but gets 403 on every state change (except logout and own tokens)',
    T,
    async () => {
      const t = await testApp({ role: 'viewer' })
      const [sector] = await t.db.db.select({ slug: sectors.slug }).from(sectors).limit(1)
      for (const { method, path } of routesOf(t.app)) {
        const url = sampleUrl(path, sector!.slug)
        const what = `${method} ${path} (${url})`
        if (!WRITES.has(method)) {
          if (isPublic(url)) continue
          const res = await t.request(url)
          await res.body?.cancel() // some GETs stream (server-sent events)
          expect(res.status, what).not.toBe(401)
          expect(res.headers.get('location') ?? '', what).not.toMatch(/^\/login/)
          continue
        }
        if (VIEWER_MAY_WRITE.some((r) => r.test(url)) || isPublic(url)) continue
        const res = await t.request(url, write(method))
        expect(res.status, what).toBe(403)
      }
    },
  )

  test('/admin/* is for admins only: a curator gets 403 on every method', T, async () => {
    const t = await testApp({ role: 'curator' })
    const admin = routesOf(t.app).filter((r) => r.path.startsWith('/admin/'))
    expect(admin.length).toBeGreaterThan(0)
    for (const { method, path } of admin) {
      const res = await t.request(
        sampleUrl(path, 'x'),
        WRITES.has(method) ? write(method) : { method },
      )
      expect(res.status, `${method} ${path}`).toBe(403)
    }
  })

  test('with no account yet, every page leads to /setup and the API stays closed', T, async () => {
    const { app } = await bareApp()
    for (const { method, path } of routesOf(app)) {
      const url = sampleUrl(path, 'x')
      if (isPublic(url)) continue
      const res = await app.request(url, WRITES.has(method) ? write(method) : { method })
      const what = `${method} ${path}`
      if (isApi(url)) expect(res.status, what).toBe(401)
      else {
        expect(res.status, what).toBe(302)
        expect(res.headers.get('location'), what).toBe('/setup')
      }
    }
  })
})
