import net from 'node:net'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createSafeFetch, FetchError, type Resolver } from '../../src/lib/safe-fetch.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { armTripwire } from '../helpers/tripwire.ts'

// The fetcher is allowed 127.0.0.1 only (as in tests). Listeners wait on other loopback addresses,
// on one port, and count every connection: an SSRF alias that reaches one of them is a hole.
// A tripwire keeps every socket on loopback, whatever the guard does, so no packet leaves the machine.

const VICTIMS = ['127.0.0.2', '127.0.0.3', '::1']
const connections = new Map<string, number>()
const listeners: net.Server[] = []
let port = 0

const onLoopback = (host: string) =>
  /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || /^::ffff:127\./i.test(host)

beforeAll(async () => {
  armTripwire(onLoopback, [])
  for (const address of VICTIMS) {
    const server = net.createServer((socket) => {
      connections.set(address, (connections.get(address) ?? 0) + 1)
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nsecret')
    })
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen(port, address, () => resolve(true))
    })
    if (!ok) continue // no IPv6 loopback on this machine: one victim fewer
    port ||= (server.address() as net.AddressInfo).port
    listeners.push(server)
  }
})

afterAll(async () => {
  vi.restoreAllMocks()
  await Promise.all(listeners.map((s) => new Promise((r) => s.close(r))))
})

// Names resolve here, never through DNS: one to a victim, one to a mix of allowed and victim.
const resolve: Resolver = async (hostname) => {
  const table: Record<string, string[]> = {
    localhost: ['::1', '127.0.0.2'],
    'loop.test': ['127.0.0.2'],
    'mix.test': ['127.0.0.1', '127.0.0.3'],
  }
  const addresses = table[hostname.toLowerCase().replace(/\.$/, '')]
  if (!addresses) throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' })
  return addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }))
}

const aliases = (p: number) => [
  `http://127.0.0.2:${p}/`,
  `http://127.0.0.3:${p}/feed.xml`,
  `http://[::1]:${p}/`,
  `http://[0:0:0:0:0:0:0:1]:${p}/`,
  `http://[::ffff:127.0.0.2]:${p}/`,
  `http://[::ffff:7f00:2]:${p}/`,
  `http://[0:0:0:0:0:ffff:7f00:3]:${p}/`,
  `http://2130706434:${p}/`,
  `http://0x7f000002:${p}/`,
  `http://017700000002:${p}/`,
  `http://0177.0.0.2:${p}/`,
  `http://0x7f.0.0.2:${p}/`,
  `http://0x7f.0x0.0x0.0x3:${p}/`,
  `http://127.2:${p}/`,
  `http://127.0.3:${p}/`,
  `http://127.0.0.2.:${p}/`,
  `http://user:pass@127.0.0.2:${p}/`,
  `http://127.0.0.1@127.0.0.2:${p}/`,
  `http://127.0.0.1:${p}@127.0.0.3:${p}/`,
  `http://%31%32%37.0.0.2:${p}/`,
  `http://localhost:${p}/`,
  `http://LOCALHOST.:${p}/`,
  `http://loop.test:${p}/`,
  `http://mix.test:${p}/`,
  `https://127.0.0.2:${p}/`,
  `https://[::1]:${p}/`,
]

function fetcher() {
  return createSafeFetch({
    allowHosts: ['127.0.0.1'],
    userAgent: 'Vigie/0.1 (+https://vigie.example/bot)',
    timeoutMs: 3000,
    connectTimeoutMs: 1000,
    resolve,
  })
}

async function refusal(f: ReturnType<typeof fetcher>, url: string): Promise<string> {
  try {
    await f.fetch({ url, maxBytes: 1000 })
    return 'fetched'
  } catch (err) {
    return err instanceof FetchError ? err.code : `not a FetchError: ${String(err)}`
  }
}

describe('SSRF aliases of loopback addresses other than the allowed one', () => {
  test('every alias is refused before connecting, directly', async () => {
    const f = fetcher()
    try {
      const reached: string[] = []
      for (const url of aliases(port)) {
        const code = await refusal(f, url)
        if (!['blocked_address', 'invalid_url', 'dns_failed'].includes(code))
          reached.push(`${url}: ${code}`)
      }
      expect(reached).toEqual([])
      expect(Object.fromEntries(connections)).toEqual({})
    } finally {
      await f.close()
    }
  })

  test('and through redirect chains from the allowed host', async () => {
    // Per test: fixture servers close after each one.
    const redirector = await fixtureServer({}, (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const to = url.searchParams.get('to') ?? '/'
      const hops = Number(url.searchParams.get('hops') ?? 0)
      // A chain: a few hops on the allowed host, then the target.
      const next = hops > 0 ? `/?hops=${hops - 1}&to=${encodeURIComponent(to)}` : to
      res.writeHead(hops % 2 ? 301 : 302, { location: next }).end()
    })
    const f = fetcher()
    try {
      const reached: string[] = []
      for (const url of aliases(port))
        for (const hops of [0, 3]) {
          const start = redirector.url(`/?hops=${hops}&to=${encodeURIComponent(url)}`)
          const code = await refusal(f, start)
          if (!['blocked_address', 'invalid_url', 'dns_failed'].includes(code))
            reached.push(`${hops} hops to ${url}: ${code}`)
        }
      expect(reached).toEqual([])
      expect(Object.fromEntries(connections)).toEqual({})
      // The redirector itself was reached: the chains were followed up to the refused hop.
      expect(redirector.hits.length).toBeGreaterThan(aliases(port).length * 2)
    } finally {
      await f.close()
    }
  })

  test('the listeners do count a connection (the check is not vacuous)', async () => {
    const socket = net.connect(port, '127.0.0.2')
    await new Promise((r) => socket.once('close', r).resume())
    expect(connections.get('127.0.0.2')).toBe(1)
    connections.clear()
  })
})
