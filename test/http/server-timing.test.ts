import { expect, test } from 'vitest'
import { testApp } from '../helpers/app.ts'

const T = { timeout: 60_000 }
const serverMs = (res: Response) =>
  Number(/(?:^|,\s*)total;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN)

test(
  "every response says how long the server took on it, within the client's round trip",
  T,
  async () => {
    const t = await testApp()
    for (const [path, status] of [
      ['/queue', 200],
      ['/search?q=linkedin', 200],
      ['/health', 200],
      ['/no-such-page', 404],
    ] as const) {
      const started = performance.now()
      const res = await t.request(path)
      await res.text()
      const roundTrip = performance.now() - started
      expect(res.status, path).toBe(status)
      expect(res.headers.get('server-timing'), path).toContain('desc="server"')
      const ms = serverMs(res)
      expect(ms, path).toBeGreaterThan(0)
      expect(ms, path).toBeLessThanOrEqual(roundTrip)
    }
  },
)
