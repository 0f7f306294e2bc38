import { parseFeedDate } from './feed-dates.ts'
import { type EntryDraft } from './feed-entry.ts'
import { baseOf, pickLink, resolveHttpUrl } from './feed-links.ts'
import { attr, children, escapeXml, firstText, innerXml, isNode, text } from './xml-node.ts'

export interface EntryContext {
  /** Base for relative links: xml:base, else the channel link, else the feed URL. */
  base: string | null
  /** Atom entries without an author inherit the feed's. */
  feedAuthors: string[]
  now: Date
}

const publishedKeys = [
  'pubDate',
  'published',
  'dc:date',
  'issued',
  'created',
  'dcterms:issued',
  'dcterms:created',
  'atom:published',
]
const updatedKeys = ['updated', 'modified', 'dcterms:modified', 'atom:updated']

function firstDate(node: unknown, keys: string[], now: Date): Date | null {
  for (const key of keys) {
    for (const child of children(node, key)) {
      const date = parseFeedDate(text(child), now)
      if (date) return date
    }
  }
  return null
}

function hasChildElements(node: unknown): boolean {
  return isNode(node) && Object.keys(node).some((k) => k !== '$' && k !== '_')
}

/** Names from Atom <author><name/></author>, RSS <author>, dc:creator and itunes:author. */
export function authorsOf(
  node: unknown,
  keys = ['dc:creator', 'author', 'dc:author', 'atom:author', 'itunes:author'],
): string[] {
  return keys.flatMap((key) =>
    children(node, key).map((a) =>
      hasChildElements(a)
        ? (firstText(a, 'name', 'atom:name', 'email', 'atom:email') ?? '')
        : text(a),
    ),
  )
}

// Atom content: type text|html|xhtml or a MIME type; Atom 0.3 adds mode="escaped|base64|xml".
function atomContent(node: unknown): string | null {
  if (attr(node, 'src')) return null // out-of-line content: the page is at the link
  const type = (attr(node, 'type') ?? 'text').toLowerCase()
  const mode = (attr(node, 'mode') ?? '').toLowerCase()
  if (type.includes('xhtml') || mode === 'xml') return innerXml(node) || null
  let value = text(node)
  if (mode === 'base64') value = Buffer.from(value, 'base64').toString('utf8')
  if (type === 'text' || type === 'text/plain') return escapeXml(value)
  if (type.includes('html')) return value
  return type.startsWith('text/') ? escapeXml(value) : null
}

function contentOf(item: unknown): string | null {
  const encoded = firstText(item, 'content:encoded')
  if (encoded) return encoded
  for (const content of children(item, 'content')) {
    const html = atomContent(content)
    if (html?.trim()) return html
  }
  const body = children(item, 'xhtml:body')[0] ?? children(item, 'body')[0]
  return body ? innerXml(body) || null : null
}

function summaryOf(item: unknown): string | null {
  for (const key of [
    'description',
    'summary',
    'itunes:summary',
    'itunes:subtitle',
    'dc:description',
  ]) {
    for (const node of children(item, key)) {
      const value = attr(node, 'type')?.includes('xhtml') ? innerXml(node) : text(node)
      if (value.trim()) return value
    }
  }
  const media = [...children(item, 'media:group'), item]
  return media.map((m) => firstText(m, 'media:description')).find(Boolean) ?? null
}

function categoriesOf(item: unknown): string[] {
  const fromCategory = [...children(item, 'category'), ...children(item, 'atom:category')].map(
    (c) => attr(c, 'term') ?? attr(c, 'label') ?? text(c),
  )
  return [...fromCategory, ...children(item, 'dc:subject').map((s) => text(s))]
}

function idOf(item: unknown): string | null {
  return firstText(item, 'guid', 'id', 'dc:identifier') ?? attr(item, 'rdf:about')
}

// RSS 2.0: a guid is a permalink unless isPermaLink="false". Atom: an http(s) id is usually the
// entry's URL. RSS 1.0: rdf:about is the item URL.
function fallbackLink(item: unknown, base: string | null): string | null {
  const guid = children(item, 'guid')[0]
  if (guid !== undefined && attr(guid, 'isPermaLink')?.trim().toLowerCase() !== 'false') {
    const href = resolveHttpUrl(text(guid), null)
    if (href) return href
  }
  return (
    resolveHttpUrl(firstText(item, 'id'), null) ?? resolveHttpUrl(attr(item, 'rdf:about'), base)
  )
}

/** Reads one RSS <item> or Atom <entry>, whatever its shape. */
export function xmlEntryDraft(item: unknown, ctx: EntryContext): EntryDraft {
  const base = baseOf(item, ctx.base)
  const updatedAt = firstDate(item, updatedKeys, ctx.now)
  let authors = authorsOf(item)
  if (!authors.some((a) => a.trim())) {
    const source = children(item, 'source')[0]
    authors = isNode(source) ? authorsOf(source, ['author']) : []
  }
  if (!authors.some((a) => a.trim())) authors = ctx.feedAuthors
  return {
    id: idOf(item),
    link: pickLink(item, base) ?? fallbackLink(item, base),
    titleHtml: firstText(item, 'title', 'dc:title'),
    authors,
    publishedAt: firstDate(item, publishedKeys, ctx.now),
    updatedAt,
    summaryHtml: summaryOf(item),
    contentHtml: contentOf(item),
    categories: categoriesOf(item),
  }
}
