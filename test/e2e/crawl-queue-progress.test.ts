// The crawl page following a crawl of another process (cron) from the database, pages included, and
// the queue's "to reshare" list and tag filter, in a real browser.
import { describe, expect, it } from 'vitest'
import { startCrawlRun, updateCrawlRun, writeAnnotation } from '../../src/store/index.ts'
import { curatorSite, browserForFile, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()

describe('crawl progress and queue lists', { timeout: 90_000 }, () => {
  it('shows a cron crawl live: feeds and article pages queued, extracted, failed, waiting', async () => {
    // No crawler in this process: what the page shows comes from the run's row.
    const site = await curatorSite({ deps: { crawler: null } })
    const db = site.db.db
    const run = await startCrawlRun(db, 'cron-host:4242:ab', null, new Date(), { feedsTotal: 8 })
    await updateCrawlRun(db, run, {
      feedsDone: 6,
      feedsOk: 6,
      pagesQueued: 40,
      pagesExtracted: 12,
      pagesFailed: 1,
    })
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/crawl`)
    const pages = page.locator('[data-field="pages"]')
    expect(await pages.innerText()).toBe('12 extraites · 1 en échec · 27 en attente (sur 40)')
    expect(await page.locator('[data-field="feeds"]').innerText()).toBe('6 / 8')
    expect(await page.locator('.crawl-state').innerText()).toBe('Collecte en cours')
    // The runs table shows the running crawl with its totals, not "0 / 0".
    expect(await page.locator('table.runs tbody tr').first().innerText()).toContain('6 / 8')
    // The crawl goes on in its process: the page follows within the next events.
    await updateCrawlRun(db, run, { pagesExtracted: 30, pagesFailed: 2 })
    await page.waitForFunction(
      () => document.querySelector('[data-field="pages"]')?.textContent?.includes('8 en attente'),
      null,
      { timeout: 10_000 },
    )
    expect(
      await page.locator('#crawl-pages').evaluate((el) => (el as HTMLProgressElement).value),
    ).toBe(32)
    await screenshot(page, 'crawl-progress-pages')
    // It ends: the page reloads, idle, and the table shows the finished run.
    await updateCrawlRun(db, run, { feedsDone: 8, feedsTotal: 8, pagesExtracted: 38 }, new Date())
    await page.waitForFunction(() => document.querySelector('.crawl-live.idle') !== null, null, {
      timeout: 10_000,
    })
    // (crawl.js reloads the page once the crawl has ended, for the table.)
    await page.waitForFunction(
      () => document.querySelector('table.runs tbody tr')?.textContent?.includes('8 / 8'),
      null,
      { timeout: 10_000 },
    )
    expect(await page.locator('table.runs tbody tr').first().innerText()).toContain('40 / 40')
    await screenshot(page, 'crawl-progress-finished')
    expect(problems).toEqual([])
  })

  it('lists the articles to reshare apart, and filters by a tag clicked on a card', async () => {
    const site = await curatorSite()
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/queue`)
    const first = page.locator('section.queue .story-card').first()
    const id = Number(await first.getAttribute('data-id'))
    await first.locator('button.reshare').click()
    await page.locator('.queue-states a', { hasText: 'À repartager' }).click()
    await page.waitForURL(/state=reshare/)
    const ids = await page
      .locator('section.queue .story-card')
      .evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.id)))
    expect(ids).toEqual([id])
    expect(await page.locator('.queue-count').innerText()).toContain('1 sujet')
    await screenshot(page, 'queue-to-reshare')

    const other = (
      await page.request.get(`${site.origin}/api/queue?sector=${SECTOR}`).then((r) => r.json())
    ).stories[1].id
    await writeAnnotation(
      site.db.db,
      {
        articleId: other,
        sectorSlug: SECTOR,
        note: '',
        tags: ['newsletter', 'à relire'],
        commentary: '',
        baseVersion: 0,
        userId: null,
      },
      new Date(),
    )
    await page.goto(`${site.origin}/queue`)
    await page.locator(`#card-${other} .card-tags a`, { hasText: 'à relire' }).click()
    await page.waitForURL(/tag=/)
    expect(await page.locator('section.queue .story-card').count()).toBe(1)
    expect(await page.locator('.filters-box input[name="tag"]').inputValue()).toBe('à relire')
    await screenshot(page, 'queue-tag-filter')
    expect(problems).toEqual([])
  })
})
