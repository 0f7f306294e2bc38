// The search page on a phone: the filters fold under a summary, so that the results are on the first
// screen; on a laptop they stay open beside the results. No script does it (details/summary, CSS).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seedArticles } from '../helpers/seed.ts'
import { curatorSite, browserForFile, openPage, screenshot, SECTOR, type Site } from './helpers.ts'

const browser = browserForFile()

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
}
const resultTitles = (page: Page) => page.locator('ol.results li.result h2').allInnerTexts()

/** The element's top edge is on the first screen. */
async function topOnFirstScreen(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox()
  const height = await page.evaluate(() => innerHeight)
  return !!box && box.y >= 0 && box.y < height
}

/** Fourteen more sources writing about LinkedIn: more source values than the facet shows at once. */
async function manySources(site: Site) {
  const now = Date.now()
  await seedArticles(
    site.db,
    SECTOR,
    Array.from({ length: 14 }, (_, i) => ({
      title: `LinkedIn : ce que les pages entreprise ont appris cette semaine (${i + 1})`,
      text: 'Les community managers comparent la portée des publications LinkedIn, carrousels et vidéos, sur les pages entreprise de leurs clients.',
      lang: 'fr' as const,
      publishedAt: new Date(now - (i + 1) * 3_600_000),
      source: `Lettre de veille n° ${String(i + 1).padStart(2, '0')}`,
    })),
  )
  await site.reindex()
}

// The page's width once laid out: the header settles a moment after a navigation.
const pageWidth = (page: Page) => () => page.evaluate(() => document.documentElement.scrollWidth)

describe('search filters on a phone', { timeout: 90_000 }, () => {
  it('fold under "Filtres" at 390 px, open on a tap, and still narrow the results', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: PHONE,
    })
    await page.goto(`${site.origin}/search?q=LinkedIn`)
    const summary = page.locator('.facets-toggle > summary')
    expect(await summary.innerText()).toBe('Filtres')
    // Folded: the filters are not shown, the first result is on the first screen.
    expect(await page.locator('.facet-lang').isVisible()).toBe(false)
    expect(await topOnFirstScreen(page, 'ol.results li.result')).toBe(true)
    await expect.poll(pageWidth(page)).toBeLessThanOrEqual(390)
    await screenshot(page, 'search-phone-folded', false)

    await summary.tap()
    expect(await page.locator('.facet-lang').isVisible()).toBe(true)
    await screenshot(page, 'search-phone-open', false)
    await page.locator('.facet-lang a', { hasText: /^EN$/ }).tap()
    await page.waitForURL((u) => u.searchParams.get('lang') === 'en')
    expect(await resultTitles(page)).toEqual([site.list.newsletters.title])
    // Folded again on the new page, saying a filter is on; the result is still first.
    expect(await summary.innerText()).toBe('Filtres (1 actif)')
    expect(await page.locator('.facet-lang').isVisible()).toBe(false)
    expect(await topOnFirstScreen(page, 'ol.results li.result')).toBe(true)
    await summary.tap()
    await page.locator('.facets a', { hasText: 'Retirer les filtres' }).tap()
    await page.waitForURL((u) => !u.searchParams.has('lang'))
    expect((await resultTitles(page)).length).toBe(3)

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('stay open beside the results on a laptop, every source reachable', async () => {
    const site = await curatorSite()
    await manySources(site)
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/search?q=LinkedIn`)
    expect(await page.locator('.facets-toggle > summary').isVisible()).toBe(false)
    expect(await page.locator('.facet-lang').isVisible()).toBe(true)
    const facets = (await page.locator('.facets').boundingBox())!
    const results = (await page.locator('.search-results').boundingBox())!
    expect(facets.x + facets.width).toBeLessThanOrEqual(results.x)
    expect(Math.abs(facets.y - results.y)).toBeLessThan(40)

    // Seventeen sources: twelve listed, the five others under "5 de plus", each one a working filter.
    const shown = page.locator('.facet-source > ul > li')
    expect(await shown.count()).toBe(12)
    const more = page.locator('.facet-source .facet-more')
    expect(await more.locator('summary').innerText()).toBe('5 de plus')
    expect(await more.locator('li').first().isVisible()).toBe(false)
    await more.locator('summary').click()
    const last = more.locator('li a').last()
    const name = await last.innerText()
    await screenshot(page, 'search-laptop-more-sources')
    await last.click()
    await page.waitForURL((u) => u.searchParams.get('source') === name)
    expect((await resultTitles(page)).length).toBeGreaterThan(0)
    expect(await page.locator('.facet-source li.active').innerText()).toContain(name)
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('follows a search and turns its email alert on and off with a tap', async () => {
    const site = await curatorSite({
      deps: {
        config: {
          feedsDir: 'feeds',
          mail: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'v@vigie.test' },
        },
      },
    })
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: PHONE,
    })
    await page.goto(`${site.origin}/search?sector=${SECTOR}&q=LinkedIn`)
    await page.getByRole('button', { name: 'Suivre cette recherche' }).tap()
    await page.getByLabel('Fréquence').selectOption('day')
    await expect.poll(pageWidth(page)).toBeLessThanOrEqual(390)
    await screenshot(page, 'search-alert-choice-phone')
    await page.getByRole('button', { name: 'M’alerter par e-mail' }).tap()
    await page.waitForSelector('text=Alerte par e-mail à')
    expect(await page.locator('.follow-box').innerText()).toContain(
      `Alerte par e-mail à ${site.user.email}. Vous la recevez une fois par jour.`,
    )
    await expect.poll(pageWidth(page)).toBeLessThanOrEqual(390)
    await screenshot(page, 'search-alert-phone')

    // The curator's alerts, in every sector: made hourly there, then stopped from the search.
    await page.getByRole('link', { name: 'Mes alertes' }).tap()
    await page.getByRole('heading', { name: 'Mes alertes par e-mail' }).waitFor()
    const every = page.getByLabel('Fréquence (LinkedIn)')
    expect(await every.inputValue()).toBe('day')
    await screenshot(page, 'account-alerts-phone')
    await page.getByRole('button', { name: 'Arrêter mon alerte (LinkedIn)' }).waitFor()
    await expect.poll(pageWidth(page)).toBeLessThanOrEqual(390)
    await every.selectOption('hour')
    await page.getByRole('button', { name: 'Enregistrer (LinkedIn)' }).tap()
    await page.getByRole('heading', { name: 'Mes alertes par e-mail' }).waitFor()
    expect(await page.getByLabel('Fréquence (LinkedIn)').inputValue()).toBe('hour')
    await page.getByRole('link', { name: 'LinkedIn' }).tap()
    await page.getByText('Vous la recevez au plus une fois par heure.').waitFor()
    await page.getByRole('button', { name: 'Arrêter mon alerte' }).tap()
    await page.getByRole('button', { name: 'M’alerter par e-mail' }).waitFor()

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
