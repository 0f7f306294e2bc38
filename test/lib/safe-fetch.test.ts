import type { ServerResponse } from 'node:http'
import net from 'node:net'
import zlib from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createGuardedConnector } from '../../src/lib/ip-guard.ts'
import {
  createSafeFetch,
  FetchError,
  type FetchRequest,
  type Resolver,
  type SafeFetchOptions,
} from '../../src/lib/safe-fetch.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { armTripwire } from '../helpers/tripwire.ts'

// Tripwire: every socket undici opens goes through net/tls.connect. Count them, and refuse outright
// anything but 127.0.0.1 or ::1, so that even a broken guard can never send a packet elsewhere.
const connectTargets: string[] = []
beforeEach(() => {
  connectTargets.length = 0
  armTripwire((host) => host === '127.0.0.1' || host === '::1', connectTargets)
})

const fetchers: { close(): Promise<void> }[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(fetchers.splice(0).map((f) => f.close()))
})

function makeFetch(overrides: Partial<SafeFetchOptions> = {}) {
  const f = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    userAgent: 'Vigie/0.1 (+https://vigie.example/bot)',
    timeoutMs: 3000,
    connectTimeoutMs: 1000,
    ...overrides,
  })
  fetchers.push(f)
  return f
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError)
    return err as FetchError
  }
  throw new Error('expected the fetch to fail')
}

type Fetcher = ReturnType<typeof makeFetch>
const get = (f: Fetcher, url: string, req: Partial<FetchRequest> = {}) =>
  f.fetch({ url, maxBytes: 100, ...req })
const fail = (f: Fetcher, url: string, req: Partial<FetchRequest> = {}) => failure(get(f, url, req))

const resolverTo = (...addresses: string[]) => {
  const calls: string[] = []
  const resolve: Resolver = async (hostname) => {
    calls.push(hostname)
    return addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }))
  }
  return { resolve, calls }
}

