/** One feed of a sector, as the rest of the pipeline sees it (camelCase, defaults applied). */
export interface SourceDef {
  name: string
  siteUrl: string | null
  feedUrl: string
  /** The site has no feed: `feedUrl` is a page whose listed articles are followed. */
  noFeed: boolean
  kind: 'blog' | 'media' | 'influencer'
  people: { name: string; handles: Record<string, string> }[]
  tags: string[]
  lang: string | null
}

/** A weighted theme of the sector; terms may be single words or multi-word phrases. */
export interface TopicDef {
  name: string
  weight: number
  terms: string[]
}

export interface SectorProfile {
  topics: TopicDef[]
  excluded: string[]
  halfLifeHours: number
  /** Share of its score an old article loses (0..FRESHNESS_WEIGHT_MAX). */
  freshnessWeight?: number
  /** Lowest score a shortlist item may have. */
  shortlistFloor?: number
}

export interface SectorDef {
  slug: string
  name: string
  language: string
  description: string | null
  /** Picks published at /p/<slug> and as feeds. */
  public: boolean
  timezone: string
  /** Without '#'. */
  hashtags: string[]
  /** The daily digest email: local time in `timezone` and recipients; null when none. */
  digest: { time: string; to: string[] } | null
  profile: SectorProfile
  sources: SourceDef[]
  file: string
}

/** A problem in one sector file; line and column are 1-based, null when about the whole file. */
export interface SectorLoadError {
  file: string
  line: number | null
  column: number | null
  message: string
}

export interface OpmlOutline {
  title: string
  xmlUrl: string
  htmlUrl: string | null
  category: string | null
}
