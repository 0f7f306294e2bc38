// The directory's suggested sources in a real browser: a curator dismisses one and follows another.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { createSourceDiscovery } from '../../src/jobs/source-discovery.ts'
import { silentLog } from '../../src/lib/log.ts'
import { listFeeds } from '../../src/store/index.ts'
import {
  discoveryDeps,
  fixtureSites,
  SECTOR,
  seedCitingArticles,
  SITES,
} from '../directory/discovery-fixture.ts'
import { curatorSite, browserForFile, openPage, screenshot } from './helpers.ts'

const browser = browserForFile()
afterEach(() => vi.restoreAllMocks())

describe('suggested sources', { timeout: 60_000 }, () => {
  it('a curator dismisses a suggestion and follows another from the directory', async () => {
    const sites = await fixtureSites()
    const fetchDeps = discoveryDeps()
    try {
      const site = await curatorSite({
        deps: { config: { feedsDir: 'feeds', allowHosts: ['127.0.0.1'] } },
      })
      await seedCitingArticles(site.db, sites.site)
      const deps = { db: site.deps.db, clock: site.deps.clock, log: silentLog }
      site.deps.discovery = createSourceDiscovery({
        ...deps,
        allowHosts: ['127.0.0.1'],
        discovery: fetchDeps,
        scoring: site.deps.scoring,
      })
      await recomputeDirectory(deps, SECTOR)
      await site.deps.discovery.discover(SECTOR)

      const { page, problems, blocked } = await openPage(browser(), site.origin, {
        cookie: site.cookie,
      })
      await page.goto(`${site.origin}/directory?sector=${SECTOR}&tab=suggestions`)
      const rows = page.locator('#suggestions tbody tr')
      const hosts = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-host')))
      expect(await hosts()).toEqual([SITES.alpha, SITES.beta, SITES.gamma, SITES.delta])
      // Affinity as French writes a decimal.
      expect(await rows.first().locator('td').nth(3).innerText()).toMatch(/^0,\d\d$/)
      await page.locator('#suggestions').scrollIntoViewIfNeeded()
      await screenshot(page, 'directory-suggestions', false)

      await page.locator(`tr[data-host="${SITES.gamma}"] form[action$="/dismiss"] button`).click()
      await page.waitForURL((u) => u.searchParams.get('did') === 'dismissed')
      expect(await page.locator('#suggestions .flash').textContent()).toBe(
        `${SITES.gamma} ne sera plus proposé.`,
      )
      expect(await hosts()).toEqual([SITES.alpha, SITES.beta, SITES.delta])

      const alpha = page.locator(`tr[data-host="${SITES.alpha}"]`)
      // One sector: no choice to offer. A site without a feed can only be dismissed.
      expect(await alpha.locator('select[name="into"]').count()).toBe(0)
      expect(
        await page.locator(`tr[data-host="${SITES.delta}"] form[action$="/follow"]`).count(),
      ).toBe(0)
      await alpha.locator('form[action$="/follow"] button').click()
      await page.waitForURL((u) => u.searchParams.get('did') === 'followed')
      expect(await page.locator('#suggestions .flash').textContent()).toBe(
        `${SITES.alpha} est maintenant suivi.`,
      )
      expect(await hosts()).toEqual([SITES.beta, SITES.delta])
      const feeds = await listFeeds(site.deps.db, SECTOR)
      expect(feeds.map((f) => f.url)).toContain(`${sites.site(SITES.alpha)}flux/articles.xml`)

      expect(problems).toEqual([])
      // The links to the suggested sites are never followed by the page itself.
      expect(blocked).toEqual([])
      expect(site.serverErrors).toEqual([])
    } finally {
      await fetchDeps.close()
    }
  })
})
