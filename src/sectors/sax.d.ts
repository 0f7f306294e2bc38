// sax ships no types and @types/sax is not installed; this covers the part opml-parse.ts uses.
declare module 'sax' {
  export interface Tag {
    name: string
    attributes: Record<string, string>
    isSelfClosing: boolean
  }
  export interface SAXOptions {
    lowercase?: boolean
    trim?: boolean
    normalize?: boolean
    position?: boolean
  }
  export interface SAXParser {
    line: number
    column: number
    onopentag: (tag: Tag) => void
    onclosetag: (name: string) => void
    ontext: (text: string) => void
    oncdata: (text: string) => void
    ondoctype: (doctype: string) => void
    onerror: (err: Error) => void
    write(chunk: string): SAXParser
    close(): SAXParser
  }
  export function parser(strict: boolean, options?: SAXOptions): SAXParser
  const sax: { parser: typeof parser }
  export default sax
}
