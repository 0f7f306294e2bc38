import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { describe, expect, test } from 'vitest'
import { setCookieOf, testApp } from '../helpers/app.ts'

const T = { timeout: 120_000 }

// The app served for real on 127.0.0.1, so that the socket address is the client's, as in production.
async function served() {
  const t = await testApp()
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const page = await fetch(`${base}/login`)
  const cookie = setCookieOf(page, 'vigie_csrf')!
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!
  const attempt = (extra: Record<string, string> = {}) =>
    fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...extra },
      body: new URLSearchParams({ _csrf: csrf, email: t.user.email, password: 'devine devine' }),
    })
  return { t, attempt, close: () => new Promise((r) => server.close(r)) }
}

describe('racing the sign-in limit', () => {
  test(
    '50 wrong passwords at once for one account: at most 5 are checked, the rest 429',
    T,
    async () => {
      const s = await served()
      try {
        const answers = await Promise.all(Array.from({ length: 50 }, () => s.attempt()))
        const checked = answers.filter((r) => r.status === 401).length
        const refused = answers.filter((r) => r.status === 429)
        expect(checked).toBeGreaterThan(0)
        expect(checked).toBeLessThanOrEqual(5)
        expect(refused.length).toBe(50 - checked)
        for (const r of refused) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
      } finally {
        await s.close()
      }
    },
  )

  test(
    '200 at once, each with its own X-Forwarded-For: the header moves nobody past the limit',
    T,
    async () => {
      const s = await served()
      try {
        const started = Date.now()
        const answers = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            s.attempt({ 'x-forwarded-for': `203.0.${i >> 8}.${i & 255}` }),
          ),
        )
        const checked = answers.filter((r) => r.status === 401).length
        expect(checked).toBeLessThanOrEqual(5)
        expect(answers.filter((r) => r.status === 429)).toHaveLength(200 - checked)
        // Refusals cost no password check: the whole burst is answered quickly.
        expect(Date.now() - started).toBeLessThan(15_000)
      } finally {
        await s.close()
      }
    },
  )
})
