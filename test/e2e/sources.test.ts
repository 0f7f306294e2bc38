// The admin's pages in a real browser: an OPML import on the sources page, the crawl page following a
// crawl live, and the dashboard.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { CrawlProgress } from '../../src/jobs/crawl.ts'
import { curatorSite, browserForFile, openPage, screenshot } from './helpers.ts'

const OPML = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/veille.opml')

const browser = browserForFile()

describe('sources', { timeout: 60_000 }, () => {
  it('imports an OPML file and lists its new feeds', async () => {
    const site = await curatorSite({ role: 'admin' })
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/sources`)
    const names = () => page.locator('table.feeds .feed-name').allInnerTexts()
    const before = await names()
    expect(before).toContain('Journal du CM')
    expect(before).not.toContain('Le Carnet de la Modération')

    await page.locator('#import-file').setInputFiles(OPML)
    await page.locator('form.import-opml button[type="submit"]').click()
    await page.waitForURL((u) => u.searchParams.get('done') === 'imported')
    expect(await page.locator('.flash.ok').textContent()).toBe(
      'Import terminé : 3 flux ajoutés, 1 déjà présent.',
    )
    const after = await names()
    expect(after).toEqual(
      expect.arrayContaining([
        'Le Carnet de la Modération',
        'Communauté & Marques',
        'Creator Economy Weekly',
      ]),
    )
    expect(after).toHaveLength(before.length + 3)
    const row = page.locator('table.feeds tr', { hasText: 'Le Carnet de la Modération' })
    expect(await row.locator('.feed-url').innerText()).toContain(
      'carnet-moderation.example/feed.xml',
    )
    await screenshot(page, 'sources-top', false)
    await screenshot(page, 'sources')
    // At 1280 px the whole table fits: no sideways scroll to reach the actions.
    const fits = await page
      .locator('.table-scroll')
      .evaluate((el) => el.scrollWidth <= el.clientWidth)
    expect(fits).toBe(true)
    // ...and no source name is cut inside a word to get there.
    const cutNames = await page.locator('table.feeds tbody .feed-name').evaluateAll((els) =>
      els
        .filter((el) => {
          const words = (el.textContent ?? '').split(/\s+/)
          const probe = document.createElement('span')
          probe.style.whiteSpace = 'nowrap'
          el.append(probe)
          const widest = Math.max(
            ...words.map((word) => {
              probe.textContent = word
              return probe.getBoundingClientRect().width
            }),
          )
          probe.remove()
          return widest > el.getBoundingClientRect().width + 0.5
        })
        .map((el) => el.textContent),
    )
    expect(cutNames).toEqual([])
    // The rows the import added are marked.
    expect(await page.locator('table.feeds tr.is-new .feed-name').allInnerTexts()).toEqual(
      expect.arrayContaining(['Le Carnet de la Modération', 'Creator Economy Weekly']),
    )
    expect(await page.locator('table.feeds tr.is-new').count()).toBe(3)
    // On a phone the rows become cards, and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 })
    await screenshot(page, 'phone-sources', false)
    // Each field's label: French typography in French ("Type : Blog", the colon kept on the line), English in English.
    const label = () =>
      page
        .locator('table.feeds td[data-label]')
        .first()
        .evaluate((td) => getComputedStyle(td, '::before').content)
    expect(await label()).toMatch(/\w\u00a0: "$/)
    await page.evaluate(() => (document.documentElement.lang = 'en'))
    expect(await label()).toMatch(/\w: "$/)
    await page.evaluate(() => (document.documentElement.lang = 'fr'))
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true)
    await page.setViewportSize({ width: 1280, height: 900 })

    // A file that is not OPML: a message beside the form, nothing added.
    await page.locator('#import-file').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Pas un fichier OPML, juste des notes de veille.'),
    })
    await page.locator('form.import-opml button[type="submit"]').click()
    await page.locator('#import-error').waitFor()
    expect(await page.locator('#import-error').textContent()).toContain('notes.txt')
    expect(await names()).toHaveLength(after.length)

    expect(blocked).toEqual([])
    // The refused file answers 400: the console says so, nothing else.
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})

describe('crawl and dashboard', { timeout: 60_000 }, () => {
  it('follows a crawl live on the crawl page', async () => {
    // The crawl job itself would fetch the shipped feeds from the internet: here a stand-in reports
    // progress the way the job does, and the page must follow it through its event stream.
    let progress: (CrawlProgress & { running: boolean }) | null = null
    let crawls = 0
    const crawler = {
      crawlNow: () => {
        crawls++
        progress = {
          running: true,
          feedsTotal: 40,
          feedsDone: 12,
          feedsOk: 11,
          feedsNotModified: 0,
          feedsFailed: 1,
          feedsLeased: 0,
          articlesNew: 7,
          articlesUpdated: 0,
          errors: [{ feedUrl: 'https://www.journalducm.com/feed/', error: 'HTTP 503' }],
          sectorsChanged: [],
          current: 'Journal du CM',
          runId: null,
          pagesQueued: 9,
          pagesExtracted: 5,
          pagesFailed: 1,
        }
        return Promise.resolve()
      },
      status: () => progress,
    }
    const site = await curatorSite({ deps: { crawler } })
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/crawl`)
    const live = page.locator('#crawl-live')
    expect(await live.locator('.crawl-state').textContent()).toBe('Aucune collecte en cours.')

    await page.getByRole('button', { name: 'Collecter maintenant' }).click()
    await page.waitForURL((u) => u.searchParams.get('flash') === 'started')
    expect(crawls).toBe(1)
    expect(await page.locator('.flash.ok').textContent()).toBe('Collecte lancée.')
    expect(await live.locator('.crawl-state').textContent()).toBe('Collecte en cours')
    expect(await page.getByRole('button', { name: 'Collecter maintenant' }).isDisabled()).toBe(true)

    // The job moves on: the page follows without a reload.
    progress!.feedsDone = 31
    progress!.articlesNew = 18
    progress!.current = 'Social Media Today'
    await expect
      .poll(() => live.locator('[data-field="feeds"]').textContent(), { timeout: 10_000 })
      .toBe('31 / 40')
    expect(await live.locator('[data-field="articlesNew"]').textContent()).toBe('18')
    expect(await live.locator('[data-field="current"]').textContent()).toBe('Social Media Today')
    expect(await live.locator('.crawl-errors li').allInnerTexts()).toEqual([
      'https://www.journalducm.com/feed/ Le site est en panne (erreur 503) : Vigie réessaiera.',
    ])
    const valueOf = (id: string) =>
      live.locator(id).evaluate((el) => (el as HTMLProgressElement).value)
    expect(await valueOf('#crawl-progress')).toBe(31)
    expect(await valueOf('#crawl-pages')).toBe(6)
    await screenshot(page, 'crawl')

    // It ends: the page says so and the button comes back.
    progress!.running = false
    progress!.feedsDone = 40
    await expect
      .poll(() => live.locator('.crawl-state').textContent(), { timeout: 10_000 })
      .toBe('Aucune collecte en cours.')
    await expect
      .poll(() => page.getByRole('button', { name: 'Collecter maintenant' }).isEnabled(), {
        timeout: 10_000,
      })
      .toBe(true)
    // The page reloads to list the run, without saying again that a crawl was started.
    await page.waitForURL((u) => !u.searchParams.has('flash'))
    expect(await page.locator('.flash').count()).toBe(0)

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('shows that a profile preview is on its way while the page waits for it, then the preview', async () => {
    const site = await curatorSite({ role: 'admin' })
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/sources/profile`)
    const status = page.locator('#profile-busy')
    expect(await status.isHidden()).toBe(true)
    // The preview is held on its way to the server, long enough to see the page wait for it.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/sources/profile/preview', async (route) => {
      await held
      await route.continue()
    })
    const polled = page.waitForResponse(
      (r) => r.url().includes('/sources/profile/progress') && r.status() === 200,
    )
    // While a navigation is pending, Playwright's locators and evaluate wait for it: the page
    // reports what it shows itself, at each change of the form.
    type Shown = {
      hidden: boolean
      text: string
      spoken: string
      busy: string | null
      disabled: boolean[]
    }
    const shown: Shown[] = []
    await page.exposeFunction('reportShown', (s: Shown) => void shown.push(s))
    await page.evaluate(() => {
      const busy = document.getElementById('profile-busy')!
      const form = busy.closest('form')!
      const report = () =>
        (window as unknown as { reportShown: (s: Shown) => void }).reportShown({
          hidden: busy.hidden,
          text: busy.querySelector('span[aria-hidden="true"]')!.textContent!,
          spoken: busy.querySelector('[role="status"]')!.textContent!,
          busy: form.getAttribute('aria-busy'),
          disabled: [...form.querySelectorAll('button[type="submit"]')].map(
            (b) => (b as HTMLButtonElement).disabled,
          ),
        })
      new MutationObserver(report).observe(form, {
        attributes: true,
        subtree: true,
        childList: true,
      })
    })
    await page.getByRole('button', { name: 'Aperçu de l’effet' }).click({ noWaitAfter: true })
    await expect
      .poll(() => shown.at(-1))
      .toEqual({
        hidden: false,
        text: 'Calcul de l’aperçu sur la fenêtre de la file…',
        spoken: 'Calcul de l’aperçu sur la fenêtre de la file…',
        busy: 'true',
        disabled: [true, true],
      })
    // The page asks the server how far it is (Playwright cannot read a body while the navigation
    // is pending: the answer's figures are tested in test/http/sources.test.ts).
    await polled
    release()
    await page.locator('#preview').waitFor()
    expect(await page.locator('#preview h2').innerText()).toContain('Effet sur les')
    expect(await status.isHidden()).toBe(true)
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('moves the bar with each figure, but tells a screen reader only each stage of the wait', async () => {
    const site = await curatorSite({ role: 'admin' })
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/sources/profile`)
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/sources/profile/preview', async (route) => {
      await held
      await route.continue()
    })
    // A large sector's pass as the server reports it, one step per poll: texts analysed, grouping
    // (no count), scores (the endpoint's own figures are tested in test/http/sources.test.ts).
    const steps = [
      [1200, 0],
      [5400, 0],
      [8154, 0],
      [8154, 4000],
      [8154, 12000],
    ].map(([analysed, scored]) => ({
      progress: {
        task: 'preview',
        analysed,
        toAnalyse: 8154,
        scored,
        toScore: 16308,
        waiting: false,
      },
    }))
    let polls = 0
    await page.route('**/sources/profile/progress**', (route) =>
      route.fulfill({ json: steps[Math.min(polls++, steps.length - 1)] }),
    )
    const shown: { text: string; spoken: string; value: number }[] = []
    await page.exposeFunction('reportShown', (s: (typeof shown)[number]) => void shown.push(s))
    await page.evaluate(() => {
      const busy = document.getElementById('profile-busy')!
      new MutationObserver(() =>
        (window as unknown as { reportShown: (s: unknown) => void }).reportShown({
          text: busy.querySelector('span[aria-hidden="true"]')!.textContent,
          spoken: busy.querySelector('[role="status"]')!.textContent,
          value: (busy.querySelector('progress') as HTMLProgressElement).value,
        }),
      ).observe(busy, { subtree: true, childList: true, characterData: true, attributes: true })
    })
    await page.getByRole('button', { name: 'Aperçu de l’effet' }).click({ noWaitAfter: true })
    await expect.poll(() => shown.at(-1)?.value, { timeout: 15_000 }).toBe(8154 + 12000)
    release()
    await page.locator('#preview').waitFor()
    const texts = [...new Set(shown.map((s) => s.text.replace(/\s/gu, ' ')))]
    const title = 'Calcul de l’aperçu sur la fenêtre de la file…'
    expect(texts).toEqual([
      title,
      `${title} analyse des textes : 1 200 sur 8 154 articles`,
      `${title} analyse des textes : 5 400 sur 8 154 articles`,
      `${title} regroupement des articles en histoires`,
      `${title} scores calculés : 4 000 sur 16 308`,
      `${title} scores calculés : 12 000 sur 16 308`,
    ])
    const spoken = shown.map((s) => s.spoken).filter((x, i, all) => x !== all[i - 1])
    expect(spoken).toEqual([
      title,
      `${title} analyse des textes`,
      `${title} regroupement des articles en histoires`,
      `${title} calcul des scores`,
    ])
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })

  it('shows the dashboard of the sector', async () => {
    const site = await curatorSite()
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/dashboard`)
    expect(await page.locator('h1').textContent()).toBe('Tableau de bord')
    const figures = page.locator('section.figures .figure')
    expect(await figures.count()).toBeGreaterThanOrEqual(3)
    expect(await page.locator('.charts svg').count()).toBeGreaterThanOrEqual(1)
    await screenshot(page, 'dashboard')
    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
