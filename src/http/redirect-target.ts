import { webRouteOf } from './route-table.ts'

const BASE = 'http://vigie.invalid'

/**
 * The one check for every path that becomes a Location (`next=`, `back=`): a page of Vigie, as the
 * browser would resolve it. The raw value and its normalised form must both start with a single "/"
 * (never "//" or "/\"); no control characters, backslashes or encoded slashes, which browsers and
 * proxies read differently; and the normalised path must be a page of the route table.
 * Returns the normalised path and query, or null.
 */
export function safeRedirectTarget(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null
  if (
    !/^\/(?![/\\])/.test(raw) ||
    /[\u0000-\u001f\u007f\\]|%(?:2f|5c|0[0-9a-f]|1[0-9a-f]|7f)/i.test(raw)
  )
    return null
  let url: URL
  try {
    url = new URL(raw, BASE)
  } catch {
    return null
  }
  const target = url.pathname + url.search
  if (url.origin !== BASE || !/^\/(?![/\\])/.test(target)) return null
  // Dot segments written as %2e survive the parser in some engines: none may remain.
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(url.pathname)) return null
  return webRouteOf('GET', url.pathname)?.page ? target : null
}
