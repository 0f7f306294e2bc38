// The queue in a real browser: keyboard triage with undo, the score's explanation, and a phone screen.
import type { Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articles } from '../../db/schema.ts'
import { curatorSite, browserForFile, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()

const cardIds = (page: Page) =>
  page
    .locator('section.queue .story-card')
    .evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.id)))
const selectedId = async (page: Page) =>
  Number(await page.locator('.story-card.selected').getAttribute('data-id'))
const toastText = (page: Page) => page.locator('#queue-toast:visible span').textContent()

describe('the queue', { timeout: 60_000 }, () => {
  it('explains a score when asked', async () => {
    const site = await curatorSite()
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/queue`)
    const card = page.locator('section.queue .story-card').first()
    expect([site.ids.carouselBlog, site.ids.carouselMedia]).toContain(
      Number(await card.getAttribute('data-id')),
    )
    const why = card.locator('details.card-why')
    expect(await why.locator('dl.explanation').isVisible()).toBe(false)
    await why.locator('summary').click()
    await why.locator('dl.explanation').waitFor({ state: 'visible' })
    const text = await why.locator('dl.explanation').innerText()
    expect(text).toMatch(/linkedin/i)
    expect(text).toMatch(/titre ×\d/)
    expect(text).toContain('Fraîcheur')
    await screenshot(page, 'queue-explanation')
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('opens the original in a new tab with v, from the queue and the reader, cut off from them', async () => {
    const site = await curatorSite()
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/queue`)
    const first = (await cardIds(page))[0]!
    // The original is on this origin, so that the new tab really loads it.
    const original = `${site.origin}/health?article=${first}`
    await site.deps.db.update(articles).set({ url: original }).where(eq(articles.id, first))
    await page.reload()
    await page.keyboard.press('j')
    expect(await selectedId(page)).toBe(first)
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('v')])
    await tab.waitForLoadState()
    expect(tab.url()).toBe(original)
    expect(await tab.evaluate(() => window.opener)).toBeNull()
    // The queue stays where it was.
    expect(new URL(page.url()).pathname).toBe('/queue')
    await tab.close()
    // The reader does the same.
    await page.goto(`${site.origin}/articles/${first}`)
    const [fromReader] = await Promise.all([
      page.context().waitForEvent('page'),
      page.keyboard.press('v'),
    ])
    await fromReader.waitForLoadState()
    expect(fromReader.url()).toBe(original)
    // A link a feed made up (javascript:) is not offered to the key at all.
    await site.deps.db
      .update(articles)
      .set({ url: 'javascript:alert(1)' })
      .where(eq(articles.id, first))
    await page.goto(`${site.origin}/queue`)
    expect(await page.locator(`#card-${first}`).getAttribute('data-original')).toBeNull()
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('folds its filters away until one is in use, then keeps them open', async () => {
    const site = await curatorSite()
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/queue`)
    const box = page.locator('details.filters-box')
    expect(await box.getAttribute('open')).toBeNull()
    expect(await box.locator('form.filters').isVisible()).toBe(false)
    await box.locator('summary').click()
    await box.locator('select[name="lang"]').selectOption('fr')
    await box.locator('button[type="submit"]').click()
    await page.waitForURL((u) => u.searchParams.get('lang') === 'fr')
    expect(await box.getAttribute('open')).not.toBeNull()
    expect(await box.locator('summary').innerText()).toContain('1 actif')
    // "Effacer" stands level with "Filtrer".
    const apply = (await box.locator('button[type="submit"]').boundingBox())!
    const clear = (await box.locator('a.clear').boundingBox())!
    expect(Math.abs(apply.y - clear.y)).toBeLessThanOrEqual(2)
    expect(Math.abs(apply.height - clear.height)).toBeLessThanOrEqual(2)
    await screenshot(page, 'queue-filters', false)
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('is triaged with the keyboard: j/k select, a/r/s/m decide with an undo toast, ? helps, o opens', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/queue`)
    const ids = await cardIds(page)
    expect(ids.length).toBeGreaterThanOrEqual(5)
    // The study told by two sources is one card, ranked first, with the other source under it.
    expect([site.ids.carouselBlog, site.ids.carouselMedia]).toContain(ids[0])
    expect(await page.locator(`#card-${ids[0]} .also-covered`).textContent()).toContain(
      'Aussi couvert par',
    )
    // The decision buttons look alike: "À repartager" keeps a button's padding (a rule for the
    // reader's list of reshares once took it away).
    const paddings = await page
      .locator(`#card-${ids[0]} form.decision button`)
      .evaluateAll((buttons) => buttons.map((b) => getComputedStyle(b).paddingLeft))
    expect(paddings.length).toBeGreaterThanOrEqual(3)
    expect(new Set(paddings).size).toBe(1)
    await screenshot(page, 'queue')

    await page.keyboard.press('j')
    expect(await selectedId(page)).toBe(ids[0])
    await page.keyboard.press('j')
    expect(await selectedId(page)).toBe(ids[1])
    await page.keyboard.press('k')
    expect(await selectedId(page)).toBe(ids[0])
    await page.keyboard.press('j')

    // a: the card leaves, the next one is selected, a toast offers undo.
    await page.keyboard.press('a')
    await page.locator(`#card-${ids[1]}`).waitFor({ state: 'detached' })
    await expect.poll(() => toastText(page)).toBe('Article approuvé.')
    expect(await selectedId(page)).toBe(ids[2])
    await page.locator('#queue-toast button', { hasText: 'Annuler' }).click()
    await page.locator(`#card-${ids[1]}`).waitFor()
    await expect.poll(() => toastText(page)).toBe('Décision annulée.')
    expect(await cardIds(page)).toEqual(ids)

    // The undo reached the server: the card is still there after a reload.
    await page.reload()
    expect(await cardIds(page)).toEqual(ids)

    await page.keyboard.press('j')
    await page.keyboard.press('r')
    await page.locator(`#card-${ids[0]}`).waitFor({ state: 'detached' })
    await expect.poll(() => toastText(page)).toBe('Article écarté.')
    expect(await selectedId(page)).toBe(ids[1])
    await page.keyboard.press('s')
    await page.locator(`#card-${ids[1]}`).waitFor({ state: 'detached' })
    await expect.poll(() => toastText(page)).toBe('Article reporté.')
    // m: skipped (seen, not for today), nothing learned.
    expect(await selectedId(page)).toBe(ids[2])
    await page.keyboard.press('m')
    await page.locator(`#card-${ids[2]}`).waitFor({ state: 'detached' })
    await expect.poll(() => toastText(page)).toBe('Article passé.')
    await page.reload()
    const after = await cardIds(page)
    expect(after).not.toContain(ids[0])
    expect(after).not.toContain(ids[1])
    expect(after).not.toContain(ids[2])
    expect(after).toEqual(expect.arrayContaining(ids.slice(3)))

    // ?: the shortcuts overlay, closed with Escape.
    const help = page.locator('#keys-help')
    expect(await help.isVisible()).toBe(false)
    await page.keyboard.press('?')
    await help.waitFor({ state: 'visible' })
    expect(await help.locator('h2').textContent()).toBe('Raccourcis clavier')
    expect(await help.locator('dd').allTextContents()).toContain('approuver')
    await screenshot(page, 'queue-keys-help', false)
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'hidden' })

    await page.keyboard.press('j')
    await page.keyboard.press('o')
    await page.waitForURL((u) => u.pathname === `/articles/${after[0]}`)
    await page.locator('.reader-article h1').waitFor()

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('skips a whole page from the button under the cards, and undoes it from the notice', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/queue`)
    const ids = await cardIds(page)
    const skip = page.locator('.skip-page-form button')
    expect(await skip.textContent()).toBe(`Passer les ${ids.length} sujets de cette page`)
    // What it does is said beside it, and read with it.
    const hint = await page.locator('#skip-page-hint').textContent()
    expect(hint).toContain('Vigie n’en apprend rien')
    expect(await skip.getAttribute('aria-describedby')).toBe('skip-page-hint')
    await skip.click()
    await page.waitForURL((u) => u.searchParams.has('skipped'))
    expect(await cardIds(page)).toEqual([])
    expect(await page.locator('.notice[role="status"]').first().textContent()).toContain(
      `${ids.length} sujets passés.`,
    )
    await screenshot(page, 'queue-skipped', false)
    await page.locator('.notice form.undo button', { hasText: 'Annuler' }).click()
    await page.waitForURL((u) => u.searchParams.has('restored'))
    expect((await cardIds(page)).sort()).toEqual([...ids].sort())

    // Everything over two days old (the default): last week's two articles, nothing of this week.
    expect(ids).toEqual(expect.arrayContaining([site.ids.archiveThreads, site.ids.archiveAds]))
    const older = page.locator('.skip-older-form')
    expect(await older.locator('select option:checked').textContent()).toBe('2 jours')
    await older.scrollIntoViewIfNeeded()
    await screenshot(page, 'queue-skip-older', false)
    await older.locator('button', { hasText: 'Passer' }).click()
    await page.waitForURL((u) => u.searchParams.has('skipped'))
    const left = await cardIds(page)
    expect(left).not.toContain(site.ids.archiveThreads)
    expect(left).not.toContain(site.ids.archiveAds)
    expect(left).toContain(site.ids.moderation)
    expect(await page.locator('.notice[role="status"]').first().textContent()).toContain(
      '2 sujets passés.',
    )
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('is usable on a phone: cards fit the screen, no sideways scroll, a tap decides', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    })
    await page.goto(`${site.origin}/queue`)
    const cards = page.locator('section.queue .story-card')
    await cards.first().waitFor()
    await screenshot(page, 'phone-queue', false)
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }))
    expect(widths.inner).toBe(390)
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner)

    const first = cards.first()
    for (const part of [first.locator('.card-title'), first.locator('button.approve')]) {
      expect(await part.isVisible()).toBe(true)
      const box = (await part.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(390)
    }
    // Buttons big enough for a thumb.
    expect((await first.locator('button.approve').boundingBox())!.height).toBeGreaterThanOrEqual(32)

    const id = await first.getAttribute('data-id')
    await first.locator('button.approve').tap()
    await page.locator(`#card-${id}`).waitFor({ state: 'detached' })
    await expect.poll(() => toastText(page)).toBe('Article approuvé.')
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('takes an article out of a story it does not belong to, for good', async () => {
    const site = await curatorSite()
    const { page, problems } = await openPage(browser(), site.origin, { cookie: site.cookie })
    await page.goto(`${site.origin}/queue`)
    const { carouselBlog, carouselMedia, newsletters } = site.ids
    // The carousel study's card groups a piece on LinkedIn newsletters with it: both name LinkedIn.
    const [lead] = await cardIds(page)
    const partner = lead === carouselBlog ? carouselMedia : carouselBlog
    expect([carouselBlog, carouselMedia]).toContain(lead)
    const covered = page.locator(`#card-${lead} .also-covered`)
    expect(await covered.locator(`a[href="/articles/${newsletters}"]`).count()).toBe(1)
    await covered
      .locator(`form[action="/queue/${newsletters}/separate"] button`, {
        hasText: 'Pas la même histoire',
      })
      .click()
    await page.waitForURL((u) => u.searchParams.get('separated') === String(newsletters))
    expect(await page.locator('.notice[role="status"]').innerText()).toContain(
      'Article séparé de cette histoire',
    )
    // The stories are formed again in the background: the newsletters piece gets a card of its
    // own, and the study is still one card told by its two sources.
    const separated = async () => {
      expect(await cardIds(page)).toContain(newsletters)
      expect(
        await covered.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ).toEqual([`/articles/${partner}`])
    }
    await site.deps.scoring.settled()
    await page.reload()
    await separated()
    // A later full pass keeps them apart.
    await site.deps.scoring.rescoreSector(SECTOR)
    await page.reload()
    await separated()
    await screenshot(page, 'queue-separated', false)
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
