import sax from 'sax'
import { AppError } from '../lib/errors.ts'
import { isHttpUrl } from './schema.ts'
import type { OpmlOutline } from './types.ts'

const MAX_OPML_CHARS = 10_000_000

// What the document is instead, as a reason code (details.reason) and in English.
const NOT_OPML: Record<string, [string, string]> = {
  html: ['html', 'this is an HTML page, not an OPML file'],
  rss: ['rss', 'this is an RSS feed, not an OPML file: add it as a feed instead'],
  feed: ['atom', 'this is an Atom feed, not an OPML file: add it as a feed instead'],
  'rdf:rdf': ['rss', 'this is an RSS 1.0 feed, not an OPML file: add it as a feed instead'],
}

/** Parses OPML 1.0/2.0 (nested outlines/folders flattened, category from the folder title or the category attribute); throws AppError('opml_invalid', ...) with a clear message. */
export function parseOpml(xml: string): { title: string | null; outlines: OpmlOutline[] } {
  const source = xml.replace(/^\uFEFF/, '')
  if (!source.trim()) invalid('the OPML document is empty', 'empty')
  if (source.length > MAX_OPML_CHARS) {
    invalid(`the OPML document is larger than ${MAX_OPML_CHARS} characters`, 'too_large', {
      max: MAX_OPML_CHARS,
    })
  }

  // Non-strict mode because real exports contain raw "&" and HTML entities; sax never expands
  // DTD entities, and a document declaring any is refused outright (billion laughs).
  const parser = sax.parser(false, { lowercase: true })
  const elements: string[] = []
  const categories: (string | null)[] = []
  const outlines: OpmlOutline[] = []
  const seen = new Set<string>()
  let title: string | null = null
  let titleText = ''
  let rootClosed = false
  let bodyDepth = 0

  parser.ondoctype = (doctype) => {
    if (/<!ENTITY/i.test(doctype))
      invalid('the OPML document declares XML entities: refused', 'entities')
  }
  parser.onerror = (err) => {
    const reason = err.message.split('\n')[0]
    if (reason.startsWith('Unexpected end'))
      invalid('the OPML document is truncated mid-element', 'truncated')
    invalid(`malformed XML at line ${parser.line + 1}: ${reason}`, 'malformed', {
      line: parser.line + 1,
    })
  }
  parser.onopentag = (tag) => {
    if (elements.length === 0 && tag.name !== 'opml') {
      const [reason, message] = NOT_OPML[tag.name] ?? [
        'not_opml',
        `not an OPML document: the root element is <${tag.name}>, expected <opml>`,
      ]
      invalid(message, reason, { root: tag.name })
    }
    const parent = elements.at(-1)
    elements.push(tag.name)
    if (tag.name === 'title' && parent === 'head') titleText = ''
    if (tag.name === 'body') bodyDepth++
    if (tag.name !== 'outline') return
    const inherited = categories.at(-1) ?? null
    if (bodyDepth === 0) return void categories.push(inherited)
    const a = tag.attributes
    const label = clean(a.title) || clean(a.text)
    const xmlUrl = feedUrl(a.xmlurl)
    if (!xmlUrl) {
      // No feed address: a folder, whose label becomes the category of what it contains.
      categories.push(label || inherited)
      return
    }
    categories.push(inherited)
    if (seen.has(xmlUrl)) return
    seen.add(xmlUrl)
    const htmlUrl = clean(a.htmlurl)
    outlines.push({
      title: label || new URL(xmlUrl).hostname,
      xmlUrl,
      htmlUrl: isHttpUrl(htmlUrl) ? htmlUrl : null,
      category: inherited ?? categoryAttribute(a.category),
    })
  }
  parser.ontext = (text) => {
    if (elements.at(-1) === 'title' && elements.at(-2) === 'head') titleText += text
  }
  parser.oncdata = parser.ontext
  parser.onclosetag = (name) => {
    elements.pop()
    if (name === 'outline') categories.pop()
    if (name === 'body') bodyDepth--
    if (name === 'title' && elements.at(-1) === 'head') title = clean(titleText) || null
    if (name === 'opml' && elements.length === 0) rootClosed = true
  }

  parser.write(source).close()
  if (!rootClosed) {
    if (elements.length) invalid('the OPML document is truncated: </opml> is missing', 'truncated')
    invalid('not an OPML document: no <opml> element found', 'not_opml', { root: '' })
  }
  return { title, outlines }
}

/** Refuses the document: `reason` (and its figures) lets the interface say it in its own words. */
function invalid(
  message: string,
  reason: string,
  params: Record<string, string | number> = {},
): never {
  throw new AppError('opml_invalid', { reason, ...params }, message)
}

function clean(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim()
}

// Some exporters write feed:// or feed:https:// for subscriptions; anything else must be http(s).
function feedUrl(raw: string | undefined): string | null {
  let url = clean(raw)
  if (/^feed:https?:\/\//i.test(url)) url = url.slice(5)
  else if (/^feed:\/\//i.test(url)) url = 'http://' + url.slice(7)
  return url && isHttpUrl(url) ? url : null
}

// OPML 2.0: comma-separated slash-delimited paths, e.g. "/Marketing/Social,Veille"; keep the first.
function categoryAttribute(raw: string | undefined): string | null {
  const first = clean(raw).split(',')[0] ?? ''
  return first.replace(/^\/+|\/+$/g, '').trim() || null
}