const frenchFeed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Le Journal de l'Économie</title>
<item><title>Élection : les résultats définitifs publiés à l'aube</title></item>
</channel></rss>`

describe('safe fetch: bodies and headers', () => {
  it('sends the User-Agent, Accept and Accept-Encoding headers', async () => {
    let seen: Record<string, string | string[] | undefined> = {}
    const srv = await fixtureServer({
      '/feed.xml': (req, res) => {
        seen = req.headers
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(frenchFeed)
      },
    })
    const res = await makeFetch().fetch({
      url: srv.url('/feed.xml#top'),
      maxBytes: 10_000,
      accept: 'application/rss+xml',
    })
    expect(res.status).toBe(200)
    expect(res.body.toString('utf8')).toBe(frenchFeed)
    expect(res.contentType).toBe('application/rss+xml; charset=utf-8')
    expect(res.url).toBe(srv.url('/feed.xml'))
    expect(res.redirects).toEqual([])
    expect(res.permanentUrl).toBeNull()
    expect(seen['user-agent']).toBe('Vigie/0.1 (+https://vigie.example/bot)')
    expect(seen['accept']).toBe('application/rss+xml')
    expect(seen['accept-encoding']).toBe('gzip, deflate, br')
    expect(connectTargets).toEqual(['127.0.0.1'])
  })

  it.each<[string, (b: Buffer) => Buffer]>([
    ['gzip', (b) => zlib.gzipSync(b)],
    ['deflate', (b) => zlib.deflateSync(b)],
    ['deflate', (b) => zlib.deflateRawSync(b)],
    ['br', (b) => zlib.brotliCompressSync(b)],
    ['x-gzip', (b) => zlib.gzipSync(b)],
  ])('decompresses %s bodies', async (encoding, compress) => {
    const plain = Buffer.from(frenchFeed.repeat(20))
    const srv = await fixtureServer({
      '/feed.xml': (_req, res) => {
        res.writeHead(200, { 'content-encoding': encoding }).end(compress(plain))
      },
    })
    const res = await makeFetch().fetch({ url: srv.url('/feed.xml'), maxBytes: 100_000 })
    expect(res.body.equals(plain)).toBe(true)
  })

  it('rejects a corrupt compressed body as bad_response', async () => {
    const srv = await fixtureServer({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end('this is not gzip at all')
      },
    })
    const err = await failure(makeFetch().fetch({ url: srv.url('/'), maxBytes: 10_000 }))
    expect(err.code).toBe('bad_response')
  })

  it('refuses an unknown content-encoding', async () => {
    const srv = await fixtureServer({
      '/': (_req, res) => void res.writeHead(200, { 'content-encoding': 'zstd' }).end('(zstd)'),
    })
    const err = await fail(makeFetch(), srv.url('/'))
    expect(err.code).toBe('bad_response')
    expect(err.message).toContain('zstd')
  })

  it('does a conditional GET round trip: validators sent back, 304 returned', async () => {
    const etag = '"v42"'
    const lastModified = 'Tue, 03 Jun 2025 08:00:00 GMT'
    const srv = await fixtureServer({
      '/feed.xml': (req, res) => {
        const h = req.headers
        if (h['if-none-match'] === etag && h['if-modified-since'] === lastModified)
          return void res.writeHead(304, { etag }).end()
        res.writeHead(200, { etag, 'last-modified': lastModified }).end(frenchFeed)
      },
    })
    const fetcher = makeFetch()
    const first = await fetcher.fetch({ url: srv.url('/feed.xml'), maxBytes: 10_000 })
    expect(first.status).toBe(200)
    expect(first.etag).toBe(etag)
    expect(first.lastModified).toBe(lastModified)
    const second = await fetcher.fetch({
      url: srv.url('/feed.xml'),
      maxBytes: 10_000,
      etag: first.etag,
      lastModified: first.lastModified,
    })
    expect(second.status).toBe(304)
    expect(second.body.length).toBe(0)
    expect(second.etag).toBe(etag)
  })

  it.each([404, 410, 500])('returns status %i instead of throwing', async (status) => {
    const srv = await fixtureServer({
      '/gone': (_req, res) => void res.writeHead(status).end('Page introuvable'),
    })
    const res = await makeFetch().fetch({ url: srv.url('/gone'), maxBytes: 10_000 })
    expect(res.status).toBe(status)
    expect(res.body.toString()).toBe('Page introuvable')
    expect(res.retryAfterMs).toBeNull()
  })

  it('parses Retry-After in seconds on 429 and as an HTTP date on 503', async () => {
    const srv = await fixtureServer({
      '/busy': (_req, res) => void res.writeHead(429, { 'retry-after': '120' }).end(),
      '/down': (_req, res) =>
        void res.writeHead(503, { 'retry-after': 'Wed, 04 Jun 2025 10:05:00 GMT' }).end(),
      '/junk': (_req, res) => void res.writeHead(429, { 'retry-after': 'soon' }).end(),
    })
    const now = () => Date.parse('2025-06-04T10:00:00Z')
    const fetcher = makeFetch({ now })
    expect((await get(fetcher, srv.url('/busy'))).retryAfterMs).toBe(120_000)
    expect((await get(fetcher, srv.url('/down'))).retryAfterMs).toBe(300_000)
    expect((await get(fetcher, srv.url('/junk'))).retryAfterMs).toBeNull()
  })
})

describe('safe fetch: redirects', () => {
  const redirect = (status: number, to: string) => (_req: unknown, res: ServerResponse) =>
    void res.writeHead(status, { location: to }).end()

  it('follows a 301/308 chain and reports the permanent URL', async () => {
    const srv = await fixtureServer({
      '/old': redirect(301, '/older/../newer'),
      '/newer': redirect(308, 'feed.xml'),
      '/feed.xml': (_req, res) => void res.writeHead(200).end(frenchFeed),
    })
    const res = await makeFetch().fetch({ url: srv.url('/old'), maxBytes: 10_000 })
    expect(res.status).toBe(200)
    expect(res.url).toBe(srv.url('/feed.xml'))
    expect(res.permanentUrl).toBe(srv.url('/feed.xml'))
    expect(res.redirects).toEqual([
      { url: srv.url('/old'), status: 301 },
      { url: srv.url('/newer'), status: 308 },
    ])
  })

  it('leaves permanentUrl null when any hop is temporary', async () => {
    const srv = await fixtureServer({
      '/a': redirect(301, '/b'),
      '/b': redirect(302, '/feed.xml'),
      '/feed.xml': (_req, res) => void res.writeHead(200).end(frenchFeed),
    })
    const res = await makeFetch().fetch({ url: srv.url('/a'), maxBytes: 10_000 })
    expect(res.url).toBe(srv.url('/feed.xml'))
    expect(res.permanentUrl).toBeNull()
  })

  it('detects a redirect loop', async () => {
    const srv = await fixtureServer({
      '/ping': redirect(302, '/pong'),
      '/pong': redirect(302, '/ping'),
    })
    const err = await fail(makeFetch(), srv.url('/ping'))
    expect(err.code).toBe('redirect_loop')
    expect(err.message).toContain(srv.url('/ping'))
  })

  it('allows 5 redirects and refuses the 6th', async () => {
    const srv = await fixtureServer({}, (req, res) => {
      const n = Number(req.url?.slice(1))
      if (n > 0) res.writeHead(302, { location: `/${n - 1}` }).end()
      else res.writeHead(200).end('arrivé')
    })
    const fetcher = makeFetch()
    const ok = await get(fetcher, srv.url('/5'))
    expect(ok.redirects).toHaveLength(5)
    expect(ok.body.toString()).toBe('arrivé')
    expect((await fail(fetcher, srv.url('/6'))).code).toBe('too_many_redirects')
    const err = await fail(fetcher, srv.url('/2'), { maxRedirects: 1 })
    expect(err.code).toBe('too_many_redirects')
  })

  it.each([
    ['http://127.0.0.2:PORT/feed.xml', 'blocked_address'],
    ['http://[::1]:PORT/feed.xml', 'blocked_address'],
    ['http://0x7f000002:PORT/feed.xml', 'blocked_address'],
    ['file:///etc/passwd', 'blocked_scheme'],
    ['ftp://127.0.0.1/feed.xml', 'blocked_scheme'],
    ['http://admin:secret@127.0.0.1:PORT/feed.xml', 'invalid_url'],
  ])('re-checks the redirect target %s', async (target, code) => {
    const srv = await fixtureServer({}, (_req, res) => {
      res.writeHead(302, { location: target.replace('PORT', String(srv.port)) }).end()
    })
    const err = await fail(makeFetch(), srv.url('/'))
    expect(err.code).toBe(code)
    expect(srv.hits).toEqual(['/'])
    expect(connectTargets).toEqual(['127.0.0.1'])
  })

  it('resolves a redirect target anew and refuses a private answer', async () => {
    const srv = await fixtureServer({ '/': redirect(301, 'http://feeds.example.test/rss') })
    const { resolve, calls } = resolverTo('10.0.0.5')
    const err = await fail(makeFetch({ resolve }), srv.url('/'))
    expect(err.code).toBe('blocked_address')
    expect(calls).toEqual(['feeds.example.test'])
    expect(connectTargets).toEqual(['127.0.0.1'])
  })
})

describe('safe fetch: addresses', () => {
  it.each([
    ['http://127.0.0.2:PORT/', ['127.0.0.1']],
    ['http://[::1]:PORT/', ['127.0.0.1']],
    ['http://[::ffff:127.0.0.2]:PORT/', ['127.0.0.1']],
    ['http://2130706433:PORT/', []],
    ['http://0x7f.1:PORT/', []],
    ['http://0x7f000001:PORT/', []],
    ['http://017700000001:PORT/', []],
    ['http://127.1:PORT/', []],
  ])('refuses %s with allowHosts %j before connecting', async (url, allowHosts) => {
    const srv = await fixtureServer({ '/': (_req, res) => void res.end('should not be reached') })
    const err = await fail(makeFetch({ allowHosts }), url.replace('PORT', String(srv.port)))
    expect(err.code).toBe('blocked_address')
    expect(srv.hits).toEqual([])
    expect(connectTargets).toEqual([])
  })

  it.each([
    '10.0.0.5',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.1.1',
    '64:ff9b::a00:1',
    '::ffff:10.0.0.1',
    'fd00::1',
  ])('refuses a name resolving to %s, after resolving and before any socket', async (address) => {
    const { resolve, calls } = resolverTo(address)
    const err = await fail(makeFetch({ resolve }), 'http://feeds.example.test/rss')
    expect(err.code).toBe('blocked_address')
    expect(err.message).toContain('http://feeds.example.test/rss')
    expect(calls).toEqual(['feeds.example.test'])
    expect(connectTargets).toEqual([])
  })

  it('refuses a name when any one of its answers is private (rebinding mix)', async () => {
    const srv = await fixtureServer({ '/': (_req, res) => void res.end('ok') })
    const { resolve } = resolverTo('127.0.0.1', '10.0.0.5')
    const err = await fail(makeFetch({ resolve }), `http://mix.test:${srv.port}/`)
    expect(err.code).toBe('blocked_address')
    expect(connectTargets).toEqual([])
  })

  it('judges a name by its address: localhost as 127.0.0.1 passes, as ::1 not', async () => {
    const srv = await fixtureServer({ '/': (req, res) => void res.end(`host=${req.headers.host}`) })
    const url = `http://localhost:${srv.port}/`
    const ok = await get(makeFetch({ resolve: resolverTo('127.0.0.1').resolve }), url)
    expect(ok.body.toString()).toBe(`host=localhost:${srv.port}`)
    const toV6 = await fail(makeFetch({ resolve: resolverTo('::1').resolve }), url)
    expect(toV6.code).toBe('blocked_address')
    const toOther = await fail(makeFetch({ resolve: resolverTo('127.0.0.2').resolve }), url)
    expect(toOther.code).toBe('blocked_address')
    expect(connectTargets).toEqual(['127.0.0.1'])
  })

  it('lets an allowed hostname reach its private address, and only that name', async () => {
    const srv = await fixtureServer({ '/': (_req, res) => void res.end('intranet') })
    const resolve = resolverTo('127.0.0.1').resolve
    const fetcher = makeFetch({ allowHosts: ['Feeds.Intranet.Test'], resolve })
    const ok = await get(fetcher, `http://feeds.intranet.test:${srv.port}/`)
    expect(ok.body.toString()).toBe('intranet')
    const other = await fail(fetcher, `http://other.intranet.test:${srv.port}/`)
    expect(other.code).toBe('blocked_address')
    expect((await fail(fetcher, srv.url('/'))).code).toBe('blocked_address')
  })

  it('tries the next checked address when the first refuses the connection', async () => {
    const srv = await fixtureServer({ '/': (_req, res) => void res.end('second address') })
    const resolve = resolverTo('::1', '127.0.0.1').resolve
    const fetcher = makeFetch({ allowHosts: ['127.0.0.1', '::1'], resolve })
    const res = await get(fetcher, `http://dual.test:${srv.port}/`)
    expect(res.body.toString()).toBe('second address')
    expect(connectTargets).toEqual(['::1', '127.0.0.1'])
  })

  it('checks addresses in the connector itself, where undici opens sockets', async () => {
    const connect = createGuardedConnector({
      allowHosts: ['127.0.0.1'],
      connectTimeoutMs: 1000,
      resolve: resolverTo('169.254.169.254').resolve,
    })
    const attempt = (hostname: string) =>
      new Promise<string | undefined>((resolve) => {
        const target = { hostname, host: `${hostname}:80`, protocol: 'http:', port: '80' }
        connect(target, (err, socket) => {
          socket?.destroy()
          resolve((err as { code?: string } | null)?.code)
        })
      })
    expect(await attempt('127.0.0.2')).toBe('blocked_address')
    expect(await attempt('::1')).toBe('blocked_address')
    expect(await attempt('metadata.example.test')).toBe('blocked_address')
    expect(connectTargets).toEqual([])
  })

  it.each([
    'file:///etc/passwd',
    'ftp://127.0.0.1/feed.xml',
    'javascript:alert(1)',
    'data:text/plain,hi',
  ])('refuses the scheme of %s', async (url) => {
    expect((await fail(makeFetch(), url)).code).toBe('blocked_scheme')
  })

  it('refuses credentials in the URL and unparsable URLs', async () => {
    const fetcher = makeFetch()
    const err = await fail(fetcher, 'http://user:pass@127.0.0.1:1/feed')
    expect(err.code).toBe('invalid_url')
    expect(err.message).not.toContain('pass')
    expect((await fail(fetcher, 'not a url')).code).toBe('invalid_url')
    expect(connectTargets).toEqual([])
  })

  it('reports dns_failed when the resolver fails or answers nothing', async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' })
    }
    const err = await fail(makeFetch({ resolve: failing }), 'http://nowhere.test/')
    expect(err.code).toBe('dns_failed')
    const empty = await fail(makeFetch({ resolve: async () => [] }), 'http://nowhere.test/')
    expect(empty.code).toBe('dns_failed')
  })

  it('reports connect_failed when nothing listens on an allowed address', async () => {
    const srv = await fixtureServer({})
    const port = srv.port
    await new Promise<void>((r) => srv.server.close(() => r()))
    const err = await fail(makeFetch(), `http://127.0.0.1:${port}/`)
    expect(err.code).toBe('connect_failed')
  })
})

