// Atom's type="xhtml" puts markup inline. xml2js groups an element's children by name, which
// scrambles that markup's order (all <p> first, then all <pre>...), so before parsing we turn
// each inline body into a CDATA section of type="html": same markup, kept verbatim.

const opening = /<((?:[\w.-]+:)?(?:content|summary|title|subtitle|rights))(\s[^<>]*)?>/gi
const xhtmlType = /\btype\s*=\s*(["'])xhtml\1/i

/**
 * Rewrites inline XHTML text constructs as escaped HTML, one forward pass over the text.
 * `xhtmlPrefixes` are the prefixes bound to the XHTML namespace (<h:p> becomes <p>).
 */
export function inlineXhtmlAsCdata(text: string, xhtmlPrefixes: string[] = []): string {
  if (!/type\s*=\s*["']xhtml["']/i.test(text)) return text
  const prefixed = xhtmlPrefixes.length
    ? new RegExp(
        `(</?)(?:${xhtmlPrefixes.map((p) => p.replace(/[.-]/g, '\\$&')).join('|')}):`,
        'gi',
      )
    : null
  const out: string[] = []
  let last = 0
  opening.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = opening.exec(text))) {
    const attrs = match[2] ?? ''
    if (!xhtmlType.test(attrs) || attrs.trimEnd().endsWith('/')) continue
    const bodyStart = opening.lastIndex
    const close = text.indexOf(`</${match[1]}`, bodyStart)
    if (close < 0) break // truncated document: let the XML parser report it
    let body = text.slice(bodyStart, close)
    if (prefixed) body = body.replace(prefixed, '$1')
    out.push(text.slice(last, match.index))
    out.push(`<${match[1]}${attrs.replace(xhtmlType, 'type="html"')}>`)
    out.push(`<![CDATA[${body.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`)
    last = close
    opening.lastIndex = close
  }
  out.push(text.slice(last))
  return out.join('')
}
