export const NETWORKS = [
  'x',
  'mastodon',
  'bluesky',
  'linkedin',
  'instagram',
  'tiktok',
  'youtube',
  'threads',
  'github',
  'facebook',
  'twitch',
  'website',
] as const
export type Network = (typeof NETWORKS)[number]

/** A handle on a network, normalised so that two spellings of the same account compare equal. */
export interface Handle {
  network: Network
  handle: string
  /** the profile's address, to link to */
  url: string
}

/** A handle and where it was read: the sector file, or which signal of which article. */
export interface FoundHandle extends Handle {
  signal: string
  articleId: number | null
  feedId: number | null
}

/** One spelling of an author on one source, with the handles found for it: what merging groups. */
export interface PersonCandidate {
  key: string
  feedId: number
  name: string
  normName: string
  articles: number
  handles: FoundHandle[]
}
