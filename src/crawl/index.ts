export { refreshFeed, type CrawlDeps, type FeedOutcome } from './refresh-feed.ts'
export { parseFeed, parseFeedFile, FeedParseError, type ParsedFeed, type FeedEntry } from './parse-feed.ts'
export * as schedule from './schedule.ts'
export { crawlerId, ownerIsGone } from './lease-owner.ts'
export { feedErrorCode, FEED_ERROR_CODES, type FeedErrorCode } from './feed-error.ts'
export {
  discoverFeed,
  listPage,
  type FeedDiscovery,
  type FeedDiscoveryDeps,
  type PageListing,
} from './feed-discovery.ts'
export { htmlFeedLinks, COMMON_FEED_PATHS } from './html-feed-links.ts'
