import { parseFeedDate } from './feed-dates.ts'
import { finishEntry } from './feed-entry.ts'
import { resolveHttpUrl } from './feed-links.ts'
import { escapeXml } from './xml-node.ts'
import { htmlToText, truncateText } from './feed-text.ts'
import { FeedParseError, SUMMARY_MAX, type FeedEntry, type ParsedFeed } from './feed-types.ts'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null

// JSON Feed 1.1 has `authors: [{ name, url }]`; 1.0 had `author: { name, url }`.
function authorNames(obj: Json): string[] {
  const list = Array.isArray(obj.authors) ? obj.authors : isObject(obj.author) ? [obj.author] : []
  return list.flatMap((a) => {
    if (typeof a === 'string') return [a]
    return isObject(a) ? [str(a.name) ?? str(a.url) ?? ''] : []
  })
}

function itemEntry(
  item: Json,
  base: string | null,
  feedAuthors: string[],
  now: Date,
): FeedEntry | null {
  const text = str(item.content_text)
  const authors = authorNames(item)
  return finishEntry({
    id: str(item.id),
    link: resolveHttpUrl(str(item.url), base) ?? resolveHttpUrl(str(item.external_url), base),
    // JSON Feed titles are plain text: escape so that "<" survives the HTML-to-text pass.
    titleHtml: str(item.title) ? escapeXml(str(item.title)!) : null,
    authors: authors.length ? authors : feedAuthors,
    publishedAt: parseFeedDate(item.date_published, now),
    updatedAt: parseFeedDate(item.date_modified, now),
    summaryHtml: str(item.summary) ? escapeXml(str(item.summary)!) : null,
    contentHtml: str(item.content_html) ?? (text ? escapeXml(text) : null),
    categories: Array.isArray(item.tags) ? item.tags.filter((t) => typeof t === 'string') : [],
  })
}

/** Maps a JSON Feed 1.0/1.1 document; throws FeedParseError for JSON that is not one. */
export function parseJsonFeed(text: string, url: string, now: Date): ParsedFeed {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new FeedParseError(`JSON error: ${reason.slice(0, 200)}`)
  }
  if (!isObject(doc)) throw new FeedParseError('not a feed: JSON that is not an object')
  const version = str(doc.version) ?? ''
  if (!Array.isArray(doc.items)) {
    throw new FeedParseError(
      /jsonfeed\.org/.test(version)
        ? 'JSON Feed without items'
        : 'not a feed: JSON without a JSON Feed version or items',
    )
  }
  const siteUrl = resolveHttpUrl(str(doc.home_page_url), url)
  const base = siteUrl ?? resolveHttpUrl(str(doc.feed_url), url) ?? url
  const feedAuthors = authorNames(doc)
  const entries = doc.items
    .filter(isObject)
    .map((item) => itemEntry(item, base, feedAuthors, now))
    .filter((e): e is FeedEntry => e !== null)
  const description = str(doc.description) ? htmlToText(escapeXml(str(doc.description)!)) : ''
  return {
    format: 'json',
    title: str(doc.title) ? htmlToText(escapeXml(str(doc.title)!)) : '',
    siteUrl,
    description: description ? truncateText(description, SUMMARY_MAX) : null,
    language: str(doc.language)?.trim().slice(0, 35) ?? null,
    entries,
  }
}
