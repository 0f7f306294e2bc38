import { resolveHttpUrl } from './feed-links.ts'

// Feeds are announced in the head; a home page's first 256 KB holds it even with inlined CSS.
const HEAD_CHARS = 256 * 1024
const TAG = /<(link|base)\b([^>]*)>/gi
const ATTR = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g
const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
])
// WordPress and others announce a comments feed beside the articles' one: it goes last.
const COMMENTS = /comment/i

const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/gi, '&')
    .replace(/&#0*38;/g, '&')
    .replace(/&#x0*26;/gi, '&')
    .replace(/&quot;/gi, '"')

function attributes(raw: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of raw.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase()
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? '').trim())
  }
  return out
}

/**
 * The feeds a page announces with `<link rel="alternate" type="...">` (RSS, Atom, RDF, JSON Feed),
 * as absolute http(s) URLs resolved against `<base href>` or the page's URL, articles before comments.
 */
export function htmlFeedLinks(html: string, pageUrl: string): string[] {
  const head = html.slice(0, HEAD_CHARS).replace(/<!--[\s\S]*?-->/g, '')
  let base = pageUrl
  const found: { url: string; comments: boolean }[] = []
  for (const m of head.matchAll(TAG)) {
    const a = attributes(m[2]!)
    if (m[1]!.toLowerCase() === 'base') {
      base = resolveHttpUrl(a.get('href'), pageUrl) ?? base
      continue
    }
    const rel = (a.get('rel') ?? '').toLowerCase().split(/\s+/)
    const type = (a.get('type') ?? '').toLowerCase().split(';')[0]!.trim()
    if (!rel.includes('alternate') || !FEED_TYPES.has(type)) continue
    const url = resolveHttpUrl(a.get('href'), base)
    if (url && !found.some((f) => f.url === url))
      found.push({ url, comments: COMMENTS.test(a.get('title') ?? '') || COMMENTS.test(url) })
  }
  return [...found.filter((f) => !f.comments), ...found.filter((f) => f.comments)].map((f) => f.url)
}

/** Where sites commonly serve their feed when the page does not say. */
export const COMMON_FEED_PATHS = [
  '/feed',
  '/feed/',
  '/rss',
  '/rss.xml',
  '/atom.xml',
  '/feed.xml',
  '/index.xml',
  '/feed.json',
] as const
