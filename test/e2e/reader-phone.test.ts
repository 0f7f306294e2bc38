// The reader as a curator triages with it: on a phone the decisions and the note are at hand above a
// very long article, the "why this score" panel stays inside its column, a key marks "to reshare", the
// annotation's history is in the page, and the note's limits are said before and when they are hit.
import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { articles, feeds } from '../../db/schema.ts'
import { ANNOTATION_LIMITS } from '../../src/curate/index.ts'
import {
  curatorSite,
  insertRawArticle,
  browserForFile,
  openPage,
  screenshot,
  SECTOR,
  type Site,
} from './helpers.ts'

const browser = browserForFile()

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
}
const LAPTOP = { viewport: { width: 1366, height: 900 }, locale: 'en-GB' }
// French numbers are grouped with a narrow no-break space: compare them with plain spaces.
const plain = (s: string | null) => (s ?? '').replace(/\s/g, ' ')

/** Switches the signed-in account to English with the header's button, and comes back to the page. */
async function toEnglish(page: Page) {
  const button = page.locator('.locale-switch button')
  if ((await button.getAttribute('value')) !== 'en') return
  await Promise.all([page.waitForURL(() => true), button.click()])
  await page.locator('html[lang="en"]').waitFor()
  await page.waitForLoadState('load')
}
const LONG_NAME = 'Lablogueusedesréseauxsociaux'.repeat(8).slice(0, 200)

/** An article of about 150 paragraphs: far more than 14,000 px tall on a phone. */
async function longArticle(site: Site) {
  const para = (i: number) =>
    `<p>Paragraphe ${i} : la modération des commentaires demande une charte publiée, des réponses types et une veille quotidienne sur les mots-clés de la marque, sans quoi la communauté se disperse.</p>`
  const html = Array.from({ length: 150 }, (_, i) => para(i + 1)).join('')
  return insertRawArticle(site, site.ids.moderation, {
    title: 'Modération : le guide complet, chapitre par chapitre',
    html,
  })
}

/** Gives the feed of `articleId` a 200-character name without spaces, and rescores so the panel shows it. */
async function longSourceName(site: Site, articleId: number) {
  const db = site.deps.db
  const [a] = await db.select().from(articles).where(eq(articles.id, articleId))
  await db.update(feeds).set({ sourceName: LONG_NAME }).where(eq(feeds.id, a!.feedId))
  await site.deps.scoring.rescoreSector(SECTOR)
}

const overflow = (page: Page) =>
  page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: document.documentElement.clientWidth,
  }))

/** The element's box is entirely inside the visible viewport. */
async function inViewport(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox()
  const { w, h } = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }))
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= w && box.y + box.height <= h
}

