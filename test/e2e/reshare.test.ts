// Resharing in a real browser: from the queue to the composer, the live counter refusing an
// over-long post, scheduling, and the post published on a local Mastodon instance.
import { describe, expect, it } from 'vitest'
import { fakeMastodon, TOKEN } from '../reshare/fake-mastodon.ts'
import { curatorSite, browserForFile, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()

describe('resharing', { timeout: 90_000 }, () => {
  it('from the queue: compose, see the count go over, schedule now, see it published', async () => {
    const site = await curatorSite()
    const mastodon = await fakeMastodon()
    await site.deps.resharing!.channels.create(SECTOR, {
      name: 'Piaille',
      kind: 'mastodon',
      settings: { instanceUrl: mastodon.origin },
      secret: TOKEN,
    })
    await site.deps.resharing!.channels.create(SECTOR, {
      name: 'LinkedIn',
      kind: 'linkedin',
      settings: {},
    })
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })

    await page.goto(`${site.origin}/queue?sector=${SECTOR}`)
    const card = page.locator('article.story-card').first()
    const title = (await card.locator('.card-title a').textContent())!.trim()
    await card.locator('a.compose-link').click()
    await expect.poll(() => page.url()).toMatch(/\/articles\/\d+\/reshare$/)
    // The counter's script runs once the page has loaded: typing before that would go uncounted.
    await page.waitForLoadState('load')
    const articleId = Number(/articles\/(\d+)/.exec(page.url())![1])
    expect(await page.locator('h1').textContent()).toBe('Repartager')
    expect(await page.locator('main').innerText()).toContain(title)

    const box = page.locator('.composer .composer-channel[data-kind="mastodon"]')
    const text = box.locator('textarea')
    expect(await text.inputValue()).toContain(title)
    const submit = page.locator('.composer button[type="submit"]')
    expect(await submit.isDisabled()).toBe(false)

    // Too long for Mastodon: the counter says by how much and the button waits.
    await text.fill(`${'é'.repeat(510)} https://exemple.fr/lien`)
    await expect
      .poll(() => box.locator('.count-over').textContent(), { timeout: 15_000 })
      .toBe('34 caractères de trop')
    expect(await box.locator('.count').getAttribute('class')).toContain('over')
    expect(await submit.isDisabled()).toBe(true)
    await screenshot(page, 'reshare-composer-over')

    // Back under the limit; the LinkedIn link follows its own text.
    const post =
      'Une lecture utile avant de revoir votre calendrier éditorial 👏🏽 https://exemple.fr/lien'
    await text.fill(post)
    // Graphemes, as Mastodon counts them (the clapping hand and its skin tone are one), 23 for the link.
    const graphemes = [...new Intl.Segmenter().segment(post.replace('https://exemple.fr/lien', ''))]
      .length
    await expect
      .poll(() => box.locator('.count-used').textContent(), { timeout: 15_000 })
      .toBe(`${graphemes + 23} / 500`)
    expect(await submit.isDisabled()).toBe(false)
    const linkedin = page.locator('.composer-intents .composer-channel[data-kind="linkedin"]')
    await linkedin.locator('textarea').fill('Pour LinkedIn, sur un ton plus posé.')
    await expect
      .poll(() => linkedin.locator('a.intent').getAttribute('href'), { timeout: 15_000 })
      .toContain(encodeURIComponent('Pour LinkedIn, sur un ton plus posé.'))

    await page.locator('input[name="when"][value="now"]').check()
    await submit.click()
    await expect.poll(() => page.url()).toMatch(new RegExp(`/articles/${articleId}\\?reshared=1`))
    const history = page.locator('#reshares')
    expect(await history.innerText()).toContain('programmé')

    // The server's sender publishes it; the reader shows the published post.
    expect((await site.deps.resharing!.sendDue()).sent).toBe(1)
    expect(mastodon.posted.map((p) => p.body.status)).toEqual([post])
    await page.reload()
    expect(await history.innerText()).toContain('publié')
    expect(
      await history.locator('a', { hasText: 'voir la publication' }).getAttribute('href'),
    ).toMatch(/^https:\/\/piaille\.fr\/@veille_cm\//)
    await screenshot(page, 'reshare-sent')

    // The calendar lists it.
    await page.goto(`${site.origin}/reshares?sector=${SECTOR}`)
    expect(await page.locator('main').innerText()).toContain(title)

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
