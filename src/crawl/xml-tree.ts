import RssParser from 'rss-parser'
import { FeedParseError } from './feed-types.ts'
import { isNode, type XmlNode } from './xml-node.ts'

// We take rss-parser's xml2js parser but not its parseString builders: those run a lazy
// `(?:.|\n)*?` regex over every description (quadratic: a 240 KB description full of unclosed
// "<p " took 14 s), throw on an Atom date they cannot read, and crash on <link> without
// attributes, failing a whole feed for one odd entry. We map the tree ourselves (xml-entry.ts).
interface Xml2jsParser {
  parseString(text: string, cb: (err: Error | null, result: unknown) => void): void
}

// Element and attribute names are matched in lower case, except these camelCase ones.
const camelNames = ['pubDate', 'lastBuildDate', 'managingEditor', 'webMaster', 'rdf:RDF']
const camelAttrs = ['isPermaLink']
const byLowerName = new Map([...camelNames, ...camelAttrs].map((n) => [n.toLowerCase(), n]))

function canonical(name: string): string {
  const lower = name.toLowerCase()
  return byLowerName.get(lower) ?? lower
}

function xmlParser(strict: boolean, rootPrefix: string): Xml2jsParser {
  // A prefixed Atom root (<atom:feed>) prefixes every element: drop that prefix so the mapping
  // sees plain Atom names.
  const unprefix = rootPrefix
    ? (n: string) => (n.startsWith(rootPrefix) ? n.slice(rootPrefix.length) : n)
    : (n: string) => n
  const common = {
    tagNameProcessors: [(n: string) => unprefix(canonical(n))],
    attrNameProcessors: [canonical],
  }
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
  return line ? `XML error at line ${Number(line[1]) + 1}: ${reason}${hint}` : `XML error: ${reason}${hint}`
}

/**
 * Parses XML into an xml2js tree (element names lower-cased but for camelCase feed names).
 * Strict first; on an error (an unescaped '&', an HTML entity), again leniently, as sax in
 * non-strict mode keeps unknown entities as text. Custom entities are never expanded.
 */
export async function parseXmlTree(text: string, root: string): Promise<XmlNode> {
  const rootPrefix = /^atom:/i.test(root) ? 'atom:' : ''
  try {
    return await parseWith(xmlParser(true, rootPrefix), text)
  } catch (strictError) {
    try {
      return await parseWith(xmlParser(false, rootPrefix), text)
    } catch {
      throw new FeedParseError(describeXmlError(strictError))
    }
  }
}
