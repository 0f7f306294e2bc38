import { it } from 'vitest'
import { curatorSite, launchBrowser, openPage } from './helpers.ts'
it('dbg', async () => {
  const [browser, site] = await Promise.all([launchBrowser(), curatorSite()])
  const { page } = await openPage(browser, site.origin, { cookie: site.cookie })
  await page.goto(`${site.origin}/queue`)
  const ids = () => page.locator('.story-card').evaluateAll(e => e.map(x => x.id + ' ' + x.querySelector('.card-title')?.textContent?.slice(0,40)))
  console.log(site.ids, await ids())
  await page.keyboard.press('j'); await page.keyboard.press('r')
  await page.locator('#queue-toast:visible').waitFor()
  await page.reload()
  console.log(await ids())
  await browser.close()
}, 60000)
