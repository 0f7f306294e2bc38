import { parseRetryAfter, type FetchResponse } from '../lib/safe-fetch.ts'
import { fromFetchFailure, redact, ReshareError } from './errors.ts'
import type { Channel, ReshareDeps } from './types.ts'

export interface ApiRequest {
  channel: Channel
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** Serialised as the JSON body. */
  json?: unknown
  /** A raw body (a blob upload); `headers` then carries its content type. */
  body?: Buffer | string
  /** Values that must not appear in any error: tokens, passwords, secret URLs. */
  secrets: readonly string[]
  maxBytes?: number
}

export interface ApiResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** One request to a network API: a 2xx response, or a ReshareError saying whether to retry. */
export async function callApi(deps: ReshareDeps, req: ApiRequest): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...req.headers }
  let body = req.body
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8'
    body = JSON.stringify(req.json)
  }
  let res: FetchResponse
  try {
    res = await deps.fetch.fetch({
      url: req.url,
      method: req.method ?? 'GET',
      accept: 'application/json',
      headers,
      body,
      maxBytes: req.maxBytes ?? 2_000_000,
    })
  } catch (err) {
    fromFetchFailure(err, req.channel, req.secrets)
  }
  if (res.status >= 200 && res.status < 300) return res
  throw failureFrom(res, req, deps.clock?.now().getTime() ?? Date.now())
}

/** Parses a JSON body, or fails without retry: a 2xx we cannot read will not improve by itself. */
export function jsonOf<T>(res: ApiResponse, channel: Channel): T {
  try {
    return JSON.parse(res.body.toString('utf8')) as T
  } catch {
    const reason = 'the response is not JSON'
    throw new ReshareError('permanent', { channel, status: res.status, reason })
  }
}

function failureFrom(res: ApiResponse, req: ApiRequest, now: number): ReshareError {
  const { status, headers } = res
  const { reason, error } = errorBody(res.body)
  const channel = req.channel
  if (status >= 300 && status < 400) {
    // The fetcher follows only method-keeping redirects for a POST: a 301/302/303 ends here.
    const where = redact(headers['location'] ?? 'nowhere', req.secrets)
    const text = `unexpected redirect to ${where}`
    return new ReshareError('permanent', { channel, status, reason: text })
  }
  const retryable = status >= 500 || status === 429 || status === 408
  const retryAfterMs = retryable ? retryAfter(headers, now) : null
  const text = redact(reason || `HTTP ${status}`, req.secrets)
  return new ReshareError(retryable ? 'retryable' : 'permanent', {
    channel,
    status,
    retryAfterMs,
    reason: text,
    error,
  })
}

function retryAfter(headers: Record<string, string>, now: number): number | null {
  const fromHeader = parseRetryAfter(headers['retry-after'], now)
  if (fromHeader !== null) return fromHeader
  // atproto services announce the end of a rate-limit window as a Unix time instead.
  const reset = Number(headers['ratelimit-reset'])
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : null
}

/**
 * The network's own words: Mastodon's {"error"}, atproto's {"error","message"}, OAuth's
 * {"error_description"}, Discord's {"message"}, or Slack's plain-text code ("invalid_payload").
 */
function errorBody(body: Buffer): { reason: string; error: string | null } {
  const text = body.toString('utf8').trim()
  try {
    const data = JSON.parse(text) as Record<string, unknown>
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
    const error = str(data.error)
    const message = str(data.message) ?? str(data.error_description)
    // Mastodon's "error" is a sentence; atproto's and OAuth's a name next to the sentence.
    if (message) return { reason: clip(message), error }
    if (error) return { reason: clip(error), error: null }
  } catch {
    // Not JSON: a short plain-text body is still the best explanation there is.
  }
  const plain = /^[^<]{1,300}$/.test(text) ? text : ''
  return { reason: clip(plain), error: null }
}

const clip = (s: string) => (s.length > 300 ? s.slice(0, 299) + '…' : s)
