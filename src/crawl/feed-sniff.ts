import { FeedParseError, type FeedFormat } from './feed-types.ts'

export interface Sniffed {
  format: FeedFormat
  /** Where the document starts once leading junk (PHP warnings, blank lines) is skipped. */
  start: number
}

// Skips the prolog, comments, processing instructions and the DOCTYPE (internal subset included)
// and returns the index of the root element's '<', or -1. One forward pass.
function rootStart(text: string, from: number): { index: number; doctype: string } {
  let i = from
  let doctype = ''
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2)
      if (end < 0) return { index: -1, doctype }
      i = end + 2
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4)
      if (end < 0) return { index: -1, doctype }
      i = end + 3
    } else if (text.startsWith('<!', i)) {
      doctype = /^<!doctype\s+([\w:.-]+)/i.exec(text.slice(i, i + 64))?.[1] ?? ''
      let depth = 0
      let j = i + 2
      for (; j < text.length; j++) {
        const c = text[j]
        if (c === '[') depth++
        else if (c === ']') depth = Math.max(0, depth - 1)
        else if (c === '>' && depth === 0) break
      }
      i = j + 1
    } else {
      return { index: text[i] === '<' ? i : -1, doctype }
    }
  }
  return { index: -1, doctype }
}

const htmlRoots = new Set(['html', 'head', 'body', 'div', 'p', 'script', 'meta', 'title'])

/** Decides the format from the document's start, or throws a FeedParseError saying what it is. */
export function sniffFeed(text: string): Sniffed {
  let start = text.search(/\S/)
  if (start < 0) throw new FeedParseError('empty document')
  const first = text[start]
  if (first === '{') return { format: 'json', start }
  if (first === '[') throw new FeedParseError('not a feed: a JSON array, not a JSON Feed object')
  if (first !== '<') {
    // Junk before the feed (a PHP notice, a stray byte): look a little further for a real start.
    const later = text.slice(0, 4096).search(/<\?xml|<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]/)
    if (later < 0) throw new FeedParseError('not a feed: the document is neither XML nor JSON')
    start = later
  }
  const { index, doctype } = rootStart(text, start)
  if (doctype.toLowerCase() === 'html')
    throw new FeedParseError('not a feed: looks like an HTML page')
  if (index < 0) throw new FeedParseError('not a feed: no root element')
  const root = /^<([\w:.-]+)/.exec(text.slice(index, index + 128))?.[1] ?? ''
  const local = root.toLowerCase().replace(/^[\w.-]+:/, '')
  if (local === 'rss' || local === 'channel') return { format: 'rss', start }
  if (local === 'rdf') return { format: 'rdf', start }
  if (local === 'feed') return { format: 'atom', start }
  if (htmlRoots.has(local)) throw new FeedParseError('not a feed: looks like an HTML page')
  throw new FeedParseError(`not a feed: unexpected root element <${root || '?'}>`)
}
