// Every page as axe-core (the engine behind the browsers' own accessibility audits) reads it:
// WCAG 2.2 A and AA (names for every control, contrast, target sizes, language, tables, ARIA)
// and its best practices (one main landmark, landmarks told apart, headings in order).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { describe, expect, it, onTestFinished } from 'vitest'
import { articles } from '../../db/schema.ts'
import { alertStopToken } from '../../src/jobs/search-alert-stop.ts'
import { fakeMastodon, TOKEN } from '../reshare/fake-mastodon.ts'
import { bareApp, testApp } from '../helpers/app.ts'
import {
  curatorSite,
  everyPage,
  browserForFile,
  openPage,
  screenshot,
  SECTOR,
  serveApp,
} from './helpers.ts'

const axeSource = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

const browser = browserForFile()

/** "rule: element (what is wrong)" for each violation on the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  return page.evaluate(async (values) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values } })
    return result.violations.flatMap((v) =>
      v.nodes.map(
        (n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim()})`,
      ),
    )
  }, RULES)
}

/** A page to audit, and what to open on it first (a dialog, a disclosure). */
type Visit = { path: string; status?: number; open?: (page: Page) => Promise<void> }

async function audit(page: Page, origin: string, visits: Visit[], label: string) {
  const found: Record<string, string[]> = {}
  for (const { path: p, status = 200, open } of visits) {
    const res = await page.goto(`${origin}${p}`)
    expect(res?.status(), p).toBe(status)
    await open?.(page)
    const list = await violations(page)
    if (list.length) found[`${label} ${p}`] = list
    await screenshot(page, `${label}${p.split('?')[0]!.replace(/[/:]+/g, '-')}`, false)
  }
  return found
}

