import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { decodeBody } from '../lib/decode.ts'
import { errorMessage } from '../lib/errors.ts'
import { sniffFeed } from './feed-sniff.ts'
import { FeedParseError, type ParsedFeed } from './feed-types.ts'
import { parseJsonFeed } from './json-feed.ts'
import { mapXmlFeed } from './xml-feed.ts'
import { parseXmlTree } from './xml-tree.ts'

export { FeedParseError, type FeedEntry, type FeedFormat, type ParsedFeed } from './feed-types.ts'

// The fetcher caps bodies well below this; the guard keeps a direct caller from feeding us a
// gigabyte string.
const MAX_TEXT = 64 * 1024 * 1024
const MAX_GUNZIPPED = 128 * 1024 * 1024

export interface ParseFeedOptions {
  /** The feed's URL: the last base for relative links. */
  url: string
  /** Dates more than two days after this are dropped (a broken clock must not pin an entry). */
  now?: Date
}

/** Parses decoded feed text; never throws anything but FeedParseError; never hangs. */
export async function parseFeed(text: string, opts: ParseFeedOptions): Promise<ParsedFeed> {
  const now = opts.now ?? new Date()
  try {
    if (typeof text !== 'string') throw new FeedParseError('empty document')
    if (text.length > MAX_TEXT)
      throw new FeedParseError(`document too large (${text.length} characters)`)
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    const sniffed = sniffFeed(body)
    const doc = body.slice(sniffed.start)
    if (sniffed.format === 'json') return parseJsonFeed(doc, opts.url, now)
    const { tree, strictError } = await parseXmlTree(doc, sniffed.format)
    const feed = mapXmlFeed(tree, sniffed.format, opts.url, now)
    // A lenient parse that lost every item (a stray close tag swallowed them) must not pass
    // for an empty feed: report the XML error so the feed's owner can see it.
    if (strictError && !feed.entries.length && /<([\w.-]+:)?(item|entry)[\s>]/i.test(doc)) {
      throw new FeedParseError(strictError)
    }
    return feed
  } catch (err) {
    if (err instanceof FeedParseError) throw err
    // Our own bug on an odd document: still report it as this feed's failure, not a crash.
    throw new FeedParseError(`feed parser failed: ${errorMessage(err)}`, { bug: true })
  }
}

/** Reads a saved feed file (gzip detected by its magic bytes), decodes its charset, parses it. */
export async function parseFeedFile(
  path: string,
  opts: { url?: string; now?: Date } = {},
): Promise<ParsedFeed> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
    if (bytes[0] === 0x1f && bytes[1] === 0x8b)
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED })
  } catch (err) {
    throw new FeedParseError(`cannot read ${path}: ${errorMessage(err)}`)
  }
  const start = bytes.subarray(0, 64).toString('latin1').trimStart()
  const { text } = decodeBody(bytes, null, start.startsWith('{') ? 'json' : 'xml')
  return parseFeed(text, { url: opts.url ?? pathToFileURL(path).href, now: opts.now })
}
