import { randomBytes } from 'node:crypto'
import { createApp, type AppDeps } from '../../src/http/app.ts'
import {
  createSession,
  hashPassword,
  importUser,
  userByEmail,
  type Role,
  type SessionUser,
} from '../../src/auth/index.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { systemClock, type Clock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { secretBox } from '../../src/lib/secret-box.ts'
import { createSearchIndex, syncIndex } from '../../src/search/index.ts'
import type { Database } from '../../src/store/index.ts'
import { testResharing } from './resharing.ts'
import { seedShippedSectors } from './seed.ts'
import { tempDb } from './temp-db.ts'

export const TEST_PASSWORD = 'correct horse battery staple'

export type TestRequest = (path: string, init?: RequestInit) => Promise<Response>
type Requester = { request: (path: string, init?: RequestInit) => Response | Promise<Response> }

/** A signed-in browser: its user, cookie header value and CSRF token, and a fetch that sends them. */
export interface TestSession {
  user: SessionUser
  /** `vigie_session=...`, ready for a Cookie header. */
  cookie: string
  csrf: string
  /** app.request with this session's cookie, plus x-csrf-token on non-GET requests. */
  request: TestRequest
}

export interface BareApp {
  app: ReturnType<typeof createApp>
  /** The temp database (as tempDb() returns it: `db.db` is the Drizzle handle, also `deps.db`). */
  db: Database & { url: string; file: string }
  deps: AppDeps
  /** Brings the search index up to date after seeding articles. */
  reindex(): Promise<void>
}

export interface TestApp extends BareApp, TestSession {
  /** Signs in another user (created with this role, or an existing email) through POST /login. */
  signIn(who: Role | { email: string; role?: Role; password?: string }): Promise<TestSession>
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

/** The value (`name=value`) of a cookie a response sets, if it sets a non-empty one. */
export function setCookieOf(res: Response, name: string): string | undefined {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1)
}

/** Logs in like a browser: GET /login for the pre-session CSRF cookie and token, then POST the form. */
export async function loginThroughForm(app: Requester, email: string, password: string) {
  const page = await app.request('/login')
  const pre = setCookieOf(page, 'vigie_csrf')
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1]
  if (!pre || !token)
    throw new Error(`GET /login gave no CSRF cookie or token (status ${page.status})`)
  const response = await app.request('/login', {
    method: 'POST',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }),
  })
  const cookie = setCookieOf(response, 'vigie_session')
  if (!cookie) throw new Error(`POST /login did not sign in (status ${response.status})`)
  return { cookie, response }
}

/** A fetch on the app that sends this session's cookie, and its CSRF header on state changes. */
export function sessionRequest(app: Requester, cookie: string, csrf: () => string): TestRequest {
  return (path, init = {}) => {
    const headers = new Headers(init.headers)
    headers.set('cookie', [cookie, headers.get('cookie')].filter(Boolean).join('; '))
    const method = (init.method ?? 'GET').toUpperCase()
    if (method !== 'GET' && method !== 'HEAD' && !headers.has('x-csrf-token'))
      headers.set('x-csrf-token', csrf())
    return Promise.resolve(app.request(path, { ...init, headers }))
  }
}

/** The session's CSRF token, read from a page's meta tag as the scripts do. */
async function csrfOf(request: TestRequest): Promise<string> {
  const html = await (await request('/account/tokens')).text()
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1]
  if (!csrf) throw new Error('no csrf-token meta tag on /account/tokens')
  return csrf
}

/** The real app on a fresh temp database with the shipped sectors, and no account yet. */
export async function bareApp(opts: Omit<TestAppOptions, 'role'> = {}): Promise<BareApp> {
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
  const box = secretBox(randomBytes(32).toString('base64url'))
  deps.box ??= () => box
  deps.resharing ??= testResharing({ db: db.db, clock, log: silentLog, scoring: deps.scoring })
  return {
    app: createApp(deps),
    db,
    deps,
    reindex: async () => void (await syncIndex(search, db.db)),
  }
}

// scrypt is slow on purpose: hash the shared test password once per test file, not per user.
let testHash: Promise<string> | null = null
let counter = 0

/**
 * The real app on a fresh temp database with the shipped sectors, real scoring and an in-memory search
 * index, and a user of `role` (default curator) signed in through the login form.
 */
export async function testApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const bare = await bareApp(opts)
  const { app, db, deps } = bare

  async function signIn(
    who: Role | { email: string; role?: Role; password?: string },
  ): Promise<TestSession> {
    const spec = typeof who === 'string' ? { role: who } : who
    const email = 'email' in spec ? spec.email : `${spec.role}${++counter}@vigie.test`
    const password = ('password' in spec && spec.password) || TEST_PASSWORD
    const passwordHash = await (password === TEST_PASSWORD
      ? (testHash ??= hashPassword(TEST_PASSWORD))
      : hashPassword(password))
    const user =
      (await userByEmail(db.db, email)) ??
      (await importUser(
        db.db,
        { email, role: spec.role ?? 'curator', passwordHash },
        deps.clock.now(),
      ))
    const { cookie } = await loginThroughForm(app, email, password)
    let csrf = ''
    const request = sessionRequest(app, cookie, () => csrf)
    csrf = await csrfOf(request)
    return { user, cookie, csrf, request }
  }

  const main = await signIn(opts.role ?? 'curator')
  return { ...bare, ...main, signIn }
}

/** A session made directly in the database, without the login form. */
export async function directSession(db: Database, userId: number, now = new Date()) {
  const s = await createSession(db.db, userId, now)
  return { cookie: `vigie_session=${s.token}`, csrf: s.csrf }
}

/** A minimal browser over app.request: keeps cookies, reads a page's form CSRF token, posts forms. */
export function browser(app: Requester, defaults: { headers?: Record<string, string> } = {}) {
  const jar = new Map<string, string>()
  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({ ...defaults.headers })
    new Headers(init.headers).forEach((v, k) => headers.set(k, v))
    if (jar.size && !headers.has('cookie'))
      headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await app.request(path, { ...init, headers })
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const i = pair.indexOf('=')
      const name = pair.slice(0, i).trim()
      const value = pair.slice(i + 1).trim()
      if (!value || attrs.some((a) => /^\s*max-age=0$/i.test(a))) jar.delete(name)
      else jar.set(name, value)
    }
    return res
  }
  /** The `_csrf` hidden field of the page at `path`. */
  async function formToken(path: string): Promise<string> {
    const html = await (await request(path)).text()
    const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1]
    if (token === undefined) throw new Error(`no _csrf field on ${path}`)
    return token
  }
  /** Posts a url-encoded form (add `_csrf` yourself, or pass `from` to take it from that page first). */
  async function post(
    path: string,
    fields: Record<string, string>,
    opts: { from?: string; headers?: Record<string, string> } = {},
  ) {
    const all = opts.from ? { _csrf: await formToken(opts.from), ...fields } : fields
    return request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers },
      body: new URLSearchParams(all),
    })
  }
  return { request, post, formToken, jar }
}

/** The app as reached from this socket address (app.request has no socket of its own). */
export function fromAddress(
  app: Requester & {
    request: (p: string, i?: RequestInit, env?: unknown) => Response | Promise<Response>
  },
  address: string,
): Requester {
  return {
    request: (path, init) =>
      app.request(path, init, { incoming: { socket: { remoteAddress: address } } }),
  }
}
