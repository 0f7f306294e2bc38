import dns from 'node:dns'
import net from 'node:net'
import { buildConnector } from 'undici'

// Every IPv4 range that is not globally reachable (IANA special-purpose registry, RFC 6890 on).
const blockedV4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, includes the cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast 255.255.255.255
]

// Inside global unicast 2000::/3, the blocks that are still not reachable or not meant for hosts.
// Everything outside 2000::/3 is refused without a list: ::, ::1, fc00::/7, fe80::/10, ff00::/8,
// NAT64 64:ff9b::/96 and 64:ff9b:1::/48 (whatever they embed), 100::/64, 5f00::/16...
// NAT64 is refused whole because the gateway may sit on a private network.
const blockedV6: [string, number][] = [
  ['2001::', 23], // IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID, AMT...
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
]

const v4List = new net.BlockList()
for (const [prefix, bits] of blockedV4) v4List.addSubnet(prefix, bits, 'ipv4')
const v6List = new net.BlockList()
for (const [prefix, bits] of blockedV6) v6List.addSubnet(prefix, bits, 'ipv6')

/** Strips URL brackets and an IPv6 zone id ("fe80::1%eth0") so `net.isIP` sees a bare address. */
export function bareIp(hostOrIp: string): string {
  const bracketed = hostOrIp.startsWith('[') && hostOrIp.endsWith(']')
  const unbracketed = bracketed ? hostOrIp.slice(1, -1) : hostOrIp
  const zone = unbracketed.indexOf('%')
  return zone >= 0 && unbracketed.includes(':') ? unbracketed.slice(0, zone) : unbracketed
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" and a dotted IPv4 tail expanded). */
export function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number)
    const tail = ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16)
    text = text.slice(0, dotted.index) + tail
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null]
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : [])
  const left = parse(head)
  if (tail === null) return left
  const right = parse(tail)
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
}

function v4FromGroups(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')
}

function isPublicV4(ip: string): boolean {
  return !v4List.check(ip, 'ipv4')
}

function isPublicV6(ip: string): boolean {
  const g = ipv6Groups(ip)
  // IPv4-mapped ::ffff:a.b.c.d: the socket would really talk IPv4 to the embedded address.
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff
  if (mapped) return isPublicV4(v4FromGroups(g[6], g[7]))
  if ((g[0] & 0xe000) !== 0x2000) return false
  // 6to4 2002:AABB:CCDD::/48 tunnels to the IPv4 address AA.BB.CC.DD: judge that address.
  if (g[0] === 0x2002) return isPublicV4(v4FromGroups(g[1], g[2]))
  return !v6List.check(ip, 'ipv6')
}

/** True only for a valid IP that is globally reachable; anything else, names included, is false. */
export function isPublicAddress(ip: string): boolean {
  const bare = bareIp(ip.trim())
  const family = net.isIP(bare)
  if (family === 4) return isPublicV4(bare)
  if (family === 6) return isPublicV6(bare)
  return false
}

function normaliseHostname(host: string): string {
  return bareIp(host.trim().toLowerCase()).replace(/\.$/, '')
}

/**
 * Whether an allow-list entry covers this hostname or IP. Names match exactly (ignoring case and a
 * trailing dot); an IP matches an IP entry or lies inside a CIDR entry ("127.0.0.0/8", "fd00::/8").
 * An IPv4-mapped IPv6 address matches the IPv4 entries of its embedded address.
 */
export function isAllowedHost(hostOrIp: string, allow: readonly string[]): boolean {
  if (allow.length === 0) return false
  const host = normaliseHostname(hostOrIp)
  const family = net.isIP(host)
  for (const raw of allow) {
    const entry = normaliseHostname(raw)
    if (!entry) continue
    if (family === 0) {
      if (entry === host) return true
      continue
    }
    const [address, bitsText] = entry.split('/')
    const entryFamily = net.isIP(bareIp(address))
    if (entryFamily === 0) continue
    const type = entryFamily === 4 ? 'ipv4' : 'ipv6'
    const list = new net.BlockList()
    const bits = bitsText === undefined ? null : Number(bitsText)
    if (bits === null) list.addAddress(bareIp(address), type)
    else if (Number.isInteger(bits) && bits >= 0 && bits <= (entryFamily === 4 ? 32 : 128))
      list.addSubnet(bareIp(address), bits, type)
    else continue
    if (list.check(host, family === 4 ? 'ipv4' : 'ipv6')) return true
  }
  return false
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>

export interface GuardOptions {
  allowHosts: readonly string[]
  connectTimeoutMs: number
  resolve?: Resolver
}

// Raised inside the connector, which does not know the URL; safe-fetch turns it into a FetchError.
export class ConnectRefusal extends Error {
  constructor(
    readonly code: 'blocked_address' | 'dns_failed' | 'connect_failed' | 'timeout',
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(reason)
  }
}

const defaultResolve: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })) as {
    address: string
    family: 4 | 6
  }[]

