import dns from 'node:dns'
import net from 'node:net'
import { AppError } from '../lib/errors.ts'
import { bareIp, isAllowedHost, mayConnect, type Resolver } from '../lib/ip-guard.ts'

/** Where and how to reach the SMTP server, from VIGIE_SMTP_URL. */
export interface SmtpTarget {
  host: string
  port: number
  /** smtps: TLS from the first byte (465); smtp: STARTTLS when offered (587). */
  secure: boolean
  user?: string
  pass?: string
}

/** Parses smtp://user:pass@host:587 or smtps://...; the error never repeats the URL (it holds the password). */
export function parseSmtpUrl(text: string): SmtpTarget {
  const url = URL.canParse(text) ? new URL(text) : null
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname)
    throw new AppError('smtp_bad_url', {}, 'VIGIE_SMTP_URL must be an smtp:// or smtps:// URL')
  const secure = url.protocol === 'smtps:'
  return {
    host: bareIp(url.hostname),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    pass: url.password ? decodeURIComponent(url.password) : undefined,
  }
}

const systemResolve: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })) as {
    address: string
    family: 4 | 6
  }[]

/**
 * The addresses of the SMTP host that may be connected to. SMTP does not go through the safe fetcher,
 * so the same rule is applied here: public addresses only, unless VIGIE_ALLOW_HOSTS lists the host
 * or the address. One refused address refuses the name (a rebinding resolver may mix them).
 */
export async function smtpAddresses(
  host: string,
  opts: { allowHosts: readonly string[]; resolve?: Resolver; timeoutMs: number },
): Promise<string[]> {
  const refuse = (address: string) =>
    new AppError(
      'smtp_blocked_address',
      { host, address },
      `SMTP host ${host} is at ${address}, which is not public (allow it in VIGIE_ALLOW_HOSTS)`,
    )
  if (net.isIP(host)) {
    if (!mayConnect(host, opts.allowHosts)) throw refuse(host)
    return [host]
  }
  let answers: { address: string }[]
  try {
    answers = await withTimeout((opts.resolve ?? systemResolve)(host), opts.timeoutMs)
  } catch (err) {
    throw new AppError(
      'smtp_dns_failed',
      { host },
      `cannot resolve SMTP host ${host}: ${(err as Error).message}`,
    )
  }
  const addresses = answers.map((a) => bareIp(a.address)).filter((a) => net.isIP(a))
  if (!addresses.length)
    throw new AppError('smtp_dns_failed', { host }, `no address for SMTP host ${host}`)
  if (isAllowedHost(host, opts.allowHosts)) return addresses
  const refused = addresses.find((a) => !mayConnect(a, opts.allowHosts))
  if (refused) throw refuse(refused)
  return addresses
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)
  })
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer))
}
