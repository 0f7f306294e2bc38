/** The page's markup made safe to hand to jsdom, and the JSON-LD blocks taken out of it. */
export interface PreparedHtml {
  html: string
  jsonLd: string[]
}

// A start tag whose attributes are separated by whitespace; written so that it cannot backtrack
// badly. A tag it does not match is left as it is, for the HTML parser to judge.
const startTag =
  /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?|\s*\/)*)\s*>/y
const attribute = /\s+([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?|\s*\//g
const jsonLdType = /\btype\s*=\s*["']?application\/ld\+json/i
// Inline style is kept only for what tells hidden or 1x1 elements apart; jsdom 29's inline-style
// parser throws on some real-world values ("background:url(a.png)no-repeat;color:red").
const keptStyleProps = new Set(['display', 'visibility', 'width', 'height'])
const simpleStyleValue = /^[\w\s.%#-]+$/

export interface PrepareOptions {
  /** Drop inline styles entirely (the retry when jsdom still throws). */
  dropStyles?: boolean
  /**
   * Drop id and name attributes. jsdom registers elements that have them with the window's named
   * properties even in a DOMParser document, which keeps every such document alive: a long-lived
   * window (DOMPurify's) would grow by the size of each page it parses.
   */
  dropIds?: boolean
}

/**
 * Removes <script>, <style> and comments from raw HTML before jsdom sees it (jsdom throws on some
 * stylesheets, and they cost parse time), keeping the JSON-LD scripts' text aside.
 */
export function prepareHtml(html: string, opts: PrepareOptions = {}): PreparedHtml {
  const attrsToCheck = opts.dropIds ? /\s(?:style|id|name)\s*=/i : /\sstyle\s*=/i
  const jsonLd: string[] = []
  let out = ''
  let last = 0
  let i = 0
  while ((i = html.indexOf('<', i)) !== -1) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4)
      out += html.slice(last, i)
      last = i = end < 0 ? html.length : end + 3
      continue
    }
    startTag.lastIndex = i
    const m = startTag.exec(html)
    if (!m) {
      i += 1
      continue
    }
    const name = m[1]!.toLowerCase()
    const afterTag = i + m[0].length
    if (name === 'script' || name === 'style') {
      const close = new RegExp(`</${name}[\\s/>]`, 'ig')
      close.lastIndex = afterTag
      const closeMatch = close.exec(html)
      const bodyEnd = closeMatch ? closeMatch.index : html.length
      const closeEnd = closeMatch ? html.indexOf('>', bodyEnd) + 1 || html.length : html.length
      if (name === 'script' && jsonLdType.test(m[2]!)) jsonLd.push(html.slice(afterTag, bodyEnd))
      out += html.slice(last, i)
      last = i = closeEnd
      continue
    }
    if (attrsToCheck.test(m[2]!)) {
      out += html.slice(last, i) + '<' + m[1] + rewriteAttributes(m[2]!, opts) + '>'
      last = afterTag
    }
    i = afterTag
  }
  out += html.slice(last)
  return { html: out, jsonLd }
}

function rewriteAttributes(attrs: string, opts: PrepareOptions): string {
  return attrs.replace(attribute, (whole, name: string | undefined, value: string | undefined) => {
    const lower = name?.toLowerCase()
    if (opts.dropIds && (lower === 'id' || lower === 'name')) return ''
    if (lower !== 'style') return whole
    if (opts.dropStyles || !value) return ''
    const kept = unquote(value)
      .split(';')
      .map((decl) => decl.split(':').map((s) => s.trim().toLowerCase()))
      .filter(([prop, val]) => keptStyleProps.has(prop!) && val && simpleStyleValue.test(val))
      .map(([prop, val]) => `${prop}:${val}`)
    return kept.length ? ` style="${kept.join(';')}"` : ''
  })
}

function unquote(value: string): string {
  const q = value[0]
  return q === '"' || q === "'" ? value.slice(1, -1) : value
}
