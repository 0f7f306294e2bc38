// What cannot be undone asks first, without script: revoking an API token (scripts using it stop)
// and deleting a reshare channel (its credentials go), as deleting a user and a feed already did.
import { describe, expect, it } from 'vitest'
import { curatorSite, browserForFile, openPage, screenshot, SECTOR } from './helpers.ts'

const browser = browserForFile()

describe('irreversible actions ask first', { timeout: 90_000 }, () => {
  it('revokes a token and deletes a channel only after a second, explicit click', async () => {
    const site = await curatorSite({ role: 'admin' })
    await site.deps.resharing!.channels.create(SECTOR, {
      name: 'LinkedIn de l’agence',
      kind: 'linkedin',
      settings: {},
    })
    const { page, problems, blocked } = await openPage(browser(), site.origin, {
      cookie: site.cookie,
    })

    await page.goto(`${site.origin}/account/tokens`)
    await page.locator('.token-form input[name="name"]').fill('Export du tableur')
    await page.locator('.token-form button[type="submit"]').click()
    await page.waitForLoadState('load')
    const row = page.locator('table.tokens tbody tr', { hasText: 'Export du tableur' })
    expect(await row.count()).toBe(1)
    const yes = row.getByRole('button', { name: 'Oui, révoquer' })
    expect(await yes.isVisible()).toBe(false)
    await row.locator('summary', { hasText: 'Révoquer' }).click()
    expect(await row.innerText()).toContain(
      'Les scripts qui utilisent ce jeton cesseront de fonctionner.',
    )
    await screenshot(page, 'token-revoke-confirm', false)
    await Promise.all([page.waitForLoadState('load'), yes.click()])
    await page.waitForURL((u) => u.pathname === '/account/tokens')
    expect(
      await page.locator('table.tokens tbody tr', { hasText: 'Export du tableur' }).count(),
    ).toBe(0)

    await page.goto(`${site.origin}/sources/channels?sector=${SECTOR}`)
    const channel = page.locator('table.channels tbody tr', { hasText: 'LinkedIn de l’agence' })
    const remove = channel.getByRole('button', { name: 'Oui, supprimer' })
    expect(await remove.isVisible()).toBe(false)
    await channel.locator('summary', { hasText: 'Supprimer' }).click()
    expect(await channel.innerText()).toContain('Supprimer ce canal et ses identifiants ?')
    await screenshot(page, 'channel-delete-confirm', false)
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('done') === 'deleted'),
      remove.click(),
    ])
    expect(
      await page.locator('table.channels tbody tr', { hasText: 'LinkedIn de l’agence' }).count(),
    ).toBe(0)
    expect(await site.deps.resharing!.channels.list(SECTOR)).toEqual([])

    expect(blocked).toEqual([])
    expect(problems).toEqual([])
    expect(site.serverErrors).toEqual([])
  })
})
