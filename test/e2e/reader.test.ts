// The reader in a real browser: the annotation autosaves and survives a reload; stored HTML that
// slipped past the sanitiser is still harmless because the Content-Security-Policy blocks it.
import { describe, expect, it } from 'vitest'
import { XSS_HTML } from './fixtures/articles.ts'
import { curatorSite, insertRawArticle, browserForFile, openPage, screenshot } from './helpers.ts'

const browser = browserForFile()

// Runs in every page before its own scripts: records the CSP violations the page reports.
const RECORD_CSP = () => {
  const seen: { directive: string; sample: string }[] = []
  Object.assign(window, { __csp: seen })
  document.addEventListener('securitypolicyviolation', (e) =>
    seen.push({ directive: e.violatedDirective, sample: e.sample }),
  )
}

describe('the reader', { timeout: 60_000 }, () => {
  it("writes publication times in the reader's own time zone, not the server's UTC", async () => {
    const site = await curatorSite()
    const id = site.ids.moderation
    const html = await (await site.request(`/articles/${id}`)).text()
    const iso = /<time datetime="([^"]+)"[^>]*data-local="datetime"/.exec(html)![1]!
    const at = new Date(iso)
    // Without script the page says UTC.
    const utc = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(at)
    expect(html).toContain(`${utc} UTC`)
    for (const zone of ['Europe/Paris', 'America/Montreal']) {
      const { page, problems } = await openPage(browser(), site.origin, {
        cookie: site.cookie,
        context: { timezoneId: zone },
      })
      await page.goto(`${site.origin}/articles/${id}`)
      const local = new Intl.DateTimeFormat('fr-FR', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: zone,
      }).format(at)
      await expect.poll(() => page.locator('.reader-meta time').first().textContent()).toBe(local)
      expect(await page.locator('.reader-meta time').first().getAttribute('title')).toBe(iso)
      // A queue card shows an age ("il y a 3 h"); its tooltip is the time, in the same zone.
      await page.goto(`${site.origin}/queue`)
      const age = page.locator('.story-card .card-meta time').first()
      const cardAt = new Date((await age.getAttribute('datetime'))!)
      const cardLocal = new Intl.DateTimeFormat('fr-FR', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: zone,
      }).format(cardAt)
      await expect.poll(() => age.getAttribute('title')).toBe(cardLocal)
      expect(problems).toEqual([])
    }
  })

  it('autosaves the note and tags typed, and shows them again after a reload', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    const id = site.ids.moderation
    await page.goto(`${site.origin}/articles/${id}`)
    expect(await page.locator('.reader-article h1').textContent()).toBe(site.list.moderation.title)
    expect(await page.locator('.article-body').innerText()).toContain('charte publiée')

    const status = page.locator('.annotation-form .save-status')
    expect(await status.textContent()).toBe('')
    await page
      .locator('#note')
      .fill('À citer dans la lettre de vendredi : la règle expliquée publiquement.')
    await page.locator('#tags').pressSequentially('modération, charte')
    // Autosave after a pause in typing (1.5 s), bounded.
    await expect
      .poll(() => status.textContent(), { timeout: 10_000, interval: 200 })
      .toBe('Enregistré.')
    expect(await page.locator('.annotation-form .version').textContent()).toBe('Version 1')
    await screenshot(page, 'reader')

    await page.reload()
    expect(await page.locator('#note').inputValue()).toBe(
      'À citer dans la lettre de vendredi : la règle expliquée publiquement.',
    )
    expect(await page.locator('#tags').inputValue()).toBe('modération, charte')
    expect(await page.locator('.annotation-form .version').textContent()).toBe('Version 1')

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('runs no inline handler from stored HTML: the CSP blocks it and reports the violation', async () => {
    const site = await curatorSite()
    const id = await insertRawArticle(site, site.ids.tiktok, {
      title: 'Article au HTML piégé',
      html: XSS_HTML,
    })
    const url = `${site.origin}/articles/${id}`

    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.addInitScript(RECORD_CSP)
    await page.goto(url)
    // The payload is in the page as stored...
    const img = page.locator('.article-body img[src="x"]')
    expect(await img.getAttribute('onerror')).toBe('window.__xss=1')
    // ...its image fails to load, and the browser refuses to run the handler.
    await page.waitForFunction(() => (window as unknown as { __csp: unknown[] }).__csp.length > 0)
    const violations = await page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp)
    expect(violations).toContainEqual(expect.objectContaining({ directive: 'script-src-attr' }))
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined()
    expect(problems.some((p) => p.includes('Content Security Policy'))).toBe(true)

    // The control: without the CSP the same page runs the handler, so the check above can fail.
    const open = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: { bypassCSP: true },
    })
    await open.page.goto(url)
    await open.page.waitForFunction(() => (window as { __xss?: number }).__xss === 1)

    expect([...blocked, ...open.blocked]).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