describe('safe fetch: limits', () => {
  it('times out on a server that never answers', async () => {
    const srv = await fixtureServer({ '/': () => {} })
    const started = Date.now()
    const err = await fail(makeFetch({ timeoutMs: 300 }), srv.url('/'))
    expect(err.code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('times out on a body that trickles in after quick headers', async () => {
    const srv = await fixtureServer({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml' })
        const timer = setInterval(() => res.write('<'), 50)
        res.on('close', () => clearInterval(timer))
      },
    })
    const started = Date.now()
    const err = await fail(makeFetch({ timeoutMs: 400 }), srv.url('/'), { maxBytes: 1_000_000 })
    expect(err.code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('times out when name resolution hangs, within the connect timeout', async () => {
    const hanging: Resolver = () => new Promise(() => {})
    const started = Date.now()
    const fetcher = makeFetch({ resolve: hanging, connectTimeoutMs: 200, timeoutMs: 5000 })
    const err = await failure(fetcher.fetch({ url: 'http://slow-dns.test/', maxBytes: 100 }))
    expect(err.code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('stops when the caller aborts', async () => {
    const srv = await fixtureServer({ '/': () => {} })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const err = await failure(
      makeFetch().fetch({ url: srv.url('/'), maxBytes: 100, signal: controller.signal }),
    )
    expect(err.code).toBe('aborted')
  })

  it('refuses a Content-Length over the cap without reading the body', async () => {
    const srv = await fixtureServer({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-length': String(50_000_000) })
        res.write(Buffer.alloc(1000))
      },
    })
    const started = Date.now()
    const err = await fail(makeFetch({ timeoutMs: 5000 }), srv.url('/'), { maxBytes: 1_000_000 })
    expect(err.code).toBe('too_large')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('cuts an endless streamed body as soon as it passes the cap', async () => {
    let written = 0
    const srv = await fixtureServer({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' })
        const chunk = Buffer.alloc(64 * 1024, 'a')
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) written += chunk.length
          if (!res.destroyed) res.once('drain', pump)
        }
        pump()
      },
    })
    const started = Date.now()
    const err = await fail(makeFetch({ timeoutMs: 10_000 }), srv.url('/'), { maxBytes: 256 * 1024 })
    expect(err.code).toBe('too_large')
    expect(Date.now() - started).toBeLessThan(2000)
    expect(written).toBeLessThan(64 * 1024 * 1024)
  })

  it('cuts a gzip bomb on its decompressed size', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024))
    const srv = await fixtureServer({
      '/': (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb),
    })
    const started = Date.now()
    const err = await fail(makeFetch({ timeoutMs: 10_000 }), srv.url('/'), { maxBytes: 1_000_000 })
    expect(bomb.length).toBeLessThan(1_000_000)
    expect(err.code).toBe('too_large')
    expect(err.message).toContain('decompressed')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('cuts a deflate bomb too', async () => {
    const bomb = zlib.deflateRawSync(Buffer.alloc(32 * 1024 * 1024))
    const srv = await fixtureServer({
      '/': (_req, res) => void res.writeHead(200, { 'content-encoding': 'deflate' }).end(bomb),
    })
    const err = await failure(makeFetch().fetch({ url: srv.url('/'), maxBytes: 500_000 }))
    expect(err.code).toBe('too_large')
  })
})

describe('safe fetch: methods, headers and bodies', () => {
  const readBody = async (req: NodeJS.ReadableStream) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  const status = JSON.stringify({
    status: 'Très bonne analyse de l’algorithme — à lire : https://exemple.fr/article?x=1',
    visibility: 'public',
  })
  const post = (url: string, extra: Partial<FetchRequest> = {}): FetchRequest => ({
    url,
    maxBytes: 10_000,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer tok-123' },
    body: status,
    ...extra,
  })

  /** A listener on a loopback address the fetcher may not reach, counting connections. */
  async function victim(address = '127.0.0.2') {
    let connections = 0
    const server = net.createServer((socket) => {
      connections++
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nsecret')
    })
    await new Promise<void>((r) => server.listen(0, address, r))
    const { port } = server.address() as net.AddressInfo
    return {
      port,
      connections: () => connections,
      close: () => new Promise((r) => server.close(r)),
    }
  }

  it('sends the method, the extra headers and the exact body', async () => {
    let seen: { method?: string; headers: Record<string, unknown>; body: string } | null = null
    const srv = await fixtureServer({
      '/api/v1/statuses': async (req, res) => {
        seen = { method: req.method, headers: req.headers, body: (await readBody(req)).toString() }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}')
      },
    })
    const headers = { 'Content-Type': 'application/json', Authorization: 'Bearer tok-123' }
    const res = await makeFetch().fetch(
      post(srv.url('/api/v1/statuses'), {
        headers: { ...headers, 'Idempotency-Key': 'k-1', Host: 'evil.test', 'Content-Length': '1' },
      }),
    )
    expect(res.status).toBe(200)
    expect(res.body.toString()).toBe('{"id":"1"}')
    expect(seen!.method).toBe('POST')
    expect(seen!.body).toBe(status)
    expect(seen!.headers['authorization']).toBe('Bearer tok-123')
    expect(seen!.headers['idempotency-key']).toBe('k-1')
    expect(seen!.headers['content-type']).toBe('application/json')
    expect(seen!.headers['host']).toBe(`127.0.0.1:${srv.port}`)
    expect(seen!.headers['content-length']).toBe(String(Buffer.byteLength(status)))
    expect(seen!.headers['user-agent']).toBe('Vigie/0.1 (+https://vigie.example/bot)')
  })

  it.each([307, 308])('re-sends the method and the same body bytes on a %i', async (code) => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0xa9, 0x0a, 0x80])
    const received: { method?: string; body: Buffer }[] = []
    const srv = await fixtureServer({
      '/upload': async (req, res) => {
        received.push({ method: req.method, body: await readBody(req) })
        res.writeHead(code, { location: '/v2/upload' }).end()
      },
      '/v2/upload': async (req, res) => {
        received.push({ method: req.method, body: await readBody(req) })
        res.writeHead(201).end('créé')
      },
    })
    const res = await makeFetch().fetch({
      url: srv.url('/upload'),
      maxBytes: 100,
      method: 'PUT',
      body: new Uint8Array(bytes),
    })
    expect(res.status).toBe(201)
    expect(res.body.toString()).toBe('créé')
    expect(res.redirects).toEqual([{ url: srv.url('/upload'), status: code }])
    expect(received.map((r) => r.method)).toEqual(['PUT', 'PUT'])
    expect(received.every((r) => r.body.equals(bytes))).toBe(true)
  })

  it.each([301, 302, 303])('returns a %i to a POST without following it', async (code) => {
    const srv = await fixtureServer({
      '/hook': (_req, res) => void res.writeHead(code, { location: '/elsewhere' }).end('moved'),
      '/elsewhere': (_req, res) => void res.writeHead(200).end('should not be reached'),
    })
    const res = await makeFetch().fetch(post(srv.url('/hook')))
    expect(res.status).toBe(code)
    expect(res.headers['location']).toBe('/elsewhere')
    expect(res.redirects).toEqual([])
    expect(srv.hits).toEqual(['/hook'])
  })

  it('still follows a 302 for a GET with extra headers, and sends no body', async () => {
    let body = 'unset'
    const srv = await fixtureServer({
      '/a': (_req, res) => void res.writeHead(302, { location: '/b' }).end(),
      '/b': async (req, res) => {
        body = (await readBody(req)).toString()
        res.end(String(req.headers['x-vigie-test']))
      },
    })
    const res = await makeFetch().fetch({
      url: srv.url('/a'),
      maxBytes: 100,
      headers: { 'X-Vigie-Test': 'oui' },
      body: 'ignored for a GET',
    })
    expect(res.body.toString()).toBe('oui')
    expect(body).toBe('')
  })

  it.each([307, 308])('refuses a POST that a %i sends to a private address', async (code) => {
    const target = await victim()
    try {
      const srv = await fixtureServer({
        '/api/v1/statuses': (_req, res) =>
          void res.writeHead(code, { location: `http://127.0.0.2:${target.port}/steal` }).end(),
      })
      const err = await failure(makeFetch().fetch(post(srv.url('/api/v1/statuses'))))
      expect(err.code).toBe('blocked_address')
      expect(err.message).toContain('127.0.0.2 is not public')
      expect(err.message).not.toContain('tok-123')
      expect(target.connections()).toBe(0)
      expect(connectTargets).toEqual(['127.0.0.1'])
    } finally {
      await target.close()
    }
  })

  it('resolves the target of a redirected POST and refuses a private answer', async () => {
    const srv = await fixtureServer({
      '/hook': (_req, res) =>
        void res.writeHead(308, { location: 'http://hooks.example.test/relay' }).end(),
    })
    const { resolve, calls } = resolverTo('169.254.169.254')
    const err = await failure(makeFetch({ resolve }).fetch(post(srv.url('/hook'))))
    expect(err.code).toBe('blocked_address')
    expect(calls).toEqual(['hooks.example.test'])
    expect(connectTargets).toEqual(['127.0.0.1'])
  })

  it('keeps credentials within the first origin and drops them once a redirect leaves it', async () => {
    const seen: Record<string, Record<string, unknown>> = {}
    const other = await fixtureServer({
      '/c': async (req, res) => {
        seen['/c'] = { ...req.headers, body: (await readBody(req)).toString() }
        res.writeHead(307, { location: `${first.origin}/d` }).end()
      },
    })
    const first = await fixtureServer({
      '/a': (req, res) => {
        seen['/a'] = req.headers
        res.writeHead(307, { location: '/b' }).end()
      },
      '/b': (req, res) => {
        seen['/b'] = req.headers
        res.writeHead(307, { location: other.url('/c') }).end()
      },
      '/d': (req, res) => {
        seen['/d'] = req.headers
        res.writeHead(200).end('ok')
      },
    })
    const res = await makeFetch().fetch(
      post(first.url('/a'), {
        headers: { Authorization: 'Bearer tok-123', Cookie: 'sid=1', 'Idempotency-Key': 'k-9' },
      }),
    )
    expect(res.status).toBe(200)
    expect(seen['/a']['authorization']).toBe('Bearer tok-123')
    expect(seen['/b']['authorization']).toBe('Bearer tok-123')
    expect(seen['/c']['authorization']).toBeUndefined()
    expect(seen['/c']['cookie']).toBeUndefined()
    expect(seen['/c']['idempotency-key']).toBe('k-9')
    expect(seen['/c']['body']).toBe(status)
    expect(seen['/d']['authorization']).toBeUndefined()
  })
})
