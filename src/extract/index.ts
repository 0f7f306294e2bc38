export type { Extracted, ExtractInput, FeedFallback, ProfileSignals } from './types.ts'
import type { Extracted, ExtractInput, FeedFallback } from './types.ts'

// jsdom costs ~100 MB once loaded: the crawler's main thread hands pages to the workers and never
// needs it, so only code that extracts in this thread (the CLI, tests) loads it, on first use.
/** Extracts one page in the current thread (workers, `vigie extract`, evaluation). */
export async function extractPage(input: ExtractInput): Promise<Extracted> {
  return (await import('./extract-page.ts')).extractPage(input)
}

/** Builds an article from the feed's own content, in the current thread. */
export async function extractFromFeed(input: {
  url: string
  feed: FeedFallback
}): Promise<Extracted> {
  return (await import('./extract-page.ts')).extractFromFeed(input)
}
/** The articles a page of a site without a feed lists, in the current thread. */
export async function findListedArticles(html: string, url: string): Promise<Listing> {
  return (await import('./listing.ts')).findListedArticles(html, url)
}
export type { Listing, ListedArticle } from './listing.ts'
import type { Listing } from './listing.ts'
export { canonicalizeUrl } from '../lib/canonical-url.ts'
export { detectLanguage } from './language.ts'
export { countWords, readingMinutes } from './text-stats.ts'
export { ExtractError, type ExtractErrorCode } from './errors.ts'
export { createExtractor, type Extractor, type ExtractorOptions } from './pool.ts'
