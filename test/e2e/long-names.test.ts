// Names and URLs from feeds and OPML files can be one unbroken word of hundreds of characters: the
// pages must wrap them, not push every other column off the screen.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addFeeds } from '../../src/store/index.ts'
import { curatorSite, launchBrowser, openPage, screenshot, SECTOR } from './helpers.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
}, 60_000)
afterAll(async () => {
  await browser?.close()
})

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
    const { page, problems } = await openPage(browser, site.origin, { cookie: site.cookie })
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
})
