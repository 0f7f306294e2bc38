/** What the feed item itself says, used where the page is silent or could not be read. */
export interface FeedFallback {
  title?: string | null
  author?: string | null
  publishedAt?: Date | null
  summary?: string | null
  contentHtml?: string | null
}

/** One article as Vigie keeps it: metadata, sanitised HTML and plain text. */
export interface Extracted {
  /** the page URL given */
  url: string
  /** the page's own canonical URL when it is on the same site, else the URL given; canonicalised */
  canonicalUrl: string
  title: string
  author: string | null
  /** ISO 8601 */
  publishedAt: string | null
  siteName: string | null
  /** lead image, absolute http(s) */
  image: string | null
  /** ISO 639-1, declared by the page or detected from its text */
  lang: string | null
  excerpt: string | null
  wordCount: number
  readingMinutes: number
  /** sanitised article HTML */
  html: string
  text: string
  /** where the body came from: Readability, the page's JSON-LD articleBody, or the feed item */
  source: 'readability' | 'json-ld' | 'feed'
}

export interface ExtractInput {
  html: string
  url: string
  feed?: FeedFallback
}