describe('accessibility', { timeout: 180_000 }, () => {
  it('no page breaks a WCAG 2.2 A/AA rule or a best practice, in French at 1280 px, English at 390 px and dark', async () => {
    // A copy of the sector files: making the sector public writes to its file.
    const feedsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-a11y-'))
    onTestFinished(() => fs.rmSync(feedsDir, { recursive: true, force: true }))
    fs.cpSync(path.resolve(import.meta.dirname, '../../feeds'), feedsDir, { recursive: true })
    // A mail server named (never reached: no alert falls due during the test), so that the alerts
    // page shows its forms.
    const mail = { smtpUrl: 'smtp://127.0.0.1:2525', from: 'v@vigie.test' }
    const site = await curatorSite({ role: 'admin', deps: { config: { feedsDir, mail } } })
    const form = (p: string, body: Record<string, string>) =>
      site.request(p, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      })
    expect((await form('/sources/public', { sector: SECTOR, public: '1' })).status).toBeLessThan(
      400,
    )
    const picked = site.ids.moderation
    const put = await site.request(`/api/articles/${picked}/annotation`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        note: '',
        tags: ['algorithme'],
        commentary: 'À lire.',
        baseVersion: 0,
      }),
    })
    expect(put.status).toBe(200)
    const decided = await site.request(`/api/articles/${picked}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve' }),
    })
    expect(decided.status).toBe(200)
    const [article] = await site.deps.db.select().from(articles).where(eq(articles.id, picked))
    // Channels for the composer and the channels page, and a post waiting in the calendar.
    const mastodon = await fakeMastodon()
    const channels = site.deps.resharing!.channels
    const piaille = await channels.create(SECTOR, {
      name: 'Piaille',
      kind: 'mastodon',
      settings: { instanceUrl: mastodon.origin },
      secret: TOKEN,
    })
    await channels.create(SECTOR, { name: 'LinkedIn', kind: 'linkedin', settings: {} })
    const scheduled = await site.request(`/api/articles/${picked}/reshares`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        posts: [{ channelId: piaille.id, text: 'À lire https://exemple.fr', when: 'next' }],
      }),
    })
    expect(scheduled.status).toBe(201)
    // A followed search, listed in the queue and on the search page (which offers to follow its own).
    const follow = async (query: string) => {
      const res = await site.request('/api/searches/followed', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sector: SECTOR, query }),
      })
      expect(res.status).toBe(200)
      return (await res.json()).search.id as number
    }
    const followed = await follow('carrousels')
    const alert = await site.request(`/api/searches/followed/${followed}/alert`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ alert: true, every: 'day' }),
    })
    expect(alert.status).toBe(200)
    // And one without an alert: its page offers one, with how often.
    await follow('Instagram')

    // What some pages hide until asked is audited open.
    const opens: Record<string, Visit['open']> = {
      // The keyboard shortcuts' overlay.
      [`/queue?sector=${SECTOR}`]: async (page) => {
        await page.keyboard.press('?')
        await page.locator('#keys-help').waitFor({ state: 'visible' })
      },
      [`/articles/${picked}`]: (page) => page.locator('#annotation-history summary').click(),
      [`/sources?sector=${SECTOR}`]: (page) => page.locator('.feed-edit summary').first().click(),
    }
    // An alert email's stop link, which opens without signing in too.
    const stopToken = alertStopToken(site.deps.box!(), site.user.id, [followed])
    const stopLink = `/alerts/stop?${new URLSearchParams({ t: stopToken })}`
    const visits: Visit[] = [
      ...everyPage(picked, article!.feedId),
      `/search?sector=${SECTOR}&q=carrousels`,
      `/p/${SECTOR}`,
      stopLink,
    ].map((p) => ({
      path: p,
      open: opens[p],
    }))
    // axe-core sets inline styles while it measures, which the pages' policy (rightly) refuses.
    const context = { bypassCSP: true }
    const signedIn = await openPage(browser(), site.origin, { cookie: site.cookie, context })
    const page = signedIn.page
    const found = await audit(page, site.origin, visits, 'fr-1280')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${site.origin}/queue`)
    await Promise.all([page.waitForURL(() => true), page.locator('.locale-switch button').click()])
    await page.locator('html[lang="en"]').waitFor()
    Object.assign(found, await audit(page, site.origin, visits, 'en-390'))
    // The dark theme, when the system asks for it: its contrasts too.
    await page.emulateMedia({ colorScheme: 'dark' })
    Object.assign(found, await audit(page, site.origin, visits, 'dark-en-390'))
    expect(
      await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor),
    ).toBe('rgb(20, 21, 24)')
    // Signed out: the sign-in page.
    const visitor = await openPage(browser(), site.origin, { context })
    Object.assign(
      found,
      await audit(visitor.page, site.origin, [{ path: '/login' }, { path: stopLink }], 'fr-1280'),
    )

    expect(found).toEqual({})
    expect(signedIn.problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('nor do the empty pages of a new install, its first-run setup and a missing article', async () => {
    const bare = await bareApp()
    const fresh = await serveApp(bare.app)
    onTestFinished(() => fresh.close())
    const context = { bypassCSP: true }
    const visitor = await openPage(browser(), fresh.origin, { context })
    const found = await audit(visitor.page, fresh.origin, [{ path: '/setup' }], 'fr-1280')

    const site = await testApp({ role: 'admin' })
    const server = await serveApp(site.app)
    onTestFinished(() => server.close())
    const { page, problems } = await openPage(browser(), server.origin, {
      cookie: site.cookie,
      context: { ...context, viewport: { width: 390, height: 844 } },
    })
    const empty: Visit[] = [
      { path: `/queue?sector=${SECTOR}` },
      { path: `/shortlist?sector=${SECTOR}` },
      { path: `/search?sector=${SECTOR}&q=introuvable` },
      { path: `/directory?sector=${SECTOR}` },
      { path: `/reshares?sector=${SECTOR}` },
      { path: `/crawl?sector=${SECTOR}` },
      { path: `/dashboard?sector=${SECTOR}` },
      { path: '/articles/999999', status: 404 },
    ]
    Object.assign(found, await audit(page, server.origin, empty, 'fr-390'))
    expect(found).toEqual({})
    expect(problems.filter((m) => !m.includes('404'))).toEqual([])
  })

  it('the first Tab offers to skip the navigation, and the next one lands in the page', async () => {
    const site = await curatorSite()
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/queue?sector=${SECTOR}`)
    const skip = page.locator('a.skip-link')
    expect(await skip.boundingBox().then((b) => b!.y + b!.height)).toBeLessThanOrEqual(0)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link')
    expect(await skip.innerText()).toBe('Aller au contenu')
    expect(await skip.boundingBox().then((b) => b!.y)).toBeGreaterThan(0)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    // Past the header: the first control of the page itself.
    expect(
      await page.evaluate(() => {
        const el = document.activeElement!
        return !el.closest('header') && !!el.closest('main')
      }),
    ).toBe(true)
    expect(problems).toEqual([])
  })
})
