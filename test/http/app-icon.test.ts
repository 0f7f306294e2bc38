// Vigie on a phone's home screen or in a browser tab: its icon, and the manifest that installs it.
import { describe, expect, test } from 'vitest'
import { bareApp } from '../helpers/app.ts'

const T = { timeout: 30_000 }

describe('the app icon and manifest', () => {
  test(
    'every page links the icon and the manifest, whose icons are served at their sizes',
    T,
    async () => {
      const { app } = await bareApp()
      const html = await (await app.request('/setup')).text()
      expect(html).toContain('<link rel="icon" href="/static/icon.svg" type="image/svg+xml"/>')
      const href = /<link rel="manifest" href="([^"]+)"/.exec(html)?.[1]
      expect(href).toBe('/static/manifest.webmanifest')

      const res = await app.request(href!)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/manifest+json')
      const manifest = await res.json()
      expect(manifest).toMatchObject({ name: 'Vigie', start_url: '/', display: 'standalone' })
      const icons = manifest.icons as { src: string; sizes: string; type: string }[]
      expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
      for (const icon of icons) {
        const file = await app.request(icon.src)
        expect(file.status, icon.src).toBe(200)
        expect(file.headers.get('content-type'), icon.src).toBe(icon.type)
        const bytes = Buffer.from(await file.arrayBuffer())
        if (icon.type !== 'image/png') continue
        // A PNG's header chunk holds its width and height.
        expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
        expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes)
      }
    },
  )
})
