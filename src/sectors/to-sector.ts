import type { SectorYaml } from './schema.ts'
import type { SectorDef, SourceDef } from './types.ts'
import type { YamlPath } from './yaml-position.ts'

export const DEFAULT_HALF_LIFE_HOURS = 48
/** Share of its score an article loses when old (freshness 0): orders equally relevant articles. */
export const DEFAULT_FRESHNESS_WEIGHT = 0.15
/** No article scoring below this makes the shortlist, however quiet the day. */
export const DEFAULT_SHORTLIST_FLOOR = 0.2
export const DEFAULT_TOPIC_WEIGHT = 1
export const DEFAULT_SOURCE_KIND = 'blog'
export const DEFAULT_TIMEZONE = 'Europe/Paris'

export interface SemanticIssue {
  path: YamlPath
  message: string
}

/** Checks that span several entries (duplicates), which a per-field schema cannot express. */
export function crossChecks(raw: SectorYaml): SemanticIssue[] {
  const issues: SemanticIssue[] = []
  const feeds = new Map<string, number>()
  ;(raw.sources ?? []).forEach((source, i) => {
    const key = feedKey(source.feed)
    const first = feeds.get(key)
    if (first === undefined) feeds.set(key, i)
    else {
      const message = `duplicate feed, already used by sources[${first}]`
      issues.push({ path: ['sources', i, 'feed'], message })
    }
  })
  const topics = new Map<string, number>()
  ;(raw.profile?.topics ?? []).forEach((topic, i) => {
    const key = topic.name.toLowerCase()
    const first = topics.get(key)
    if (first === undefined) topics.set(key, i)
    else {
      const message = `duplicate topic name, already used by topics[${first}]`
      issues.push({ path: ['profile', 'topics', i, 'name'], message })
    }
  })
  return issues
}

/** The validated YAML with defaults applied, in the camelCase shape the pipeline uses. */
export function toSectorDef(raw: SectorYaml, slug: string, file: string): SectorDef {
  const profile = raw.profile ?? {}
  return {
    slug,
    name: raw.name,
    language: raw.language,
    description: raw.description || null,
    public: raw.public ?? false,
    timezone: raw.timezone ?? DEFAULT_TIMEZONE,
    hashtags: (raw.hashtags ?? []).map((h) => h.replace(/^#/, '')),
    digest: raw.digest ? { time: raw.digest.time, to: raw.digest.to } : null,
    profile: {
      halfLifeHours: profile.half_life_hours ?? DEFAULT_HALF_LIFE_HOURS,
      // Left out unless the file sets them: the scoring and shortlist stages apply the defaults.
      ...(profile.freshness_weight != null && { freshnessWeight: profile.freshness_weight }),
      ...(profile.shortlist_floor != null && { shortlistFloor: profile.shortlist_floor }),
      topics: (profile.topics ?? []).map((t) => ({
        name: t.name,
        weight: t.weight ?? DEFAULT_TOPIC_WEIGHT,
        terms: t.terms,
      })),
      excluded: profile.excluded ?? [],
    },
    sources: (raw.sources ?? []).map((s): SourceDef => ({
      name: s.name,
      siteUrl: s.site ?? null,
      feedUrl: s.feed,
      noFeed: s.no_feed ?? false,
      kind: s.kind ?? DEFAULT_SOURCE_KIND,
      people: (s.people ?? []).map((p) => ({ name: p.name, handles: presentHandles(p.handles) })),
      tags: s.tags ?? [],
      lang: s.lang ?? null,
    })),
    file,
  }
}

function presentHandles(handles: Record<string, string | null | undefined> | null | undefined) {
  const out: Record<string, string> = {}
  for (const [network, handle] of Object.entries(handles ?? {})) if (handle) out[network] = handle
  return out
}

// Two spellings of one feed (http vs https, a trailing slash, host case) are the same subscription.
function feedKey(feed: string): string {
  const url = new URL(feed)
  return `${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}${url.search}`
}
