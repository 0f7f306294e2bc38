import net from 'node:net'
import tls from 'node:tls'
import { vi } from 'vitest'

/**
 * Every socket the fetcher opens goes through net/tls.connect: records each host asked for and
 * refuses outright those `allowed` rejects, so that even a broken guard could never send a packet
 * off this machine (or to a "private" loopback listener). Call in a before hook; vi.restoreAllMocks()
 * in the matching after hook takes it away.
 */
export function armTripwire(allowed: (host: string) => boolean, targets: string[]): void {
  for (const mod of [net, tls]) {
    const real = mod.connect as (...args: unknown[]) => net.Socket
    vi.spyOn(mod, 'connect').mockImplementation(function (this: unknown, ...args: unknown[]) {
      const first = args[0] as { host?: string } | number
      const host = typeof first === 'object' ? String(first.host) : String(args[1])
      targets.push(host)
      if (!allowed(host)) throw new Error(`tripwire: refused ${host}`)
      return real.apply(this, args)
    } as never)
  }
}
