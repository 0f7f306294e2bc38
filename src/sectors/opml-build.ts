import type { OpmlOutline } from './types.ts'

/** Standard OPML 2.0 that Feedly, Inoreader, NewsBlur and Miniflux import. */
export function buildOpml(input: {
  title: string
  outlines: OpmlOutline[]
  dateCreated?: Date
}): string {
  const date = input.dateCreated ?? new Date()
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(input.title)}</title>`,
    `    <dateCreated>${date.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ]
  // Readers only know one level of folders, so each category becomes one folder, placed where
  // its first feed appears; feeds without a category stay at the top level.
  const folders = new Map<string, OpmlOutline[]>()
  const order: (OpmlOutline | string)[] = []
  for (const outline of input.outlines) {
    if (!outline.category) {
      order.push(outline)
      continue
    }
    const folder = folders.get(outline.category)
    if (folder) folder.push(outline)
    else {
      folders.set(outline.category, [outline])
      order.push(outline.category)
    }
  }
  for (const entry of order) {
    if (typeof entry !== 'string') {
      lines.push(`    ${feedOutline(entry)}`)
      continue
    }
    const name = escapeXml(entry)
    lines.push(`    <outline text="${name}" title="${name}">`)
    for (const outline of folders.get(entry) ?? []) lines.push(`      ${feedOutline(outline)}`)
    lines.push('    </outline>')
  }
  lines.push('  </body>', '</opml>', '')
  return lines.join('\n')
}

function feedOutline(o: OpmlOutline): string {
  const title = escapeXml(o.title)
  const html = o.htmlUrl ? ` htmlUrl="${escapeXml(o.htmlUrl)}"` : ''
  const xmlUrl = escapeXml(o.xmlUrl)
  return `<outline type="rss" text="${title}" title="${title}" xmlUrl="${xmlUrl}"${html}/>`
}

function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
}
