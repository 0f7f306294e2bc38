import type { IncomingMessage } from 'node:http'
import net from 'node:net'
import { afterEach, beforeEach, vi } from 'vitest'
import { armTripwire } from '../helpers/tripwire.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import type { Log } from '../../src/lib/log.ts'
import { createSafeFetch, type SafeFetchOptions } from '../../src/lib/safe-fetch.ts'
import type { ReshareDeps } from '../../src/reshare/index.ts'

// Tripwire: every socket goes through net/tls.connect; anything but 127.0.0.1 is refused outright,
// so that a broken guard could still never send a packet off this machine or to a "private" listener.
export const connectTargets: string[] = []
beforeEach(() => {
  connectTargets.length = 0
  armTripwire((host) => host === '127.0.0.1', connectTargets)
})

const closers: (() => Promise<unknown>)[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(closers.splice(0).map((close) => close()))
})

/** What the clients need, on a fetcher that may reach 127.0.0.1 only, with a fixed clock. */
export function makeDeps(overrides: Partial<SafeFetchOptions> = {}) {
  const fetch = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    userAgent: 'Vigie/0.1 (+https://vigie.example/bot)',
    timeoutMs: 3000,
    connectTimeoutMs: 1000,
    ...overrides,
  })
  closers.push(() => fetch.close())
  const lines: string[] = []
  const write = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`)
  const log: Log = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  }
  const clock = fixedClock('2025-06-04T10:00:00Z')
  const deps: ReshareDeps = { fetch, log, clock }
  return { deps, lines, clock }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A listener on a loopback address the fetcher may not reach; it counts connections. */
export async function victim(address = '127.0.0.2') {
  let connections = 0
  const server = net.createServer((socket) => {
    connections++
    socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}')
  })
  await new Promise<void>((resolve) => server.listen(0, address, resolve))
  closers.push(() => new Promise((resolve) => server.close(resolve)))
  const { port } = server.address() as net.AddressInfo
  return {
    port,
    url: (path: string) => `http://${address}:${port}${path}`,
    connections: () => connections,
  }
}

/** The error a promise rejects with (the test fails if it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (err) {
    return err as Error & Record<string, unknown>
  }
  throw new Error('expected a rejection')
}
