import type { Listing } from '../extract/index.ts'
import { canonicalizeUrl } from '../lib/canonical-url.ts'
import type { FeedEntry } from './feed-types.ts'

/** The articles a page lists, as the entries of a feed keyed by their canonical address. */
export function listingEntries(listing: Listing): FeedEntry[] {
  return listing.articles.map((a) => ({
    guid: canonicalizeUrl(a.url),
    link: a.url,
    title: a.title,
    author: null,
    publishedAt: a.publishedAt ? new Date(a.publishedAt) : null,
    updatedAt: null,
    summary: null,
    contentHtml: null,
    categories: [],
  }))
}
