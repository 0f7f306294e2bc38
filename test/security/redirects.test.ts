import { describe, expect, test } from 'vitest'
import { safeRedirectTarget } from '../../src/http/redirect-target.ts'
import { WEB_ROUTES } from '../../src/http/route-table.ts'
import { followSearch } from '../../src/store/index.ts'
import { browser, directSession } from '../helpers/app.ts'
import { appUnderAttack, SECTOR, type AppUnderAttack } from './app-under-attack.ts'

const T = { timeout: 120_000 }

// Values that browsers, proxies or URL parsers have read as another site.
const CORPUS = [
  '//evil.example/',
  '///evil.example/',
  '/\\evil.example/',
  '\\\\evil.example/',
  '/..//evil.example/',
  '/.//evil.example/',
  '/a/..//evil.example/',
  '/queue/..//evil.example/',
  '/%2e%2e//evil.example/',
  '/%2E%2E/%2Fevil.example/',
  '/.%2e//evil.example/',
  '/%2f%2fevil.example/',
  '/%5cevil.example/',
  '/%5c%5cevil.example/',
  '/\t/evil.example/',
  '/%09/evil.example/',
  '/\r\nLocation: https://evil.example/',
  '/%0d%0aSet-Cookie:%20x=1',
  '/queue\r\nSet-Cookie: x=1',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  ' //evil.example/',
  '/queue\\..\\..\\evil.example',
  '/login',
  '/logout',
  '/api/me',
  '/static/app.css',
]

/** A Location that a browser resolves inside this site, on one of its pages. */
function staysHome(location: string | null): boolean {
  if (location === null) return true
  if (/[\u0000-\u001f\u007f\\]/.test(location) || !/^\/(?![/\\])/.test(location)) return false
  const url = new URL(location, 'http://vigie.test')
  return (
    url.origin === 'http://vigie.test' && !['/login', '/logout', '/api/me'].includes(url.pathname)
  )
}

// Each route that turns a parameter into a Location, with how to send it a value.
async function sendTo(
  t: AppUnderAttack,
  method: string,
  path: string,
  param: string,
  value: string,
) {
  if (method === 'GET') {
    const s = await directSession(t.db, t.users.curator!)
    const url = `${path}?${new URLSearchParams({ [param]: value })}`
    return t.app.request(url, { headers: { cookie: s.cookie } })
  }
  if (path === '/login') {
    const b = browser(t.app)
    return b.post(
      '/login',
      { email: 'curator@vigie.test', password: 'mot de passe de test', [param]: value },
      { from: '/login' },
    )
  }
  const s = await directSession(t.db, t.users.curator!)
  const fields: Record<string, string> = {
    [param]: value,
    locale: 'fr',
    action: 'snooze',
    sector: SECTOR,
    ids: String(t.articleId),
  }
  fields.snoozeUntil = '2999-01-01'
  // A followed search's alert, stopped from the curator's list of alerts.
  let id = t.articleId
  if (path.startsWith('/search/followed/')) {
    fields.alert = 'off'
    id = (await followSearch(t.db.db, { sectorSlug: SECTOR, query: 'carrousels' }, new Date())).id
  }
  return t.app.request(path.replace(':id', String(id)), {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields),
  })
}

describe('redirect targets', () => {
  const routes = WEB_ROUTES.filter((r) => r.redirects?.length)

  test('the table declares the routes that redirect', () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /login',
      'POST /login',
      'POST /account/locale',
      'POST /queue/:id/decision',
      'POST /queue/dismiss',
      'POST /queue/:id/separate',
      'POST /queue/:id/rejoin',
      'POST /search/followed/:id/alert',
    ])
  })

  test('no value of the corpus leads off the site, on any route that redirects', T, async () => {
    const t = await appUnderAttack()
    const escaped: string[] = []
    for (const route of routes)
      for (const param of route.redirects!)
        for (const value of CORPUS) {
          const res = await sendTo(t, route.method, route.path, param, value)
          expect(res.status, `${route.method} ${route.path} ${JSON.stringify(value)}`).toBeLessThan(
            500,
          )
          const location = res.headers.get('location')
          if (!staysHome(location))
            escaped.push(
              `${route.method} ${route.path} ${param}=${JSON.stringify(value)} -> ${location}`,
            )
        }
    expect(escaped).toEqual([])
  })

  test('a page of the site is kept, with its query', T, async () => {
    const t = await appUnderAttack()
    const back = `/queue?sector=${SECTOR}&minScore=10`
    for (const route of routes)
      for (const param of route.redirects!) {
        const res = await sendTo(t, route.method, route.path, param, back)
        expect(res.headers.get('location'), `${route.method} ${route.path}`).toMatch(
          /^\/queue\?sector=community-management&minScore=10/,
        )
      }
  })

  test('signing in to a page that needs it comes back to that page only', T, async () => {
    const t = await appUnderAttack()
    const res = await t.app.request('/queue?sector=x')
    expect(res.headers.get('location')).toBe('/login?next=%2Fqueue%3Fsector%3Dx')
    for (const path of ['//evil.example/', '/..//evil.example/', '/%2e%2e//evil.example/']) {
      const r = await t.app.request(path)
      const next = new URL(r.headers.get('location') ?? '/', 'http://vigie.test').searchParams.get(
        'next',
      )
      expect(next === null || staysHome(next), path).toBe(true)
    }
  })

  test('safeRedirectTarget refuses the corpus and keeps pages', () => {
    for (const value of CORPUS) expect(staysHome(safeRedirectTarget(value)), value).toBe(true)
    expect(safeRedirectTarget('/articles/12?saved=1')).toBe('/articles/12?saved=1')
    expect(safeRedirectTarget('/queue/./')).toBe(null)
  })
})
