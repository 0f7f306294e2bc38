import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { charsetFromContentType, decodeBody } from '../../src/lib/decode.ts'

// "œ", "€" and the curly apostrophe exist in windows-1252 but not in ISO-8859-1: servers that
// say "latin1" almost always mean windows-1252, and these characters show how we read it.
const french = 'Noël à Besançon : l’œuvre du chœur coûte 12 € — réservez tôt !'

const rss = (encodingDecl: string) =>
  `<?xml version="1.0"${encodingDecl}?>\n` +
  `<rss version="2.0"><channel><title>${french}</title></channel></rss>`

const html = (head: string) =>
  `<!doctype html><html lang="fr"><head>${head}<title>Agenda</title></head>` +
  `<body><p>${french}</p></body></html>`

const cp1252 = (text: string) => iconv.encode(text, 'windows-1252')

describe('decodeBody', () => {
  it('uses an ISO-8859-1 charset from the header, read as windows-1252', () => {
    const body = cp1252(rss(''))
    const { text, charset } = decodeBody(body, 'application/rss+xml; charset=ISO-8859-1', 'xml')
    expect(charset).toBe('windows-1252')
    expect(text).toContain(french)
  })

  it('accepts a quoted charset in the header', () => {
    expect(charsetFromContentType('text/html; charset="iso-8859-1"')).toBe('windows-1252')
    expect(charsetFromContentType('text/html; charset=UTF-8')).toBe('utf-8')
    expect(charsetFromContentType('text/html; charset=klingon')).toBeNull()
    expect(charsetFromContentType(null)).toBeNull()
  })

  it('falls back to the XML prolog when the header has no charset', () => {
    const body = cp1252(rss(' encoding="ISO-8859-1"'))
    const { text, charset } = decodeBody(body, 'application/xml', 'xml')
    expect(charset).toBe('windows-1252')
    expect(text).toContain(french)
  })

  it('reads <meta charset> when it is the only declaration', () => {
    const body = cp1252(html('<meta charset="windows-1252">'))
    const { text, charset } = decodeBody(body, 'text/html', 'html')
    expect(charset).toBe('windows-1252')
    expect(text).toContain(french)
  })

  it('reads the old http-equiv form of the meta declaration', () => {
    const meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    const body = cp1252(html(meta))
    const { text } = decodeBody(body, null, 'html')
    expect(text).toContain(french)
  })

  it('lets a UTF-8 BOM win over a wrong header, and strips it', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(''), 'utf8')])
    const { text, charset } = decodeBody(body, 'text/xml; charset=iso-8859-1', 'xml')
    expect(charset).toBe('utf-8')
    expect(text.startsWith('<?xml')).toBe(true)
    expect(text).toContain(french)
  })

  it('decodes UTF-16LE announced by its BOM', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(rss(''), 'utf-16le')])
    const { text, charset } = decodeBody(body, null, 'xml')
    expect(charset).toBe('utf-16le')
    expect(text).toContain(french)
  })

  it('overrules a header claiming UTF-8 over windows-1252 bytes', () => {
    const { text, charset } = decodeBody(cp1252(rss('')), 'text/xml; charset=utf-8', 'xml')
    expect(charset).toBe('windows-1252')
    expect(text).toContain(french)
    expect(text).not.toContain('\ufffd')
  })

  it('prefers the document declaration when a UTF-8 header is wrong', () => {
    const body = iconv.encode(rss(' encoding="ISO-8859-15"'), 'iso-8859-15')
    const { text, charset } = decodeBody(body, 'application/rss+xml; charset=utf-8', 'xml')
    expect(charset).toBe('iso-8859-15')
    expect(text).toContain('12 €')
  })

  it('trusts a correct UTF-8 header', () => {
    const body = Buffer.from(rss(''), 'utf8')
    const { text, charset } = decodeBody(body, 'text/xml; charset=utf-8', 'xml')
    expect(charset).toBe('utf-8')
    expect(text).toContain(french)
  })

  it('guesses UTF-8 or windows-1252 from the bytes when nothing is declared', () => {
    expect(decodeBody(Buffer.from(french, 'utf8'), null).charset).toBe('utf-8')
    const latin = decodeBody(cp1252(french), null)
    expect(latin.charset).toBe('windows-1252')
    expect(latin.text).toBe(french)
  })

  it('ignores a meta-like string in JSON', () => {
    const json = JSON.stringify({ html: '<meta charset="windows-1252">', titre: french })
    const body = Buffer.from(json, 'utf8')
    const { text, charset } = decodeBody(body, 'application/json', 'json')
    expect(charset).toBe('utf-8')
    expect(JSON.parse(text).titre).toBe(french)
  })
})
