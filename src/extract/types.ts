/** What the feed item itself says, used where the page is silent or could not be read. */
export interface FeedFallback {
  title?: string | null
  author?: string | null
  publishedAt?: Date | null
  summary?: string | null
  contentHtml?: string | null
}

/** What a page says about who wrote it and where they are online, as written (the directory normalises). */
export interface ProfileSignals {
  /** <a rel="me"> and <link rel="me"> targets */
  relMe: string[]
  /** <a rel="author"> and <link rel="author"> targets (author pages) */
  relAuthor: string[]
  twitterCreator: string[]
  twitterSite: string[]
  fediverseCreator: string[]
  /** article:author values: a name or a profile URL */
  articleAuthor: string[]
  /** JSON-LD author (or creator) objects */
  ldAuthors: { name: string | null; url: string | null; sameAs: string[] }[]
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
  /** author and site profile signals of the page, read before it is reduced to the article */
  profiles?: ProfileSignals | null
}

export interface ExtractInput {
  html: string
  url: string
  feed?: FeedFallback
}
