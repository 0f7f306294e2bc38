import { AppError } from '../lib/errors.ts'

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json'

export interface FeedEntry {
  /** id/guid, else the link, else a stable hash of title+date+summary; never empty. */
  guid: string
  /** Absolute http(s) URL, resolved against xml:base, the channel link or the feed URL. */
  link: string | null
  /** Plain text, entities decoded, whitespace collapsed; '' if none. */
  title: string
  author: string | null
  /** Null when absent, unparseable or absurd: the crawler then uses the first-seen time. */
  publishedAt: Date | null
  updatedAt: Date | null
  /** Plain text, at most SUMMARY_MAX characters. */
  summary: string | null
  /** Full content as the feed gives it, not sanitised (the extract stage does that). */
  contentHtml: string | null
  categories: string[]
}

export interface ParsedFeed {
  format: FeedFormat
  title: string
  siteUrl: string | null
  description: string | null
  language: string | null
  entries: FeedEntry[]
}

export const SUMMARY_MAX = 1000

/** A document that is not a feed we can read; the message says why, for the feed's lastError. */
export class FeedParseError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('feed_parse_failed', details, message)
    this.name = 'FeedParseError'
  }
}
