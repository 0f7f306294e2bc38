// Following a site that has no feed, in a real browser: the sources form says no feed was found and
// how to follow the site anyway, the box "the site has no feed" adds its blog page, and "fetch now"
// brings the articles that page lists. The site is served on 127.0.0.1.
import { afterAll, describe, expect, it } from 'vitest'
import type { CrawlOptions } from '../../src/jobs/crawl.ts'
import { createSourceDiscovery } from '../../src/jobs/source-discovery.ts'
import { silentLog } from '../../src/lib/log.ts'
import { discoveryDeps } from '../directory/discovery-fixture.ts'
import { SITE_NAME, siteWithoutFeed } from '../fixtures/http/site-without-feed.ts'
import { closeSharedExtractor, crawlEnv } from '../helpers/crawl-env.ts'
import { articlesFr } from '../helpers/fixture-content.ts'
import { browserForFile, curatorSite, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()
afterAll(() => closeSharedExtractor())

describe('a site without a feed on the sources page', { timeout: 90_000 }, () => {
  it('is refused as a feed, added through its blog page, and fetched', async () => {
    let env: Awaited<ReturnType<typeof crawlEnv>> | undefined
    const discoveryFetch = discoveryDeps()
    const site = await curatorSite({
      role: 'admin',
      deps: {
        config: { feedsDir: 'feeds', allowHosts: ['127.0.0.1'] },
        crawl: (o: CrawlOptions) => env!.crawl(o),
      },
    })
    site.deps.discovery = createSourceDiscovery({
      db: site.db.db,
      clock: site.deps.clock,
      log: silentLog,
      allowHosts: ['127.0.0.1'],
      scoring: site.deps.scoring,
      discovery: discoveryFetch,
    })
    const blog = await siteWithoutFeed(() => articlesFr)
    // The crawl of "fetch now", on a sector of its own (the seeded sector's file stays as it is).
    env = await crawlEnv(site.db, [], { slug: 'crawl-only' })

    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/sources?sector=${SECTOR}`)
    const address = page.getByLabel('Adresse du flux ou du site')
    await address.fill(blog.url('/blog/'))
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click()
    await page.locator('#add-error').waitFor()
    expect(await page.locator('#add-error').innerText()).toContain(
      'Si le site n’en a pas, cochez « suivre les articles listés sur cette page »',
    )
    expect(await address.inputValue()).toBe(blog.url('/blog/'))

    await page
      .getByLabel('Le site n’a pas de flux : suivre les articles listés sur cette page')
      .check()
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click()
    await page.getByText('Flux ajouté.').waitFor()
    const row = page
      .locator('table.feeds tr.feed')
      .filter({ has: page.locator('.feed-name').getByText(SITE_NAME, { exact: true }) })
    expect(await row.locator('.feed-origin').innerText()).toContain(
      'sans flux : articles listés sur la page',
    )

    await row.locator('form.feed-fetch button').click()
    await page.waitForURL((u) => u.searchParams.get('result') === 'ok')
    expect(await page.locator('.flash').first().innerText()).toContain(
      `collecté, ${articlesFr.length} nouveaux articles.`,
    )
    await row.scrollIntoViewIfNeeded()
    await screenshot(page, 'sources-page-source')

    // On a phone, in English: a page that lists no article is refused with what to give instead. The
    // sector picker is there (two sectors), its long name kept within the page's width.
    const phone = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: { viewport: { width: 390, height: 844 }, isMobile: true },
    })
    await phone.page.goto(`${site.origin}/sources?sector=${SECTOR}`)
    // The account's language, switched with the header's button.
    await Promise.all([
      phone.page.waitForURL(() => true),
      phone.page.locator('.locale-switch button').click(),
    ])
    await phone.page.locator('html[lang="en"]').waitFor()
    await phone.page.getByLabel('Feed or site address').fill(blog.url('/'))
    await phone.page.getByLabel('The site has no feed: follow the articles this page lists').check()
    await phone.page.getByRole('button', { name: 'Add', exact: true }).click()
    const refusal = phone.page.locator('#add-error')
    await refusal.waitFor()
    expect(await refusal.innerText()).toBe(
      `No article links found on ${blog.url('/')}: give the page that lists the site’s articles (its blog or news page).`,
    )
    await refusal.scrollIntoViewIfNeeded()
    await expect
      .poll(() => phone.page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390)
    await screenshot(phone.page, 'sources-page-refused-en-390', false)
    expect(phone.problems.filter((p) => !p.includes('400'))).toEqual([])
    expect(problems.filter((p) => !p.includes('400'))).toEqual([])
    expect(blocked).toEqual([])
    expect(site.serverErrors).toEqual([])
    await discoveryFetch.close()
    await env.close()
  })
})
