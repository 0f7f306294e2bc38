/**
 * What kind of failure a feed's stored lastError describes, as a stable code the interface turns
 * into a sentence. The stored text stays as written (it is the technical detail shown on demand);
 * this reads the shapes refresh-feed and safe-fetch write: "<code>: <reason> (<url>)", "HTTP <n> …".
 */
export const FEED_ERROR_CODES = [
  'dns_failed',
  'connect_refused',
  'connect_failed',
  'timeout',
  'tls',
  'refused_private_address',
  'too_large',
  'too_many_redirects',
  'redirect_loop',
  'invalid_url',
  'http_not_found',
  'http_gone',
  'http_forbidden',
  'http_rate_limited',
  'http_server_error',
  'http_other',
  'not_a_feed',
  'no_articles_listed',
  'empty_feed',
  'parse_failed',
  'bad_response',
  'unknown',
] as const
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number]

const TLS = /certificate|\bSSL\b|\bTLS\b|CERT_|altnames/i

function httpCode(status: number): FeedErrorCode {
  if (status === 404) return 'http_not_found'
  if (status === 410) return 'http_gone'
  if (status === 401 || status === 403) return 'http_forbidden'
  if (status === 429) return 'http_rate_limited'
  if (status >= 500) return 'http_server_error'
  return 'http_other'
}

/** The kind of a stored feed error (null when there is none). */
export function feedErrorCode(lastError: string | null): FeedErrorCode | null {
  if (!lastError) return null
  const http = /^HTTP (\d{3})\b/.exec(lastError)
  if (http) return httpCode(Number(http[1]))
  const prefix = /^([a-z_]+):\s/.exec(lastError)?.[1] ?? ''
  const rest = lastError.slice(prefix.length + 1)
  switch (prefix) {
    case 'dns_failed':
    case 'timeout':
    case 'too_large':
    case 'too_many_redirects':
    case 'redirect_loop':
    case 'invalid_url':
      return prefix
    case 'blocked_scheme':
      return 'invalid_url'
    case 'blocked_address':
      return 'refused_private_address'
    case 'connect_failed':
      if (TLS.test(rest)) return 'tls'
      return /ECONNREFUSED|refused/i.test(rest) ? 'connect_refused' : 'connect_failed'
    case 'bad_response':
      return TLS.test(rest) ? 'tls' : 'bad_response'
    case 'feed_parse_failed':
      if (/not a feed/i.test(rest)) return 'not_a_feed'
      if (/no article links/i.test(rest)) return 'no_articles_listed'
      return /empty document/i.test(rest) ? 'empty_feed' : 'parse_failed'
  }
  if (/^not a feed/i.test(lastError)) return 'not_a_feed'
  return TLS.test(lastError) ? 'tls' : 'unknown'
}
