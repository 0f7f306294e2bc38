// Names and URLs from feeds and OPML files can be one unbroken word of hundreds of characters: the
// pages must wrap them, not push every other column off the screen.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articles, feeds, users } from '../../db/schema.ts'
import { addFeeds } from '../../src/store/index.ts'
import { curatorSite, everyPage, browserForFile, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()

describe('long names', { timeout: 60_000 }, () => {
  it('a 200-character name without spaces leaves the sources table inside the page', async () => {
    const site = await curatorSite({ role: 'admin' })
    const name = 'Lablogueusedesréseauxsociaux'.repeat(8).slice(0, 200)
    await addFeeds(
      site.deps.db,
      SECTOR,
      [
        {
          url: `https://${'a'.repeat(60)}.example.fr/${'flux'.repeat(40)}.xml`,
          title: name,
          siteUrl: null,
        },
      ],
      'opml',
      new Date(),
    )
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/sources?sector=${SECTOR}`)
    const width = await page.evaluate(() => document.documentElement.clientWidth)
    const tableRight = await page
      .locator('table.feeds')
      .evaluate((t) => t.getBoundingClientRect().right)
    const actions = await page
      .locator('table.feeds th.feed-actions')
      .evaluate((th) => th.getBoundingClientRect().right)
    expect(tableRight).toBeLessThanOrEqual(width)
    expect(actions).toBeLessThanOrEqual(width)
    expect(await page.getByText(name.slice(0, 40), { exact: false }).count()).toBeGreaterThan(0)
    await screenshot(page, 'sources-long-name')
    expect(problems).toEqual([])
  })

  it('no page scrolls sideways at 390 px (French) or 1366 px (English), with a 200-character source name', async () => {
    const site = await curatorSite({ role: 'admin' })
    const name = 'Lablogueusedesréseauxsociaux'.repeat(8).slice(0, 200)
    const db = site.deps.db
    const [reels] = await db.select().from(articles).where(eq(articles.id, site.ids.reels))
    await db.update(feeds).set({ sourceName: name }).where(eq(feeds.id, reels!.feedId))
    // A newer version of the articles, so that the search index takes the new name too.
    await db
      .update(articles)
      .set({ updatedAt: new Date() })
      .where(eq(articles.feedId, reels!.feedId))
    await site.deps.scoring.rescoreSector(SECTOR)
    await site.reindex()
    const { page, problems } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    })
    const id = site.ids.reels
    const pages = everyPage(id, reels!.feedId)
    const wide: Record<string, string[]> = {}
    const sweep = async (shot: string) => {
      for (const path of pages) {
        const res = await page.goto(`${site.origin}${path}`)
        expect(res?.status(), path).toBe(200)
        // What sticks out past the right edge, for the failure message.
        const out = await page.evaluate(() => {
          const width = document.documentElement.clientWidth
          if (document.documentElement.scrollWidth <= width) return []
          return [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > width + 0.5)
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)
        })
        if (out.length) wide[`${shot} ${path}`] = out
        await screenshot(page, `${shot}${path.split('?')[0]!.replace(/[/:]+/g, '-')}`, false)
      }
    }
    await sweep('phone-390')
    // The same pages on a laptop, in English.
    await page.setViewportSize({ width: 1366, height: 900 })
    await page.goto(`${site.origin}/queue`)
    await Promise.all([page.waitForURL(() => true), page.locator('.locale-switch button').click()])
    await page.locator('html[lang="en"]').waitFor()
    await sweep('laptop-1366-en')
    // The source name is on the pages that show it (so the check above saw it).
    await page.goto(`${site.origin}/articles/${id}`)
    expect(await page.locator('.reader-meta').innerText()).toContain(name.slice(0, 30))
    await page.goto(`${site.origin}/search?sector=${SECTOR}&q=Instagram`)
    expect(await page.locator('main').innerText()).toContain(name.slice(0, 30))
    expect(wide).toEqual({})
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('the header holds on one row for an admin at 1280 px in French and 1366 px in English, a long address cut short', async () => {
    const site = await curatorSite({ role: 'admin' })
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    // The header's items below the row of the brand (none when it holds on one row).
    const below = () =>
      page.evaluate(() => {
        const brand = document.querySelector('.topbar .brand')!.getBoundingClientRect()
        return [...document.querySelectorAll('.topbar > *, .topbar form > :not([type="hidden"])')]
          .filter((el) => el.getBoundingClientRect().top >= brand.bottom)
          .map((el) => el.textContent)
      })
    await page.goto(`${site.origin}/queue`)
    expect(await below()).toEqual([])
    await screenshot(page, 'header-admin-fr-1280', false)
    // A long address is cut short (the whole of it in its title), and the row holds.
    const long = 'marie-charlotte.dupont-delacroix@agence-communication-exemple.fr'
    await site.deps.db.update(users).set({ email: long })
    await page.reload()
    expect(await page.locator('.topbar .who').getAttribute('title')).toBe(long)
    expect(
      await page.locator('.topbar .who').evaluate((el) => el.scrollWidth > el.clientWidth),
    ).toBe(true)
    expect(await below()).toEqual([])
    await page.setViewportSize({ width: 1366, height: 900 })
    await Promise.all([page.waitForURL(() => true), page.locator('.locale-switch button').click()])
    await page.locator('html[lang="en"]').waitFor()
    // Loaded again from the start, its styles applied (the switch's redirect may still be loading).
    await page.goto(`${site.origin}/queue`)
    expect(await below()).toEqual([])
    expect(problems).toEqual([])
  })
})