export function mayConnect(ip: string, allow: readonly string[]): boolean {
  return isPublicAddress(ip) || isAllowedHost(ip, allow)
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    const fail = () => reject(new ConnectRefusal('timeout', `name resolution took over ${ms} ms`))
    timer = setTimeout(fail, ms)
  })
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer))
}

/** Resolves a hostname and returns its addresses only if every one of them may be connected to. */
async function resolveChecked(hostname: string, opts: GuardOptions): Promise<string[]> {
  const literal = bareIp(hostname)
  if (net.isIP(literal)) {
    if (!mayConnect(literal, opts.allowHosts))
      throw new ConnectRefusal('blocked_address', `address ${literal} is not public`, {
        address: literal,
      })
    return [literal]
  }
  let answers: { address: string }[]
  try {
    answers = await withTimeout((opts.resolve ?? defaultResolve)(hostname), opts.connectTimeoutMs)
  } catch (err) {
    if (err instanceof ConnectRefusal) throw err
    throw new ConnectRefusal('dns_failed', `cannot resolve ${hostname}: ${(err as Error).message}`)
  }
  const addresses = answers.map((a) => a.address)
  if (addresses.length === 0 || addresses.some((a) => !net.isIP(bareIp(a))))
    throw new ConnectRefusal('dns_failed', `no usable address for ${hostname}`)
  if (isAllowedHost(hostname, opts.allowHosts)) return addresses
  // One bad answer refuses the name: a rebinding resolver may mix a public and a private address.
  const refused = addresses.find((a) => !mayConnect(a, opts.allowHosts))
  if (refused)
    throw new ConnectRefusal(
      'blocked_address',
      `${hostname} resolves to ${refused}, which is not public`,
      { address: refused },
    )
  return addresses
}

/** An undici connector that only opens sockets to addresses it has just resolved and checked. */
export function createGuardedConnector(opts: GuardOptions): buildConnector.connector {
  const base = buildConnector({ timeout: opts.connectTimeoutMs })
  return (options, callback) => {
    resolveChecked(options.hostname, opts).then(
      (addresses) => {
        // `host` keeps the name, so TLS SNI and the certificate check still use it;
        // `hostname` becomes the checked IP the socket goes to.
        const attempt = (i: number, last: Error | null): void => {
          if (i >= addresses.length) {
            const timedOut = (last as { code?: string } | null)?.code === 'UND_ERR_CONNECT_TIMEOUT'
            const reason = `cannot connect to ${options.host ?? options.hostname}: ${last?.message}`
            callback(new ConnectRefusal(timedOut ? 'timeout' : 'connect_failed', reason), null)
            return
          }
          try {
            base({ ...options, hostname: bareIp(addresses[i]) }, (err, socket) => {
              if (err) attempt(i + 1, err)
              else callback(null, socket!)
            })
          } catch (err) {
            attempt(i + 1, err as Error)
          }
        }
        attempt(0, null)
      },
      (err: Error) => callback(err, null),
    )
  }
}

const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.intranet']

/**
 * Why a feed URL may not even be stored: its host is a non-public IP (in any spelling the URL parser
 * accepts: decimal, hex, short forms) or a local name (localhost, *.local, a single label), and the
 * allow list does not name it. Null when it may be stored; the fetcher still checks every address
 * it resolves to at connection time.
 */
export function localHostOf(url: string, allow: readonly string[]): string | null {
  let host: string
  try {
    host = normaliseHostname(new URL(url).hostname)
  } catch {
    return null
  }
  if (!host || isAllowedHost(host, allow)) return null
  if (net.isIP(host)) return isPublicAddress(host) ? null : host
  const local =
    host === 'localhost' || !host.includes('.') || LOCAL_SUFFIXES.some((s) => host.endsWith(s))
  return local ? host : null
}
