const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
}

function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const cp = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1))
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole
    }
    return entities[name.toLowerCase()] ?? whole
  })
}

/**
 * The text of a Mastodon status's HTML: paragraphs as blank lines, <br> as line breaks, tags
 * dropped. A link's hidden spans ("https://", the cut tail) are kept: together they are the URL.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
  return decodeEntities(text)
}

/**
 * A comparable form of a post's text: Mastodon renders "@alice@exemple.social" as "@alice" and may
 * reflow whitespace, so both sides are reduced the same way before comparing.
 */
export function comparable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/(?<![=/\w])@(\w+(?:[\w.-]*\w)?)@[\w.-]*\w/gu, '@$1')
    .replace(/\s+/gu, ' ')
    .trim()
}

/** Whether a post found on the network is the one Vigie sent with this text. */
export function sameText(found: string, sent: string): boolean {
  return comparable(found) === comparable(sent)
}
