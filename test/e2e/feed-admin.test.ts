// A feed's life on the sources page in a real browser: "fetch now", a failure said as a sentence with
// the technical detail behind a disclosure, a merge after a permanent redirect and its history, and
// a deletion after confirmation. The feeds are served by a fixture server on 127.0.0.1.
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { feeds } from '../../db/schema.ts'
import type { CrawlOptions } from '../../src/jobs/crawl.ts'
import { closeSharedExtractor, crawlEnv } from '../helpers/crawl-env.ts'
import { articlePage, articlesFr, rssFeed } from '../helpers/fixture-content.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { curatorSite, browserForFile, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()
afterAll(() => closeSharedExtractor())

describe('a feed on the sources page', { timeout: 90_000 }, () => {
  it('is fetched now, explains its failure, shows its merge and is deleted after confirmation', async () => {
    let env: Awaited<ReturnType<typeof crawlEnv>> | undefined
    const site = await curatorSite({
      role: 'admin',
      deps: { crawl: (o: CrawlOptions) => env!.crawl(o) },
    })
    let moved = false
    const server = await fixtureServer(
      {
        '/blog/feed.xml': (_req, res) =>
          void res
            .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
            .end(rssFeed(server.origin, articlesFr.slice(0, 2))),
        '/ancien/feed.xml': (_req, res) =>
          void (moved
            ? res.writeHead(301, { location: '/blog/feed.xml' }).end()
            : res
                .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
                .end(rssFeed(server.origin, articlesFr.slice(2, 3)))),
      },
      (req, res) => {
        const slug = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean).pop()
        const a = articlesFr.find((x) => x.slug === slug)
        if (!a) return void res.writeHead(404).end('absent')
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(a))
      },
    )
    env = await crawlEnv(
      site.db,
      [
        { url: server.url('/blog/feed.xml'), name: 'Le Blog du Community Management' },
        { url: server.url('/ancien/feed.xml'), name: 'Blog du CM (ancienne adresse)' },
        { url: server.url('/disparu/feed.xml'), name: 'Blog disparu' },
      ],
      { slug: SECTOR },
    )
    await site.db.db
      .update(feeds)
      .set({ createdAt: new Date('2025-02-01T09:00:00Z') })
      .where(eq(feeds.sourceName, 'Blog du CM (ancienne adresse)'))

    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })
    await page.goto(`${site.origin}/sources?sector=${SECTOR}`)
    // A feed's row by its own name (another row's text may cite it).
    const row = (name: string) =>
      page
        .locator('table.feeds tr.feed')
        .filter({ has: page.locator('.feed-name').getByText(name, { exact: true }) })

    // A feed that answers 404: a sentence, the raw text only on demand.
    await row('Blog disparu').locator('form.feed-fetch button').click()
    await page.waitForURL((u) => u.searchParams.get('result') === 'failed')
    expect(await page.locator('.flash.bad').textContent()).toBe(
      'Blog disparu : la collecte a échoué. Le flux n’existe plus à cette adresse (erreur 404).',
    )
    const error = row('Blog disparu').locator('.last-error')
    expect(await error.innerText()).toContain('Le flux n’existe plus à cette adresse (erreur 404).')
    const detail = error.locator('details.error-detail code')
    expect(await detail.isVisible()).toBe(false)
    await error.locator('details.error-detail summary').click()
    expect(await detail.innerText()).toMatch(
      /^HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/disparu\/feed\.xml$/,
    )
    await row('Blog disparu').scrollIntoViewIfNeeded()
    await screenshot(page, 'sources-feed-error', false)

    // Fetch now on a working feed: its articles arrive at once.
    await row('Le Blog du Community Management').locator('form.feed-fetch button').click()
    await page.waitForURL((u) => u.searchParams.get('result') === 'ok')
    expect(await page.locator('.flash.ok').textContent()).toBe(
      'Le Blog du Community Management : collecté, 2 nouveaux articles.',
    )
    await row('Blog du CM (ancienne adresse)').locator('form.feed-fetch button').click()
    await page.waitForURL(
      (u) => u.searchParams.get('feed') !== null && u.searchParams.get('added') === '1',
    )

    // The old address now moves permanently to the blog's: the two feeds become the older one.
    moved = true
    env.clock.advance(120_000)
    await row('Blog du CM (ancienne adresse)').locator('form.feed-fetch button').click()
    await page.waitForURL((u) => u.searchParams.get('added') === '0')
    const history = row('Blog du CM (ancienne adresse)').locator('details.feed-history')
    expect(await history.locator('summary').innerText()).toBe('Historique (1)')
    await history.locator('summary').click()
    expect(await history.locator('li').innerText()).toContain(
      'Fusion : le flux « Le Blog du Community Management » menait à la même adresse',
    )
    expect(
      await row('Le Blog du Community Management').locator('.disabled-reason').innerText(),
    ).toBe(
      'Fusionné avec le flux « Blog du CM (ancienne adresse) », qui pointe vers la même adresse.',
    )
    await history.scrollIntoViewIfNeeded()
    await screenshot(page, 'sources-feed-history', false)
    // "Fetch now" and the other actions fit at 1280 px: the table does not scroll sideways.
    await history.locator('summary').click()
    expect(
      await page.locator('.table-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth),
    ).toBe(true)

    // Deleting asks first, and says what goes and what stays.
    const del = row('Blog disparu').locator('details.feed-delete')
    await del.locator('summary').click()
    expect(await del.locator('p.help').first().innerText()).toBe(
      'Supprimer « Blog disparu » ? Ses articles non traités et non annotés seront effacés ; ceux que vous avez décidés ou annotés restent lisibles.',
    )
    await screenshot(page, 'sources-feed-delete-confirm', false)
    await del.locator('button.danger').click()
    await page.waitForURL((u) => u.searchParams.get('done') === 'deleted')
    expect(await page.locator('.flash.ok').textContent()).toBe(
      'Flux supprimé : 0 article non traité effacé, 0 article décidé ou annoté conservé.',
    )
    expect(await row('Blog disparu').count()).toBe(0)
    await screenshot(page, 'sources-feed-deleted', false)

    expect(problems).toEqual([])
    expect(blocked).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
