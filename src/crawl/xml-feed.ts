import { finishEntry } from './feed-entry.ts'
import { baseOf, pickLink } from './feed-links.ts'
import { htmlToText, truncateText } from './feed-text.ts'
import { SUMMARY_MAX, type FeedEntry, type FeedFormat, type ParsedFeed } from './feed-types.ts'
import { authorsOf, xmlEntryDraft } from './xml-entry.ts'
import { attr, children, firstText, isNode, type XmlNode } from './xml-node.ts'

interface Located {
  root: unknown
  channel: unknown
  items: unknown[]
}

function locate(tree: XmlNode, format: FeedFormat): Located {
  const rootKey = Object.keys(tree)[0] ?? ''
  const root = tree[rootKey]
  if (format === 'atom') return { root, channel: root, items: children(root, 'entry') }
  // RSS 0.9x/2.0 nest items in <channel>, RSS 1.0 puts them beside it; broken feeds do either.
  const channel = rootKey === 'channel' ? root : (children(root, 'channel').find(isNode) ?? {})
  const inChannel = children(channel, 'item')
  const items = inChannel.length ? inChannel : children(root, 'item')
  return { root, channel, items }
}

function language(root: unknown, channel: unknown): string | null {
  const value =
    firstText(channel, 'language', 'dc:language') ??
    attr(channel, 'xml:lang') ??
    attr(root, 'xml:lang')
  return value ? value.trim().slice(0, 35) || null : null
}

/** Maps an xml2js tree of an RSS, RDF or Atom document to a ParsedFeed. */
export function mapXmlFeed(tree: XmlNode, format: FeedFormat, url: string, now: Date): ParsedFeed {
  const { root, channel, items } = locate(tree, format)
  const feedBase = baseOf(channel, baseOf(root, url))
  const siteUrl = pickLink(channel, feedBase)
  const titleHtml = firstText(channel, 'title', 'dc:title')
  const descriptionHtml = firstText(channel, 'description', 'subtitle', 'tagline', 'dc:description')
  const description = descriptionHtml ? htmlToText(descriptionHtml) : ''

  const ctx = {
    // Atom resolves against xml:base; RSS has none, so its channel link is the next best base.
    base: format === 'atom' ? feedBase : (siteUrl ?? feedBase),
    feedAuthors: format === 'atom' ? authorsOf(channel, ['author']) : [],
    now,
  }
  const entries: FeedEntry[] = []
  for (const item of items) {
    const entry = finishEntry(xmlEntryDraft(item, ctx))
    if (entry) entries.push(entry)
  }
  return {
    format,
    title: titleHtml ? htmlToText(titleHtml) : '',
    siteUrl,
    description: description ? truncateText(description, SUMMARY_MAX) : null,
    language: language(root, channel),
    entries,
  }
}
