export { refreshFeed, type CrawlDeps, type FeedOutcome } from './refresh-feed.ts'
export { parseFeed, parseFeedFile, FeedParseError, type ParsedFeed, type FeedEntry } from './parse-feed.ts'
export * as schedule from './schedule.ts'
export { crawlerId, ownerIsGone } from './lease-owner.ts'
