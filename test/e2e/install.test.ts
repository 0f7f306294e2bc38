// Vigie added to a phone's home screen: Chromium reads the manifest as an installed app would.
import { describe, expect, it, onTestFinished } from 'vitest'
import { bareApp } from '../helpers/app.ts'
import { browserForFile, openPage, serveApp } from './helpers.ts'

const browser = browserForFile()

describe('installing Vigie', { timeout: 60_000 }, () => {
  it('the page policy lets the browser read the manifest, which names the app and its icons', async () => {
    const { app } = await bareApp()
    const server = await serveApp(app)
    onTestFinished(() => server.close())
    const { page, problems } = await openPage(browser(), server.origin)
    await page.goto(`${server.origin}/setup`)
    const cdp = await page.context().newCDPSession(page)
    const read = (await cdp.send('Page.getAppManifest')) as {
      url: string
      errors: { message: string }[]
      data?: string
    }
    expect(read.url).toBe(`${server.origin}/static/manifest.webmanifest`)
    expect(read.errors).toEqual([])
    expect(JSON.parse(read.data!)).toMatchObject({ name: 'Vigie', display: 'standalone' })
    // Installed, it shows in the phone's share menu: a shared link opens "Ajouter un article".
    expect(JSON.parse(read.data!).share_target).toMatchObject({
      action: '/articles/add',
      method: 'GET',
      params: { url: 'url', text: 'text' },
    })
    expect(problems).toEqual([])
  })
})
