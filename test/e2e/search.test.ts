// Finding things in a real browser: "/" to the search box, highlighted results and facets; the daily
// shortlist of a past date.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seedArticles } from '../helpers/seed.ts'
import { curatorSite, browserForFile, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()

const resultTitles = (page: Page) => page.locator('ol.results li.result h2').allInnerTexts()
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null)

describe('search', { timeout: 60_000 }, () => {
  it('finds from the queue with "/", marks the words found, narrows with a facet', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/queue`)
    await page.keyboard.press('/')
    expect(await focusedId(page)).toBe('quick-search')
    await page.keyboard.type('LinkedIn')
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === 'LinkedIn')

    const titles = await resultTitles(page)
    expect(titles.sort()).toEqual(
      [
        site.list.carouselBlog.title,
        site.list.carouselMedia.title,
        site.list.newsletters.title,
      ].sort(),
    )
    expect(await page.locator('.search-results > p.muted').first().textContent()).toBe(
      '3 résultats',
    )
    const marks = await page.locator('ol.results mark').allTextContents()
    expect(marks.length).toBeGreaterThanOrEqual(3)
    expect(new Set(marks.map((m) => m.toLowerCase()))).toEqual(new Set(['linkedin']))
    // Titles and snippets alike are marked.
    expect(await page.locator('ol.results li.result h2 mark').count()).toBe(3)
    expect(await page.locator('ol.results p.snippet mark').count()).toBeGreaterThanOrEqual(3)
    await screenshot(page, 'search')

    // The language facet: English only.
    const english = page.locator('.facet-lang a', { hasText: /^EN$/ })
    expect(await english.locator('xpath=..').locator('.count').textContent()).toBe('1')
    await english.click()
    await page.waitForURL((u) => u.searchParams.get('lang') === 'en')
    expect(await resultTitles(page)).toEqual([site.list.newsletters.title])
    expect(await page.locator('.facet-lang li.active').innerText()).toContain('EN')

    // "/" on the search page takes the box, its words selected for a new search.
    await page.locator('h1').click()
    await page.keyboard.press('/')
    expect(await focusedId(page)).toBe('search-q')
    await page.keyboard.type('modération')
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => u.searchParams.get('q') === 'modération')
    // The language filter stays: nothing in English about moderation.
    expect(await resultTitles(page)).toEqual([])
    expect(await page.locator('.search-results p.empty').textContent()).toBe('Aucun résultat.')
    await page.locator('.facets a', { hasText: 'Retirer les filtres' }).click()
    await page.waitForURL((u) => !u.searchParams.has('lang'))
    expect(await resultTitles(page)).toContain(site.list.moderation.title)
    expect(await page.locator('ol.results mark').first().textContent()).toMatch(/^modération$/i)

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})

describe('the daily shortlist', { timeout: 60_000 }, () => {
  it('opens the shortlist of a past date picked in the form', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/shortlist`)
    // Today's: the carousel story leads, once.
    const items = page.locator('ol.shortlist li.shortlist-item')
    const today = await items.evaluateAll((els) =>
      els.map((el) => Number((el as HTMLElement).dataset.id)),
    )
    expect([site.ids.carouselBlog, site.ids.carouselMedia]).toContain(today[0])
    expect(
      today.filter((id) => id === site.ids.carouselBlog || id === site.ids.carouselMedia),
    ).toHaveLength(1)
    await screenshot(page, 'shortlist')

    await page.locator('.day-picker input[type="date"]').fill(site.archiveDay)
    await page.locator('.day-picker button[type="submit"]').click()
    await page.waitForURL((u) => u.searchParams.get('date') === site.archiveDay)
    const titles = await items.locator('.card-title').allInnerTexts()
    expect(titles.sort()).toEqual(
      [site.list.archiveAds.title, site.list.archiveThreads.title].sort(),
    )
    expect(await items.locator('.rank').allTextContents()).toEqual(['1', '2'])
    const day = new Date(`${site.archiveDay}T12:00:00Z`).toLocaleDateString('fr-FR', {
      day: 'numeric',
      timeZone: 'UTC',
    })
    expect(await page.locator('h1').textContent()).toContain(`Sélection du ${day}`)
    // A past day has a next one to go to.
    expect(await page.locator('.day-nav a[rel="next"]').count()).toBe(1)

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('makes today’s list again with an article that arrived since', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/shortlist`)
    const items = page.locator('ol.shortlist li.shortlist-item')
    const before = await items.count()
    const [fresh] = await seedArticles(site.db, SECTOR, [
      {
        title: 'Pinterest ouvre ses tableaux collaboratifs aux community managers',
        text: 'Pinterest ouvre les tableaux collaboratifs aux comptes de marque : le community manager y invite sa communauté, et le taux d’engagement des épingles se lit dans les statistiques.',
        lang: 'fr',
        publishedAt: new Date(Date.now() - 20 * 60_000),
        source: 'Veille des Réseaux',
      },
    ])
    await site.deps.scoring.rescoreSector(SECTOR)
    await page.getByRole('button', { name: 'Refaire avec les nouveaux articles' }).click()
    await page.waitForURL((u) => u.searchParams.has('rebuilt'))
    expect(await page.locator('p.notice[role="status"]').textContent()).toMatch(
      /^Sélection refaite : [1-9]\d* nouvel?(aux)? articles?\.$/,
    )
    const ids = await items.evaluateAll((els) =>
      els.map((el) => Number((el as HTMLElement).dataset.id)),
    )
    expect(ids).toContain(fresh)
    expect(ids.length).toBeGreaterThanOrEqual(before)
    await screenshot(page, 'shortlist-rebuilt')

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
