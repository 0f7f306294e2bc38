import net from 'node:net'
import { Transform, Writable, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { Agent, request } from 'undici'
import { AppError } from './errors.ts'
import {
  bareIp,
  ConnectRefusal,
  createGuardedConnector,
  mayConnect,
  type Resolver,
} from './ip-guard.ts'

export { isAllowedHost, isPublicAddress, type Resolver } from './ip-guard.ts'

export type FetchErrorCode =
  | 'invalid_url'
  | 'blocked_scheme'
  | 'blocked_address'
  | 'dns_failed'
  | 'connect_failed'
  | 'timeout'
  | 'aborted'
  | 'too_large'
  | 'too_many_redirects'
  | 'redirect_loop'
  | 'bad_response'

export interface SafeFetchOptions {
  /**
   * Hostnames, IPs or CIDRs that may be reached although not public. A socket to address A for
   * host H is allowed when A is public, or H equals a name entry, or A matches an IP/CIDR entry.
   * With ['127.0.0.1'], `localhost` resolving to 127.0.0.1 passes; resolving to ::1 it does not.
   */
  allowHosts: readonly string[]
  userAgent: string
  /** Deadline for one `fetch` call: every redirect hop, connection and body included. */
  timeoutMs: number
  /** Deadline for name resolution and for each TCP/TLS connection attempt. */
  connectTimeoutMs: number
  resolve?: Resolver
  /** Clock for Retry-After dates. */
  now?: () => number
}

export interface FetchRequest {
  url: string
  /** GET by default. Other methods follow only 307/308, which re-send the same method and body. */
  method?: string
  /** Extra request headers; names are case-insensitive. The fetcher owns host and framing headers. */
  headers?: Record<string, string>
  body?: string | Buffer | Uint8Array
  /** Cap on the body, applied to the bytes on the wire and to the decompressed bytes. */
  maxBytes: number
  accept?: string
  etag?: string | null
  lastModified?: string | null
  maxRedirects?: number
  signal?: AbortSignal
}

export interface FetchResponse {
  status: number
  url: string
  /** Each hop that answered with a redirect: the URL asked for and its status. */
  redirects: { url: string; status: number }[]
  /** The final URL when every hop was 301/308 (the caller should store it), else null. */
  permanentUrl: string | null
  headers: Record<string, string>
  contentType: string | null
  body: Buffer
  etag: string | null
  lastModified: string | null
  retryAfterMs: number | null
}

/** A failed fetch; `code` says which kind, the message names the URL. */
export class FetchError extends AppError {
  declare readonly code: FetchErrorCode
  constructor(
    code: FetchErrorCode,
    url: string,
    reason: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, { url, ...details }, `${reason} (${url})`)
    this.name = 'FetchError'
  }
}

const redirectStatuses = new Set([301, 302, 303, 307, 308])
// A 301/302/303 would turn a POST into a GET (or drop its body): for anything but a safe method
// only the redirects that keep the method and body are followed; the others are returned as is.
const methodKeepingRedirects = new Set([307, 308])
const safeMethods = new Set(['GET', 'HEAD'])
// Set by undici from the request itself; a caller's value would only desynchronise the framing.
const ownedHeaders = new Set(['host', 'content-length', 'transfer-encoding', 'connection'])
// Credentials meant for one origin are not handed to another by a redirect (as fetch does).
const originBoundHeaders = new Set(['authorization', 'cookie', 'proxy-authorization'])

