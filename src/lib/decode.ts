import iconv from 'iconv-lite'

export type BodyKind = 'xml' | 'html' | 'json' | 'unknown'

// WHATWG Encoding: these labels all mean windows-1252 in browsers, and French blogs rely on it
// (a "latin1" page with curly quotes or the euro sign is really windows-1252).
const aliases: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'x-sjis': 'shift_jis',
  'utf8': 'utf-8',
}

function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null
  const l = label.trim().replace(/^["']|["']$/g, '').toLowerCase()
  if (!l) return null
  const name = aliases[l] ?? l
  return iconv.encodingExists(name) ? name : null
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = /charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType ?? '')
  return m ? normalizeCharset(m[2]) : null
}

function sniffBom(body: Buffer): { charset: string; skip: number } | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { charset: 'utf-8', skip: 3 }
  if (body[0] === 0xff && body[1] === 0xfe) return { charset: 'utf-16le', skip: 2 }
  if (body[0] === 0xfe && body[1] === 0xff) return { charset: 'utf-16be', skip: 2 }
  return null
}

function sniffDeclared(head: string, kind: BodyKind): string | null {
  const xml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)
  if (xml && kind !== 'html') return normalizeCharset(xml[1])
  if (kind === 'html' || kind === 'unknown') {
    const meta =
      /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ??
      /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head)
    if (meta) return normalizeCharset(meta[1])
  }
  return xml ? normalizeCharset(xml[1]) : null
}

function isValidUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body)
    return true
  } catch {
    return false
  }
}

/**
 * Turns response bytes into text: BOM first, then the HTTP header, then the document's own declaration
 * (XML prolog or <meta charset>), then UTF-8 if the bytes are valid UTF-8, else windows-1252.
 * A header that claims UTF-8 over bytes that are not is overruled by the declaration or windows-1252,
 * because mislabelled Latin-1 servers are common.
 */
export function decodeBody(
  body: Buffer,
  contentType: string | null | undefined,
  kind: BodyKind = 'unknown',
): { text: string; charset: string } {
  const bom = sniffBom(body)
  if (bom) return { text: iconv.decode(body.subarray(bom.skip), bom.charset), charset: bom.charset }
  const head = body.subarray(0, 2048).toString('latin1')
  const fromHeader = charsetFromContentType(contentType)
  const declared = kind === 'json' ? null : sniffDeclared(head, kind)
  let charset = fromHeader ?? declared ?? null
  if (charset === 'utf-8' && !isValidUtf8(body)) {
    charset = declared && declared !== 'utf-8' ? declared : 'windows-1252'
  }
  if (!charset) charset = isValidUtf8(body) ? 'utf-8' : 'windows-1252'
  return { text: iconv.decode(body, charset), charset }
}
