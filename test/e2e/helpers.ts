// The real app served on 127.0.0.1 and a headless Chromium that can reach nothing else.
import fs from 'node:fs/promises'
import os from 'node:os'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { eq } from 'drizzle-orm'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, beforeAll, onTestFinished } from 'vitest'
import { articles } from '../../db/schema.ts'
import type { Role } from '../../src/auth/index.ts'
import type { AppDeps } from '../../src/http/app.ts'
import { createLog } from '../../src/lib/log.ts'
import { testApp, type TestApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'
import { e2eArticles, SECTOR, type ArticleName } from './fixtures/articles.ts'

export { SECTOR } from './fixtures/articles.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// Outside the checkout: a test writes only into temp folders (VIGIE_SCREENSHOTS_DIR to keep them elsewhere).
export const SCREENSHOTS =
  process.env.VIGIE_SCREENSHOTS_DIR ?? path.join(os.tmpdir(), 'vigie-screenshots')

// Keeps Chromium off the network: no background services, no QUIC, and any host name other than
// 127.0.0.1 resolves to nothing (a second belt under the per-context request guard below).
// Playwright gives every launch a fresh temporary --user-data-dir of its own (and refuses ours).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
]

/**
 * Headless Debian Chromium, one per test file: call at the file's top level. Started before its
 * first test and closed after its last; the function gives it to the tests.
 */
export function browserForFile(): () => Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })
  return () => browser!
}

type Fetch = (req: Request) => Response | Promise<Response>

/** Serves `app` on 127.0.0.1 at a free port until close(). */
export async function serveApp(app: { fetch: Fetch }) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // The crawl page's event stream never ends on its own.
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type Site = Awaited<ReturnType<typeof curatorSite>>

/**
 * The app with the e2e articles seeded and scored, the search index in sync, a signed-in user of
 * `role` (curator by default), served on 127.0.0.1 until the test ends (its temp database does too).
 */
export async function curatorSite(opts: { role?: Role; deps?: Partial<AppDeps> } = {}) {
  const now = new Date()
  const { articles: list, archiveDay } = e2eArticles(now)
  const names = Object.keys(list) as ArticleName[]
  const ids = {} as Record<ArticleName, number>
  // The app's own errors (a 500's stack), for the tests to show and assert on.
  const serverErrors: string[] = []
  const t: TestApp = await testApp({
    role: opts.role ?? 'curator',
    deps: { log: createLog('error', (line) => serverErrors.push(line)), ...opts.deps },
    seed: async (db) => {
      const seeded = await seedArticles(db, SECTOR, Object.values(list))
      names.forEach((name, i) => (ids[name] = seeded[i]!))
    },
  })
  await t.deps.scoring.rescoreSector(SECTOR)
  const server = await serveApp(t.app)
  onTestFinished(() => server.close())
  return { ...t, ...server, ids, list, archiveDay, serverErrors }
}

/**
 * Inserts an article straight into the database, bypassing extraction and its sanitiser, with the
 * given stored html. The feed is that of the seeded article `like`.
 */
export async function insertRawArticle(
  site: Site,
  like: number,
  fields: { title: string; html: string },
) {
  const db = site.deps.db
  const [model] = await db.select().from(articles).where(eq(articles.id, like))
  const url = `${model!.url}-brut`
  const [row] = await db
    .insert(articles)
    .values({
      sectorSlug: model!.sectorSlug,
      feedId: model!.feedId,
      guid: `brut-${like}`,
      url,
      canonicalUrl: url,
      title: fields.title,
      html: fields.html,
      text: fields.title,
      lang: 'fr',
      publishedAt: model!.publishedAt,
      firstSeenAt: model!.publishedAt,
      updatedAt: model!.publishedAt,
      wordCount: 10,
      extractState: 'ok',
    })
    .returning({ id: articles.id })
  return row!.id
}

export interface OpenedPage {
  page: Page
  /** Uncaught exceptions and console errors seen so far. */
  problems: string[]
  /** Requests the guard stopped because they were not for the app's origin. */
  blocked: string[]
  close(): Promise<void>
}

/**
 * A new browser context on `origin` (French, laptop-sized unless told otherwise), signed in with
 * `cookie` (`vigie_session=...`) when given. Any request to another origin is aborted and recorded.
 * The context is closed when the test ends.
 */
export async function openPage(
  browser: Browser,
  origin: string,
  opts: { cookie?: string; context?: BrowserContextOptions } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
    ...opts.context,
  })
  const blocked: string[] = []
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      blocked.push(route.request().url())
      return route.abort('blockedbyclient')
    },
  )
  if (opts.cookie) {
    const [name, value] = opts.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: origin, httpOnly: true, sameSite: 'Lax' }])
  }
  onTestFinished(() => context.close())
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
  })
  return { page, problems, blocked, close: () => context.close() }
}

/**
 * Every page an admin of the seeded sector can open (the sweeps for sideways scrolling and
 * accessibility go through all of them): the reader and composer of `article`, the page of the
 * source `feedId`.
 */
export function everyPage(article: number, feedId: number): string[] {
  return [
    `/queue?sector=${SECTOR}`,
    `/articles/${article}`,
    `/articles/${article}/reshare`,
    `/articles/add?sector=${SECTOR}`,
    `/search?sector=${SECTOR}&q=Instagram`,
    `/shortlist?sector=${SECTOR}`,
    `/sources?sector=${SECTOR}`,
    `/sources/channels?sector=${SECTOR}`,
    `/sources/profile?sector=${SECTOR}`,
    `/crawl?sector=${SECTOR}`,
    `/directory?sector=${SECTOR}`,
    `/directory/sources/${feedId}`,
    `/reshares?sector=${SECTOR}`,
    `/dashboard?sector=${SECTOR}`,
    '/account/tokens',
    '/account/alerts',
    '/admin/users',
  ]
}

/** Saves a full-page PNG under SCREENSHOTS. */
export async function screenshot(page: Page, name: string, fullPage = true) {
  await fs.mkdir(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage })
}
