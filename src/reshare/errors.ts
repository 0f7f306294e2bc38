import { AppError } from '../lib/errors.ts'
import { FetchError, type FetchErrorCode } from '../lib/safe-fetch.ts'
import type { Channel } from './types.ts'

/** Whether sending again later may succeed: the scheduler's only question about a failure. */
export type RetryCode = 'retryable' | 'permanent'

export interface ReshareErrorInit {
  channel: Channel
  reason: string
  status?: number | null
  retryAfterMs?: number | null
  /** The network's own error name (atproto's "ExpiredToken"), or the fetcher's code. */
  error?: string | null
}

/** A failed call to a network: the code says whether to retry, the message what the network said. */
export class ReshareError extends AppError {
  declare readonly code: RetryCode
  readonly channel: Channel
  readonly status: number | null
  readonly retryAfterMs: number | null
  readonly error: string | null

  constructor(code: RetryCode, init: ReshareErrorInit) {
    const status = init.status ?? null
    const retryAfterMs = init.retryAfterMs ?? null
    const error = init.error ?? null
    const where = status === null ? init.channel : `${init.channel} HTTP ${status}`
    super(code, { channel: init.channel, status, retryAfterMs, error }, `${where}: ${init.reason}`)
    this.name = 'ReshareError'
    this.channel = init.channel
    this.status = status
    this.retryAfterMs = retryAfterMs
    this.error = error
  }
}

// A JWT (atproto sessions) or a bearer value must never reach a message, whoever echoed it.
const jwtPattern = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+/g
const bearerPattern = /\b(Bearer|Basic)\s+[^\s"',;]+/gi

/** Removes every secret (tokens, passwords, webhook URLs) from text meant for a message or a log. */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text
  // Longest first, so that a URL is replaced whole before its path is.
  const sorted = secrets.filter((s): s is string => !!s && s.length >= 4)
  sorted.sort((a, b) => b.length - a.length)
  for (const secret of sorted) out = out.split(secret).join('[redacted]')
  return out.replace(jwtPattern, '[redacted]').replace(bearerPattern, '$1 [redacted]')
}

// Failures where nothing (or nothing certain) reached the network: worth another attempt.
const retryableFetch = new Set<FetchErrorCode>([
  'dns_failed',
  'connect_failed',
  'timeout',
  'aborted',
  'bad_response',
])

/** Turns what the safe fetcher threw into a ReshareError; anything else is our bug and is rethrown. */
export function fromFetchFailure(
  err: unknown,
  channel: Channel,
  secrets: readonly string[],
): never {
  if (err instanceof ReshareError) throw err
  if (!(err instanceof FetchError)) throw err
  const code = retryableFetch.has(err.code) ? 'retryable' : 'permanent'
  throw new ReshareError(code, { channel, reason: redact(err.message, secrets), error: err.code })
}
