const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c]!)
}

/** The URL, normalised, if it is an absolute http(s) one; null for anything else (javascript:, data:...). */
export function httpUrl(url: string): string | null {
  if (!URL.canParse(url)) return null
  const parsed = new URL(url)
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
}

/** One line: feeds put newlines and runs of spaces in titles and names. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** The text on one line, cut at a word before `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const line = oneLine(text)
  if (line.length <= max) return line
  const cut = line.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`
}

/**
 * Text that Markdown shows as written: every character with inline meaning is backslash-escaped, and
 * what would start a block (heading, list, rule) at the start of a line as well.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\`*_{}[\]()<>#!|~]/g, '\\$&')
      // "&" only when it would start an entity ("&amp;", "&#35;"): "R&D" stays as it is.
      .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
      .replace(/^(\s*)([-+=])/gm, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
  )
}

/** An http(s) URL for a Markdown link destination: parentheses and spaces would end it early. */
export function markdownUrl(url: string): string {
  return url.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}
