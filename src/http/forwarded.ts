import type { Context } from 'hono'
import { bareIp, isAllowedHost } from '../lib/ip-guard.ts'
import type { AppEnv } from './env.ts'

// X-Forwarded-* headers are believed only from the reverse proxies listed in VIGIE_TRUSTED_PROXIES:
// from anyone else (a local process included) they would let a client pick its own address or host.

function socketPeer(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return bareIp(env?.incoming?.socket?.remoteAddress ?? '')
}

const trusted = (c: Context<AppEnv>, ip: string) =>
  !!ip && isAllowedHost(ip, c.var.deps?.config.trustedProxies ?? [])

/** The first header value, when the socket peer is a trusted proxy. */
function fromProxy(c: Context<AppEnv>, header: string): string | undefined {
  if (!trusted(c, socketPeer(c))) return undefined
  return c.req.header(header)?.split(',')[0]?.trim() || undefined
}

/**
 * The client's address: the socket peer, or behind trusted proxies the nearest X-Forwarded-For hop that
 * is not one of them (hops further left were written by the client and prove nothing).
 */
export function clientAddress(c: Context<AppEnv>): string {
  let address = socketPeer(c)
  if (!trusted(c, address)) return address || 'unknown'
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => bareIp(h.trim()))
  while (hops.length) {
    const hop = hops.pop()!
    if (!hop) break
    address = hop
    if (!trusted(c, hop)) break
  }
  return address
}

/** The host the browser asked for: X-Forwarded-Host from a trusted proxy, else the request's own. */
export function requestHost(c: Context<AppEnv>): string {
  return fromProxy(c, 'x-forwarded-host') ?? new URL(c.req.url).host
}

/** Whether the request came over HTTPS, directly or through a trusted proxy that says so. */
export function isHttps(c: Context<AppEnv>): boolean {
  const proto = fromProxy(c, 'x-forwarded-proto')?.toLowerCase()
  return proto ? proto === 'https' : new URL(c.req.url).protocol === 'https:'
}
