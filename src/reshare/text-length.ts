import { findLinks } from './links.ts'
import { NETWORKS, type Network } from './types.ts'

export interface TextLength {
  used: number
  limit: number
  over: boolean
}

export interface LengthOptions {
  /** The network's limit when it is not the default (a Mastodon instance's max_characters). */
  limit?: number
  /** What one link counts for on Mastodon (configuration.statuses.characters_reserved_per_url). */
  urlLength?: number
}

export const DEFAULT_LIMITS: Readonly<Record<Network, number>> = {
  mastodon: 500,
  x: 280,
  bluesky: 300,
  linkedin: 3000,
  threads: 500,
  facebook: 63206,
}

const URL_LENGTH = 23
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const graphemes = (text: string) => Array.from(graphemeSegmenter.segment(text), (s) => s.segment)

/** A grapheme drawn as an emoji: pictographs with emoji presentation, flags, keycaps, ZWJ sequences. */
const emojiPattern =
  /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}|\u20E3/u
const isEmoji = (grapheme: string) => emojiPattern.test(grapheme)

// Mastodon counts "@alice@exemple.social" as "@alice": the domain is not the author's doing.
const remoteMention = /(?<![=/\w])@(\w+(?:[\w.-]*\w)?)@[\w.-]*\w/gu

/** The text between links, piece by piece (so no grapheme spans a cut), and how many links. */
function splitLinks(text: string): { pieces: string[]; links: number } {
  const links = findLinks(text)
  const pieces: string[] = []
  let from = 0
  for (const link of links) {
    pieces.push(text.slice(from, link.start))
    from = link.end
  }
  pieces.push(text.slice(from))
  return { pieces, links: links.length }
}

/** Mastodon: grapheme clusters, each link as urlLength, remote mentions without their domain. */
function mastodonUsed(text: string, urlLength: number): number {
  const { pieces, links } = splitLinks(text)
  let used = links * urlLength
  for (const piece of pieces) used += graphemes(piece.replace(remoteMention, '@$1')).length
  return used
}

// twitter-text v3: code points in these ranges weigh 1, every other code point 2, an emoji 2.
const lightRanges: [number, number][] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
]
const weightOf = (cp: number) => (lightRanges.some(([a, b]) => cp >= a && cp <= b) ? 1 : 2)

/**
 * X: twitter-text's weighting on NFC text. Simplification: twitter-text finds emoji with its own
 * regex and links without a scheme too ("exemple.fr"); here an emoji is a grapheme that Unicode
 * draws as one, and only links with http(s):// count as 23.
 */
function xUsed(text: string): number {
  const { pieces, links } = splitLinks(text.normalize('NFC'))
  let used = links * URL_LENGTH
  for (const g of pieces.flatMap(graphemes)) {
    if (isEmoji(g)) used += 2
    else for (const ch of g) used += weightOf(ch.codePointAt(0)!)
  }
  return used
}

/** Threads: characters, but an emoji counts as its UTF-8 bytes (Meta's documented rule). */
function threadsUsed(text: string): number {
  let used = 0
  for (const g of graphemes(text)) used += isEmoji(g) ? Buffer.byteLength(g) : [...g].length
  return used
}

/**
 * How much of a network's limit a text uses, counted as that network counts. LinkedIn and Facebook
 * publish a limit in "characters" without a rule; UTF-16 units (an emoji is 2) never under-count.
 */
export function textLength(network: Network, text: string, opts: LengthOptions = {}): TextLength {
  const limit = opts.limit ?? DEFAULT_LIMITS[network]
  const used = usedBy(network, text, opts)
  return { used, limit, over: used > limit }
}

function usedBy(network: Network, text: string, opts: LengthOptions): number {
  switch (network) {
    case 'mastodon':
      return mastodonUsed(text, opts.urlLength ?? URL_LENGTH)
    case 'x':
      return xUsed(text)
    case 'bluesky':
      // The full link stays in the text (its facet points at it), so it counts whole.
      return graphemes(text).length
    case 'threads':
      return threadsUsed(text)
    case 'linkedin':
    case 'facebook':
      return text.length
  }
}

/** The same text measured for every network; `options` per network (Mastodon's instance limit). */
export function textLengths(
  text: string,
  options: Partial<Record<Network, LengthOptions>> = {},
): Record<Network, TextLength> {
  const entries = NETWORKS.map((n) => [n, textLength(n, text, options[n])] as const)
  return Object.fromEntries(entries) as Record<Network, TextLength>
}
