import { createApp, type AppDeps } from '../../src/http/app.ts'
import { createSession, createUser, userByEmail, type Role, type SessionUser } from '../../src/auth/index.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { systemClock, type Clock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSearchIndex, syncIndex } from '../../src/search/index.ts'
import type { Database } from '../../src/store/index.ts'
import { seedShippedSectors } from './seed.ts'
import { tempDb } from './temp-db.ts'

export const TEST_PASSWORD = 'correct horse battery staple'

export type TestRequest = (path: string, init?: RequestInit) => Promise<Response>

/** A signed-in browser: its user, cookie header value and CSRF token, and a fetch that sends them. */
export interface TestSession {
  user: SessionUser
  /** `vigie_session=...`, ready for a Cookie header. */
  cookie: string
  csrf: string
  /** app.request with this session's cookie, plus x-csrf-token on non-GET requests. */
  request: TestRequest
}

export interface TestApp extends TestSession {
  app: ReturnType<typeof createApp>
  /** The temp database (as tempDb() returns it: `db.db` is the Drizzle handle, also `deps.db`). */
  db: Database & { url: string; file: string }
  deps: AppDeps
  /** Signs in another user (created with this role, or an existing email) through POST /login. */
  signIn(who: Role | { email: string; role?: Role; password?: string }): Promise<TestSession>
  /** Brings the search index up to date after seeding articles. */
  reindex(): Promise<void>
}

export interface TestAppOptions {
  /** The role of the signed-in user (default curator). */
  role?: Role
  clock?: Clock
  /** Runs on the database before the search index is built (seed articles here). */
  seed?: (db: Database) => Promise<unknown>
  /** Extra or replaced dependencies (crawler, reloadSectors...). */
  deps?: Partial<AppDeps>
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1)

/** Logs in like a browser: GET /login for the pre-session CSRF cookie and token, then POST the form. */
export async function loginThroughForm(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  email: string,
  password: string,
): Promise<{ cookie: string; response: Response }> {
  const page = await app.request('/login')
  const pre = cookieOf(page, 'vigie_csrf')
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1]
  if (!pre || !token) throw new Error(`GET /login gave no CSRF cookie or token (status ${page.status})`)
  const response = await app.request('/login', {
    method: 'POST',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }),
  })
  const cookie = cookieOf(response, 'vigie_session')
  if (!cookie) throw new Error(`POST /login did not sign in (status ${response.status})`)
  return { cookie, response }
}

/** The session's CSRF token, as a page's meta tag gives it to scripts. */
async function csrfOf(request: TestRequest): Promise<string> {
  const html = await (await request('/account/tokens')).text()
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1]
  if (!csrf) throw new Error('no csrf-token meta tag on /account/tokens')
  return csrf
}

function sessionRequest(app: TestApp['app'], cookie: string, csrf: () => string): TestRequest {
  return (path, init = {}) => {
    const headers = new Headers(init.headers)
    const cookies = [cookie, headers.get('cookie')].filter(Boolean).join('; ')
    headers.set('cookie', cookies)
    const method = (init.method ?? 'GET').toUpperCase()
    if (method !== 'GET' && method !== 'HEAD' && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrf())
    return Promise.resolve(app.request(path, { ...init, headers }))
  }
}

let counter = 0

/**
 * The real app on a fresh temp database with the shipped sectors, real scoring and an in-memory search
 * index, and a user of `role` (default curator) signed in through the login form.
 */
export async function testApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = await tempDb()
  const clock = opts.clock ?? systemClock
  await seedShippedSectors(db, clock.now())
  await opts.seed?.(db)
  const search = createSearchIndex({ dir: null })
  await syncIndex(search, db.db)
  const deps: AppDeps = {
    db: db.db,
    clock,
    log: silentLog,
    config: { feedsDir: 'feeds' },
    scoring: createScoring({ db: db.db, clock, log: silentLog }),
    search,
    crawler: { crawlNow: () => null, status: () => null },
    ...opts.deps,
  }
  const app = createApp(deps)

  async function signIn(who: Role | { email: string; role?: Role; password?: string }): Promise<TestSession> {
    const spec = typeof who === 'string' ? { role: who } : who
    const email = 'email' in spec ? spec.email : `${spec.role}${++counter}@vigie.test`
    const password = ('password' in spec && spec.password) || TEST_PASSWORD
    const user =
      (await userByEmail(db.db, email)) ??
      (await createUser(db.db, { email, password, role: spec.role ?? 'curator' }, clock.now()))
    const { cookie } = await loginThroughForm(app, email, password)
    let csrf = ''
    const request = sessionRequest(app, cookie, () => csrf)
    csrf = await csrfOf(request)
    return { user, cookie, csrf, request }
  }

  const main = await signIn(opts.role ?? 'curator')
  return {
    ...main,
    app,
    db,
    deps,
    signIn,
    reindex: async () => void (await syncIndex(search, db.db)),
  }
}

/** A session made directly in the database, without the login form (for tests of the login itself). */
export async function directSession(db: Database, userId: number, now = new Date()) {
  const s = await createSession(db.db, userId, now)
  return { cookie: `vigie_session=${s.token}`, csrf: s.csrf }
}
