// "Ajouter un article" on a phone, as a curator shares a link they saw elsewhere: the page opens with
// the address filled in (as the share menu or the bookmarklet opens it), one tap adds it, and the
// reader shows it, approved, with its undo. The page is fetched from a real server on 127.0.0.1.
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { articleAdder, blogSite, POST_PATH, TITLE } from '../fixtures/http/blog-site.ts'
import { closeSharedExtractor } from '../helpers/crawl-env.ts'
import { browserForFile, curatorSite, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()
afterAll(() => closeSharedExtractor())

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
}
const pageWidth = (page: Page) => () => page.evaluate(() => document.documentElement.scrollWidth)

describe('adding an article from a phone', { timeout: 60_000 }, () => {
  it('takes a shared link, adds it with a tap, and opens it in the reader', async () => {
    const blog = await blogSite()
    const site: Awaited<ReturnType<typeof curatorSite>> = await curatorSite({
      deps: { addArticle: articleAdder(() => site.deps) },
    })
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: PHONE,
    })
    // The queue's button leads to the form.
    await page.goto(`${site.origin}/queue?sector=${SECTOR}`)
    await page.getByRole('link', { name: 'Ajouter un article' }).tap()
    await page.getByRole('heading', { name: 'Ajouter un article' }).waitFor()
    // What Android's share menu opens: the link in the shared text.
    const shared = `À lire ${blog.url(POST_PATH)}`
    await page.goto(`${site.origin}/articles/add?text=${encodeURIComponent(shared)}`)
    const address = page.getByLabel('Adresse de l’article')
    expect(await address.inputValue()).toBe(blog.url(POST_PATH))
    await expect.poll(pageWidth(page)).toBeLessThanOrEqual(390)
    await screenshot(page, 'article-add-phone')

    await page.getByRole('button', { name: 'Ajouter', exact: true }).tap()
    await page.getByText('Article ajouté au secteur.').waitFor()
    expect(await page.locator('h1').innerText()).toBe(TITLE)
    expect(await page.locator('.reader-actions .notice').innerText()).toContain('Article approuvé.')
    await expect.poll(pageWidth(page)).toBeLessThanOrEqual(390)
    await screenshot(page, 'article-added-phone')

    // A wrong address: said on the form, which keeps it.
    await page.goto(`${site.origin}/articles/add`)
    await address.fill(blog.url('/guide.pdf'))
    await page.getByRole('button', { name: 'Ajouter', exact: true }).tap()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').innerText()).toContain('Vigie n’a pas pu lire cette page')
    expect(await address.inputValue()).toBe(blog.url('/guide.pdf'))
    expect(problems.filter((p) => !p.includes('422'))).toEqual([])
    expect(blocked).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
