/** A span of a string, in UTF-16 indices as JavaScript slices it. */
export interface Span {
  start: number
  end: number
  value: string
}

// A link starts with its scheme; it stops at whitespace, angle brackets, quotes and French guillemets.
const linkPattern = /\bhttps?:\/\/[^\s<>"«»“”]+/giu
const trailing = /[.,;:!?'’…]+$/u

/** Links written with their scheme, without the sentence punctuation that follows them. */
export function findLinks(text: string): Span[] {
  const spans: Span[] = []
  for (const match of text.matchAll(linkPattern)) {
    let value = match[0].replace(trailing, '')
    // A closing parenthesis belongs to the link only if the link opened one ("…/Lyon_(ville)").
    while (value.endsWith(')') && count(value, '(') < count(value, ')')) {
      value = value.slice(0, -1).replace(trailing, '')
    }
    if (!plausible(value)) continue
    spans.push({ start: match.index, end: match.index + value.length, value })
  }
  return spans
}

const count = (s: string, c: string) => s.split(c).length - 1

function plausible(value: string): boolean {
  try {
    const host = new URL(value).hostname
    return host.includes('.') || host.includes(':') || host === 'localhost'
  } catch {
    return false
  }
}

const label = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?'
// An atproto handle: a domain name of two labels or more, whose top label is not all digits.
const handlePattern = new RegExp(`(^|[\\s(])@(${label}(?:\\.${label})+)`, 'g')

/** Bluesky mentions ("@alice.bsky.social"), the span covering the "@". */
export function findHandles(text: string): Span[] {
  const spans: Span[] = []
  for (const match of text.matchAll(handlePattern)) {
    const handle = match[2]
    if (/^\d+$/.test(handle.slice(handle.lastIndexOf('.') + 1))) continue
    // "@alice@mastodon.social" is a Mastodon address, not a Bluesky handle.
    const after = text[match.index + match[0].length]
    if (after === '@') continue
    const start = match.index + match[1].length
    spans.push({ start, end: start + 1 + handle.length, value: handle.toLowerCase() })
  }
  return spans
}

const tagPattern = /(^|\s)[#＃]([\p{L}\p{M}\p{N}_]+)/gu

/** Hashtags ("#CommunityManagement"); the value is the tag without "#", digits-only tags skipped. */
export function findTags(text: string): Span[] {
  const spans: Span[] = []
  for (const match of text.matchAll(tagPattern)) {
    const tag = match[2]
    if (/^[\p{N}_]+$/u.test(tag) || [...tag].length > 64) continue
    const start = match.index + match[1].length
    spans.push({ start, end: start + 1 + tag.length, value: tag })
  }
  return spans
}