function checkUrl(raw: string, base?: URL): URL {
  let url: URL
  try {
    url = new URL(raw, base)
  } catch {
    throw new FetchError('invalid_url', raw, 'not a valid URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchError('blocked_scheme', url.href, `scheme ${url.protocol} is not allowed`)
  if (url.username || url.password)
    throw new FetchError('invalid_url', url.origin + url.pathname, 'URL credentials are refused')
  url.hash = ''
  return url
}

/** Parses Retry-After (delay in seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

// Deflate in the wild is zlib-wrapped (per the RFC) or raw (old IIS); two bytes tell which.
class DeflateAuto extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null
  private head = Buffer.alloc(0)

  private start(): zlib.Inflate | zlib.InflateRaw {
    const h = this.head
    const wrapped = h.length >= 2 && (h[0] & 0x0f) === 8 && ((h[0] << 8) | h[1]) % 31 === 0
    const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH }
    const inner = wrapped ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient)
    inner.on('data', (d: Buffer) => this.push(d))
    inner.on('error', (e) => this.destroy(e))
    this.inner = inner
    return inner
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void) {
    if (this.inner) return void this.inner.write(chunk, () => cb())
    this.head = Buffer.concat([this.head, chunk])
    if (this.head.length < 2) return cb()
    this.start().write(this.head, () => cb())
  }

  override _flush(cb: (err?: Error | null) => void) {
    let inner = this.inner
    if (!inner) {
      if (this.head.length === 0) return cb()
      inner = this.start()
      inner.write(this.head)
    }
    inner.once('end', () => cb())
    inner.end()
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void) {
    this.inner?.destroy()
    cb(err)
  }
}

function decoderFor(encoding: string, url: string): Transform {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH })
    case 'deflate':
      return new DeflateAuto()
    case 'br':
      return zlib.createBrotliDecompress({
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      })
    default:
      throw new FetchError('bad_response', url, `unsupported content-encoding ${encoding}`)
  }
}

function sizeGuard(maxBytes: number, url: string, what: string): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length
      if (seen > maxBytes)
        cb(new FetchError('too_large', url, `${what} body exceeds ${maxBytes} bytes`, { maxBytes }))
      else cb(null, chunk)
    },
  })
}

/**
 * Drops a body we will not read. undici reports the drop as an 'error' event on the stream: without a
 * listener that would be an uncaught exception and take the whole crawler down.
 */
function discard(body: Readable) {
  body.on('error', () => {})
  body.destroy()
}

/** Reads and decompresses a body, dropping the connection as soon as a cap is passed. */
async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
): Promise<Buffer> {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'identity')
  let decoders: Transform[]
  try {
    decoders = encodings.reverse().map((e) => decoderFor(e, url))
  } catch (err) {
    discard(body)
    throw err
  }
  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk)
      cb()
    },
  })
  const wire = sizeGuard(maxBytes, url, 'compressed')
  const decoded = sizeGuard(maxBytes, url, 'decompressed')
  try {
    await pipeline([body, wire, ...decoders, decoded, sink], { signal })
  } catch (err) {
    if (err instanceof FetchError || signal.aborted) throw err
    const zlibError = typeof (err as { errno?: unknown }).errno === 'number' && decoders.length > 0
    const reason = zlibError ? 'cannot decompress body' : 'connection broke while reading body'
    throw new FetchError('bad_response', url, `${reason}: ${(err as Error).message}`)
  }
  return Buffer.concat(chunks)
}

async function readResponseBody(
  status: number,
  body: Readable & { dump(): Promise<void> },
  headers: Record<string, string>,
  req: FetchRequest,
  url: string,
  signal: AbortSignal,
): Promise<Buffer> {
  if (status === 304 || req.method?.toUpperCase() === 'HEAD') {
    await body.dump()
    return Buffer.alloc(0)
  }
  const declared = Number(headers['content-length'])
  if (Number.isFinite(declared) && declared > req.maxBytes) {
    discard(body)
    const reason = `content-length ${declared} exceeds ${req.maxBytes} bytes`
    throw new FetchError('too_large', url, reason, { maxBytes: req.maxBytes })
  }
  return readBody(body, headers['content-encoding'], req.maxBytes, url, signal)
}

function flattenHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}

