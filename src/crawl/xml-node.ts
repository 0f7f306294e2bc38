// Readers for the trees xml2js builds (explicitArray on): an element is a string when it has only
// text, an object `{ _: text, $: attrs, child: [...] }` otherwise, and '' when empty. Feeds in the
// wild put anything anywhere, so every reader accepts any shape and never throws.

export type XmlNode = Record<string, unknown>

const MAX_DEPTH = 32

/** The value as an array: arrays as they are, a single value wrapped, null/undefined as []. */
export function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value
  return value === undefined || value === null ? [] : [value]
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The children named `key` of an element (always an array). */
export function children(node: unknown, key: string): unknown[] {
  return isNode(node) ? list(node[key]) : []
}

/** An attribute of an element, or null. */
export function attr(node: unknown, name: string): string | null {
  if (!isNode(node) || !isNode(node.$)) return null
  const value = node.$[name]
  return typeof value === 'string' ? value : null
}

/** All the text inside an element, children included, in document order as far as xml2js kept it. */
export function text(node: unknown, depth = 0): string {
  if (typeof node === 'string') return node
  if (typeof node === 'number' || typeof node === 'boolean') return String(node)
  if (depth > MAX_DEPTH) return ''
  if (Array.isArray(node)) return node.map((n) => text(n, depth + 1)).join(' ')
  if (!isNode(node)) return ''
  const own = typeof node._ === 'string' ? node._ : ''
  const inner = Object.keys(node)
    .filter((k) => k !== '$' && k !== '_')
    .map((k) => text(node[k], depth + 1))
    .filter(Boolean)
  return [own, ...inner].join(' ')
}

/** Text of the first non-blank child among `keys`, trimmed, or null. */
export function firstText(node: unknown, ...keys: string[]): string | null {
  for (const key of keys) {
    for (const child of children(node, key)) {
      const value = text(child).trim()
      if (value) return value
    }
  }
  return null
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

export function escapeXml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => escapes[c] ?? c)
}

/**
 * Serialises the children of an element back to markup (Atom type="xhtml" content). xml2js groups
 * children by name, so sibling order across different tags is lost; the words all survive.
 */
export function innerXml(node: unknown, depth = 0): string {
  if (typeof node === 'string') return escapeXml(node)
  if (!isNode(node) || depth > MAX_DEPTH) return ''
  const parts: string[] = typeof node._ === 'string' ? [escapeXml(node._)] : []
  for (const key of Object.keys(node)) {
    if (key === '$' || key === '_') continue
    const name = key.replace(/^[\w.-]+:/, '')
    if (!/^[a-zA-Z][\w.-]*$/.test(name)) continue
    for (const child of list(node[key])) {
      const attrs = isNode(child) && isNode(child.$) ? child.$ : {}
      const attrText = Object.entries(attrs)
        .filter(([k, v]) => typeof v === 'string' && !k.startsWith('xmlns') && /^[\w:.-]+$/.test(k))
        .map(([k, v]) => ` ${k}="${escapeXml(v as string)}"`)
        .join('')
      parts.push(`<${name}${attrText}>${innerXml(child, depth + 1)}</${name}>`)
    }
  }
  return parts.join('')
}