describe('the reader on a phone and a laptop', { timeout: 90_000 }, () => {
  it('on a phone, the decisions and a way to the note are on screen at once above a long article', async () => {
    const site = await curatorSite()
    const id = await longArticle(site)
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: PHONE,
    })
    await page.goto(`${site.origin}/articles/${id}`)
    const height = await page.evaluate(() => document.documentElement.scrollHeight)
    expect(height).toBeGreaterThan(14_000)
    await screenshot(page, 'phone-reader-fr', false)

    for (const button of ['approve', 'reject', 'reshare', 'snooze-button']) {
      expect(await inViewport(page, `.reader-actions button.${button}`)).toBe(true)
      const box = (await page.locator(`.reader-actions button.${button}`).boundingBox())!
      expect(box.height).toBeGreaterThanOrEqual(40)
    }
    expect(await inViewport(page, '.reader-actions a.jump-note')).toBe(true)
    // Side by side, none over another, each label whole.
    const clashes = await page.evaluate(() => {
      const items = [
        ...document.querySelectorAll<HTMLElement>(
          '.reader-actions .decision button, .reader-actions a.jump-note',
        ),
      ].filter((el) => el.getBoundingClientRect().width > 0)
      const out: string[] = []
      for (const [i, a] of items.entries()) {
        if (a.scrollWidth > a.clientWidth + 1) out.push(`${a.textContent} is cut`)
        for (const b of items.slice(i + 1)) {
          const [ra, rb] = [a.getBoundingClientRect(), b.getBoundingClientRect()]
          const apart =
            ra.right <= rb.left + 0.5 ||
            rb.right <= ra.left + 0.5 ||
            ra.bottom <= rb.top + 0.5 ||
            rb.bottom <= ra.top + 0.5
          if (!apart) out.push(`${a.textContent} over ${b.textContent}`)
        }
      }
      return out
    })
    expect(clashes).toEqual([])
    // Still at hand half-way down the article.
    await page.evaluate(() => window.scrollTo(0, 7_000))
    expect(await inViewport(page, '.reader-actions button.approve')).toBe(true)

    // The note is one tap away, and the bar does not cover it.
    await page.locator('.reader-actions a.jump-note').tap()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('note')
    await expect.poll(() => inViewport(page, '#note')).toBe(true)
    const bar = (await page.locator('.reader-actions').boundingBox())!
    const note = (await page.locator('#note').boundingBox())!
    expect(note.y + note.height).toBeLessThanOrEqual(bar.y)
    await screenshot(page, 'phone-reader-note-fr', false)

    // Every header item is on screen (the header wraps rather than hiding items off the edge).
    await page.evaluate(() => window.scrollTo(0, 0))
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll('.topbar a, .topbar button')]
        .filter((el) => {
          const r = el.getBoundingClientRect()
          return r.left < 0 || r.right > document.documentElement.clientWidth
        })
        .map((el) => el.textContent),
    )
    expect(outside).toEqual([])
    const widths = await overflow(page)
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner)

    // A tap decides, and the page says so.
    await page.locator('.reader-actions button.approve').tap()
    await page.waitForURL((u) => u.searchParams.get('did') === 'approve')
    expect(await page.locator('.reader-side .notice').textContent()).toContain('Article approuvé.')
    // The notice, with its undo, is in the bar too: on screen without scrolling down.
    expect(await inViewport(page, '.reader-actions .notice form.undo button')).toBe(true)
    await screenshot(page, 'phone-reader-done-fr', false)
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('keeps "why this score" inside the side column at 1366 px (English) and 390 px (French)', async () => {
    const site = await curatorSite()
    const id = site.ids.reels
    await longSourceName(site, id)
    // French first: switching to English is saved on the account.
    for (const [context, name] of [
      [PHONE, 'reader-why-fr-390'],
      [LAPTOP, 'reader-why-en-1366'],
    ] as const) {
      const { page, problems } = await openPage(browser(), site.origin, {
        cookie: site.cookie,
        context,
      })
      await page.goto(`${site.origin}/articles/${id}`)
      if (context === LAPTOP) await toEnglish(page)
      expect(await page.locator('html').getAttribute('lang')).toBe(context === LAPTOP ? 'en' : 'fr')
      await page.locator('.reader-score details.card-why summary').click()
      const panel = page.locator('.reader-score .explanation')
      await panel.waitFor()
      expect(await panel.innerText()).toContain(LONG_NAME.slice(0, 30))
      const fit = await panel.evaluate((dl) => {
        const side = dl.closest('.reader-score')!.getBoundingClientRect()
        const own = dl.getBoundingClientRect()
        const wider = [...dl.querySelectorAll('*')].filter(
          (el) => el.getBoundingClientRect().right > side.right + 0.5,
        )
        return {
          right: own.right,
          side: side.right,
          scroll: dl.scrollWidth,
          client: dl.clientWidth,
          wider: wider.length,
        }
      })
      expect(fit.right).toBeLessThanOrEqual(fit.side)
      expect(fit.scroll).toBeLessThanOrEqual(fit.client)
      expect(fit.wider).toBe(0)
      const widths = await overflow(page)
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner)
      await page.locator('.reader-score').scrollIntoViewIfNeeded()
      await screenshot(page, name, false)
      expect(problems).toEqual([])
    }
    expect(site.serverErrors).toEqual([])
  })

  it('marks the article "to reshare" with the p key, listed in the keyboard help', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
      context: LAPTOP,
    })
    await page.goto(`${site.origin}/articles/${site.ids.tiktok}`)
    await toEnglish(page)
    await page.keyboard.press('?')
    const help = page.locator('#keys-help')
    await help.waitFor({ state: 'visible' })
    expect(await help.innerText()).toMatch(/p\s+mark to reshare/i)
    await screenshot(page, 'reader-keys-en', false)
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'hidden' })

    // Typing in the note never triggers a shortcut.
    await page.locator('#note').click()
    await page.keyboard.type('p')
    expect(page.url()).not.toContain('did=')
    await page.locator('#note').fill('')
    await page.locator('.reader-article h1').click()

    await page.keyboard.press('p')
    await page.waitForURL((u) => u.searchParams.get('did') === 'reshare')
    expect(await page.locator('.reader-meta .status-badge').getAttribute('class')).toContain(
      'status-reshared',
    )
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('marks the selected story "to reshare" with the same p key in the queue', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/queue`)
    await page.locator('section.queue .story-card').first().waitFor()
    await page.keyboard.press('?')
    expect(await page.locator('#keys-help').innerText()).toMatch(/p\s+marquer à repartager/)
    await page.keyboard.press('Escape')
    await page.keyboard.press('j')
    const id = Number(await page.locator('.story-card.selected').getAttribute('data-id'))
    await page.keyboard.press('p')
    await page.locator(`#card-${id}`).waitFor({ state: 'detached' })
    await expect
      .poll(() => page.locator('#queue-toast').textContent())
      .toContain('Article marqué à repartager.')
    await page.goto(`${site.origin}/articles/${id}`)
    expect(await page.locator('.reader-meta .status-badge').getAttribute('class')).toContain(
      'status-reshared',
    )
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('lists the annotation versions in the page and restores an older one', async () => {
    const site = await curatorSite()
    const id = site.ids.carouselBlog
    for (const [baseVersion, note] of [
      [0, 'Première lecture : chiffres à vérifier.'],
      [1, 'Chiffres vérifiés auprès de la source, à citer vendredi.'],
    ] as const) {
      const res = await site.request(`/api/articles/${id}/annotation`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ baseVersion, note, tags: ['linkedin'], commentary: '' }),
      })
      expect(res.status).toBe(200)
    }
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/articles/${id}`)
    const history = page.locator('details.annotation-history')
    expect(await history.locator('summary').textContent()).toContain('2')
    await history.locator('summary').click()
    const rows = history.locator('li.annotation-version')
    expect(await rows.count()).toBe(2)
    expect(await rows.nth(0).innerText()).toContain('Version 2')
    expect(await rows.nth(0).innerText()).toContain('Chiffres vérifiés')
    expect(await rows.nth(1).innerText()).toContain('Première lecture')
    expect(await rows.nth(1).innerText()).toContain(site.user.email)
    await screenshot(page, 'reader-history-fr')

    await rows.nth(1).getByRole('button', { name: 'Restaurer' }).click()
    await page.waitForURL((u) => u.searchParams.get('saved') === '1')
    expect(await page.locator('#note').inputValue()).toBe('Première lecture : chiffres à vérifier.')
    expect(await page.locator('.annotation-form .version').textContent()).toBe('Version 3')
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('says the note and tag limits beside the fields, and which one a refused save broke', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/articles/${site.ids.moderation}`)
    const noteCount = page.locator('#note-count')
    expect(plain(await noteCount.textContent())).toContain('20 000')
    expect(await page.locator('#tags-count').textContent()).toContain(
      String(ANNOTATION_LIMITS.tags),
    )

    // Over the note's limit: said while typing, and the save says which limit, not a bare failure.
    await page.locator('#note').fill('é'.repeat(ANNOTATION_LIMITS.note + 5))
    await expect.poll(() => noteCount.getAttribute('class')).toContain('over')
    expect(plain(await noteCount.textContent())).toBe('5 caractères de trop (20 000 au plus)')
    // One over: the singular, as the server would write it.
    await page.locator('#note').fill('é'.repeat(ANNOTATION_LIMITS.note + 1))
    await expect
      .poll(async () => plain(await noteCount.textContent()))
      .toBe('1 caractère de trop (20 000 au plus)')
    await page.locator('#note').fill('é'.repeat(ANNOTATION_LIMITS.note + 5))
    await page.locator('.annotation-form button[type=submit]').click()
    const status = page.locator('.annotation-form .save-status')
    await expect.poll(() => status.textContent()).toContain('Note personnelle')
    expect(plain(await status.textContent())).toContain('20 000')
    expect(await status.textContent()).not.toContain('Échec')

    // Too many tags: the same, for tags.
    await page.locator('#note').fill('Une note courte.')
    const many = Array.from({ length: 30 }, (_, i) => `étiquette${i + 1}`).join(', ')
    await page.locator('#tags').fill(many)
    await expect.poll(() => page.locator('#tags-count').getAttribute('class')).toContain('over')
    await page.locator('.annotation-form button[type=submit]').click()
    await expect.poll(() => status.textContent()).toContain(String(ANNOTATION_LIMITS.tags))
    await screenshot(page, 'reader-limits-fr')

    // Within the limits it saves.
    await page.locator('#tags').fill('modération, charte')
    await page.locator('.annotation-form button[type=submit]').click()
    await expect.poll(() => status.textContent()).toBe('Enregistré.')
    expect(blocked).toEqual([])
    expect(problems.filter((p) => !p.includes('400'))).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