/** The only way Vigie talks to the outside: checked addresses, capped bodies, manual redirects. */
export function createSafeFetch(opts: SafeFetchOptions) {
  const agent = new Agent({
    connect: createGuardedConnector(opts),
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  })
  const now = opts.now ?? Date.now

  function requestHeaders(req: FetchRequest, crossOrigin: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': opts.userAgent,
      accept: req.accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    }
    if (req.etag) headers['if-none-match'] = req.etag
    if (req.lastModified) headers['if-modified-since'] = req.lastModified
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      const key = name.toLowerCase()
      if (ownedHeaders.has(key) || (crossOrigin && originBoundHeaders.has(key))) continue
      headers[key] = value
    }
    return headers
  }

  async function fetchOnce(url: URL, req: FetchRequest, crossOrigin: boolean, signal: AbortSignal) {
    const method = (req.method ?? 'GET').toUpperCase()
    const headers = requestHeaders(req, crossOrigin)
    // Fail fast on literal addresses; the connector checks again, and names, at connect time.
    const literal = bareIp(url.hostname)
    if (net.isIP(literal) && !mayConnect(literal, opts.allowHosts))
      throw new FetchError('blocked_address', url.href, `address ${literal} is not public`)
    const body = safeMethods.has(method) ? undefined : req.body
    return request(url, { method, headers, body, dispatcher: agent, signal })
  }

  async function fetch(req: FetchRequest): Promise<FetchResponse> {
    const timeout = AbortSignal.timeout(opts.timeoutMs)
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout
    const maxRedirects = req.maxRedirects ?? 5
    let url = checkUrl(req.url)
    const origin = url.origin
    // Once a redirect has left the first origin, credentials stay off for the rest of the chain.
    let crossed = false
    const followAll = safeMethods.has((req.method ?? 'GET').toUpperCase())
    const follows = followAll ? redirectStatuses : methodKeepingRedirects
    const redirects: { url: string; status: number }[] = []
    const seen = new Set([url.href])
    try {
      for (;;) {
        const res = await fetchOnce(url, req, crossed, signal)
        const headers = flattenHeaders(res.headers)
        const location = headers['location']
        if (follows.has(res.statusCode) && location) {
          await res.body.dump()
          const next = checkUrl(location, url)
          redirects.push({ url: url.href, status: res.statusCode })
          if (seen.has(next.href))
            throw new FetchError('redirect_loop', req.url, `redirect loop back to ${next.href}`, {
              redirects,
            })
          if (redirects.length > maxRedirects)
            throw new FetchError('too_many_redirects', req.url, `over ${maxRedirects} redirects`, {
              redirects,
            })
          seen.add(next.href)
          crossed ||= next.origin !== origin
          url = next
          continue
        }
        const status = res.statusCode
        const body = await readResponseBody(status, res.body, headers, req, url.href, signal)
        const allPermanent =
          redirects.length > 0 && redirects.every((r) => r.status === 301 || r.status === 308)
        const throttled = status === 429 || status === 503
        return {
          status,
          url: url.href,
          redirects,
          permanentUrl: allPermanent ? url.href : null,
          headers,
          contentType: headers['content-type'] ?? null,
          body,
          etag: headers['etag'] ?? null,
          lastModified: headers['last-modified'] ?? null,
          retryAfterMs: throttled ? parseRetryAfter(headers['retry-after'], now()) : null,
        }
      }
    } catch (err) {
      if (err instanceof FetchError) throw err
      if (err instanceof ConnectRefusal)
        throw new FetchError(err.code, url.href, err.reason, err.details)
      if (timeout.aborted)
        throw new FetchError('timeout', url.href, `no full response within ${opts.timeoutMs} ms`)
      if (req.signal?.aborted)
        throw new FetchError('aborted', url.href, 'request cancelled by caller')
      const code = (err as { code?: string }).code ?? ''
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
        throw new FetchError('timeout', url.href, (err as Error).message)
      throw new FetchError('bad_response', url.href, `${(err as Error).message}`, { cause: code })
    }
  }

  return { fetch, close: () => agent.close() }
}

export type SafeFetch = ReturnType<typeof createSafeFetch>
