const blockTags = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
])
const cellTags = new Set(['TD', 'TH'])
const skipTags = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG'])

/**
 * Plain text of an element, with paragraphs and list items on their own lines. Figure captions
 * are left out: they describe a picture, not the story.
 */
export function htmlToText(root: Node, opts: { captions?: boolean } = {}): string {
  const skip = opts.captions ? skipTags : new Set([...skipTags, 'FIGCAPTION'])
  const parts: string[] = []
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      parts.push((node.nodeValue ?? '').replace(/\s+/g, ' '))
      return
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) return
    const tag = (node as Element).tagName
    if (tag && skip.has(tag.toUpperCase())) return
    if (tag === 'BR') {
      parts.push('\n')
      return
    }
    const block = tag ? blockTags.has(tag) : false
    if (block) parts.push('\n\n')
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child)
    if (block) parts.push('\n\n')
    else if (tag && cellTags.has(tag)) parts.push(' \t ')
  }
  walk(root)
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
