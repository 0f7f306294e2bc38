import RssParser from 'rss-parser'
import { FeedParseError, type FeedFormat } from './feed-types.ts'
import { inlineXhtmlAsCdata } from './xhtml-content.ts'
import { isNode, type XmlNode } from './xml-node.ts'

// We take rss-parser's xml2js parser but not its parseString builders: those run a lazy
// `(?:.|\n)*?` regex over every description (quadratic: a 240 KB description full of unclosed
// "<p " took 14 s), throw on an Atom date they cannot read, and crash on <link> without
// attributes, failing a whole feed for one odd entry. We map the tree ourselves (xml-entry.ts).
interface Xml2jsParser {
  parseString(text: string, cb: (err: Error | null, result: unknown) => void): void
}

// Element and attribute names are matched in lower case, except these camelCase ones.
const camelNames = [
  'pubDate',
  'lastBuildDate',
  'managingEditor',
  'webMaster',
  'rdf:RDF',
  'feedburner:origLink',
]
const camelAttrs = ['isPermaLink']
const byLowerName = new Map([...camelNames, ...camelAttrs].map((n) => [n.toLowerCase(), n]))

// The prefixes the mapping expects, by namespace URI (lower case, without a trailing / or #).
const knownNamespaces: Record<string, string> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns': 'atom',
  'http://purl.org/rss/1.0': 'rss',
  'http://purl.org/rss/1.0/modules/content': 'content',
  'http://purl.org/dc/elements/1.1': 'dc',
  'http://purl.org/dc/terms': 'dcterms',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns': 'rdf',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://www.w3.org/1999/xhtml': 'xhtml',
}

/**
 * Prefix renames from a scan of the document's xmlns declarations, so that <a10:updated>,
 * <dublin:creator> or <p0:entry> reach the mapping as atom:updated, dc:creator and entry.
 * The vocabulary of the root itself (Atom in an Atom feed, RSS 1.0 in RDF) loses its prefix.
 */
function prefixRenames(text: string, format: FeedFormat): Map<string, string> {
  const own = format === 'atom' ? 'atom' : 'rss'
  const renames = new Map<string, string>()
  const decl = /\sxmlns:([\w.-]{1,64})\s*=\s*["']([^"'<>]{0,512})["']/g
  let match: RegExpExecArray | null
  for (let n = 0; n < 500 && (match = decl.exec(text)); n++) {
    const uri = match[2].trim().toLowerCase().replace(/[/#]$/, '')
    const known = knownNamespaces[uri]
    if (known) renames.set(match[1].toLowerCase(), known === own ? '' : known + ':')
  }
  return renames
}

function nameProcessor(renames: Map<string, string>): (name: string) => string {
  return (name) => {
    let lower = name.toLowerCase()
    const colon = lower.indexOf(':')
    if (colon > 0) {
      const to = renames.get(lower.slice(0, colon))
      if (to !== undefined) lower = to + lower.slice(colon + 1)
    }
    return byLowerName.get(lower) ?? lower
  }
}

function xmlParser(strict: boolean, renames: Map<string, string>): Xml2jsParser {
  const canonical = nameProcessor(renames)
  const common = { tagNameProcessors: [canonical], attrNameProcessors: [canonical] }
  const xml2js = strict ? common : { ...common, strict: false, normalizeTags: true }
  const parser = new RssParser({ xml2js }) as unknown as { xmlParser: Xml2jsParser }
  return parser.xmlParser
}

function parseWith(parser: Xml2jsParser, text: string): Promise<XmlNode> {
  return new Promise((resolve, reject) => {
    try {
      parser.parseString(text, (err, result) => {
        if (err) reject(err)
        else if (!isNode(result)) reject(new Error('no root element'))
        else resolve(result)
      })
    } catch (err) {
      reject(err)
    }
  })
}

// sax reports "Unexpected close tag\nLine: 2\nColumn: 10\nChar: >" with a 0-based line.
function describeXmlError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  const [what, ...rest] = message.split('\n')
  const line = /Line: (\d+)/.exec(rest.join('\n'))
  const reason = what.charAt(0).toLowerCase() + what.slice(1)
  const hint = /unclosed root tag|unexpected end/i.test(what) ? ' (document truncated?)' : ''
  return line
    ? `XML error at line ${Number(line[1]) + 1}: ${reason}${hint}`
    : `XML error: ${reason}${hint}`
}

export interface XmlTree {
  tree: XmlNode
  /** Why strict parsing failed when the tree came from the lenient retry, else null. */
  strictError: string | null
}

/**
 * Parses XML into an xml2js tree (element names lower-cased but for camelCase feed names).
 * Strict first; on an error (an unescaped '&', an HTML entity), again leniently, as sax in
 * non-strict mode keeps unknown entities as text. Custom entities are never expanded.
 */
export async function parseXmlTree(text: string, format: FeedFormat): Promise<XmlTree> {
  const renames = prefixRenames(text, format)
  const xhtmlPrefixes = [...renames].filter(([, to]) => to === 'xhtml:').map(([from]) => from)
  text = inlineXhtmlAsCdata(text, xhtmlPrefixes)
  try {
    return { tree: await parseWith(xmlParser(true, renames), text), strictError: null }
  } catch (err) {
    const strictError = describeXmlError(err)
    try {
      return { tree: await parseWith(xmlParser(false, renames), text), strictError }
    } catch {
      throw new FeedParseError(strictError)
    }
  }
}
