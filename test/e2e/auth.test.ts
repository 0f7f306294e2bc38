// First start in a real browser: /setup creates the admin, who adds a curator and an API token, logs
// out, fails a login, then logs in through the form.
import { describe, expect, it } from 'vitest'
import { bareApp } from '../helpers/app.ts'
import { browserForFile, openPage, screenshot, serveApp } from './helpers.ts'

const ADMIN = {
  email: 'claire.martin@vigie.test',
  name: 'Claire Martin',
  password: 'phare-de-la-vigie-2026',
}

const browser = browserForFile()

describe('first start', { timeout: 60_000 }, () => {
  it('creates the admin on /setup, then logs out and back in through the login form', async () => {
    const site = await bareApp()
    const server = await serveApp(site.app)
    const { page, problems, blocked, close } = await openPage(browser(), server.origin)
    try {
      // No account yet: every page leads to the setup form.
      await page.goto(`${server.origin}/queue`)
      expect(new URL(page.url()).pathname).toBe('/setup')
      await expect.poll(() => page.locator('h1').textContent()).toContain('administrateur')
      await screenshot(page, 'setup')

      await page.getByLabel('E-mail').fill(ADMIN.email)
      await page.getByLabel('Nom').fill(ADMIN.name)
      await page.getByLabel('Mot de passe').fill(ADMIN.password)
      await page.getByRole('button', { name: 'Créer le compte' }).click()
      await page.waitForURL((u) => u.pathname === '/queue')
      await expect.poll(() => page.locator('.topbar .who').textContent()).toBe(ADMIN.email)
      await expect.poll(() => page.locator('h1').textContent()).toBe('File de lecture')

      // Setup is a one-time page now.
      await page.goto(`${server.origin}/setup`)
      expect(new URL(page.url()).pathname).toBe('/queue')

      // The admin adds a curator with a password of their choosing.
      await page.goto(`${server.origin}/admin/users`)
      const add = page.locator('form[action="/admin/users"]')
      await add.getByLabel('E-mail').fill('louis.bernard@vigie.test')
      await add.getByLabel('Nom').fill('Louis Bernard')
      await add.locator('input[name="password"]').fill('mot-de-passe-du-curateur')
      await add.getByRole('button', { name: 'Ajouter' }).click()
      await page.locator('table.users td', { hasText: 'louis.bernard@vigie.test' }).waitFor()
      await screenshot(page, 'admin-users')

      // An API token is shown once, right after it is created.
      await page.goto(`${server.origin}/account/tokens`)
      await page.locator('input[name="name"]').fill('Zapier veille')
      await page.getByRole('button', { name: 'Créer un jeton' }).click()
      const secret = await page.locator('.token-created code.secret').textContent()
      expect(secret?.length).toBeGreaterThan(20)
      await page.locator('table.list td', { hasText: 'Zapier veille' }).waitFor()
      await screenshot(page, 'account-tokens')

      await page.getByRole('button', { name: 'Déconnexion' }).click()
      await page.waitForURL((u) => u.pathname === '/login')
      await page.goto(`${server.origin}/queue`)
      expect(new URL(page.url()).pathname).toBe('/login')
      await screenshot(page, 'login')

      // A wrong password: the form comes back with a message and the email kept.
      await page.getByLabel('E-mail').fill(ADMIN.email)
      await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe')
      await page.getByRole('button', { name: 'Se connecter' }).click()
      await page.locator('.auth-form .form-error', { hasText: 'incorrect' }).waitFor()
      expect(await page.getByLabel('E-mail').inputValue()).toBe(ADMIN.email)
      expect(await page.locator('.topbar .who').count()).toBe(0)

      await page.getByLabel('Mot de passe').fill(ADMIN.password)
      await page.getByRole('button', { name: 'Se connecter' }).click()
      // Back to the page asked for before signing in.
      await page.waitForURL((u) => u.pathname === '/queue')
      await expect.poll(() => page.locator('.topbar .who').textContent()).toBe(ADMIN.email)

      expect(blocked).toEqual([])
      // The 401 of the failed login is the only error the console may show.
      expect(problems.filter((p) => !p.includes('401'))).toEqual([])
    } finally {
      await close()
      await server.close()
    }
  })
})
