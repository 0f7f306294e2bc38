import type { ProfileSignals } from '../extract/index.ts'
import { siteHost } from './links.ts'
import { mergeCandidates } from './merge.ts'
import { isRising, weeklyCounts, WEEKS } from './metrics.ts'
import { normaliseName } from './names.ts'
import { pageRank, type Edge } from './pagerank.ts'
import { discoverProfiles, sectorFileHandles } from './profiles.ts'
import type { FoundHandle, PersonCandidate } from './types.ts'

export interface DirectoryInput {
  now: Date
  feeds: {
    id: number
    url: string
    siteUrl: string | null
    people: { name: string; handles?: Record<string, string> }[] | null
  }[]
  articles: {
    id: number
    feedId: number
    author: string | null
    url: string
    canonicalUrl: string
    publishedAt: Date
    score: number | null
    shortlisted: boolean
    status: string
    signals: ProfileSignals | null
  }[]
  /**
   * Links counted per citing source, cited host and week of the citing article (0 = the 7 days up
   * to `now`, -1 = outside the WEEKS counted): how many distinct articles link there.
   */
  citationCounts: { feedId: number; host: string; week: number; articles: number }[]
  /** Links from an article to another source's article of the sector (`target`). */
  articleCitations: { target: number; articleId: number; feedId: number; publishedAt: Date }[]
  /** The people already known, by alias, so that a recomputed person keeps its id (and edits). */
  existingLinks: { feedId: number; normName: string; personId: number }[]
  /** Aliases a curator placed with a person (merge, split): kept there, never regrouped. */
  pins?: { feedId: number; normName: string; personId: number }[]
}

export interface Stats {
  articles: number
  weekly: number[]
  citedWeekly: number[]
  lastPublishedAt: Date | null
  affinity: number | null
  shortlistShare: number | null
  approveRate: number | null
  citations: number
  citingSources: number
  influence: number
  rising: boolean
}

export interface ComputedDirectory {
  sources: { feedId: number; host: string | null; handles: FoundHandle[]; stats: Stats }[]
  people: {
    id: number | null
    name: string
    normName: string
    aliases: { feedId: number; normName: string; name: string; articles: number }[]
    handles: FoundHandle[]
    stats: Stats
  }[]
}

type Article = DirectoryInput['articles'][number]
type CitationCount = DirectoryInput['citationCounts'][number]

/** What others' links say of a source or a person: citing articles, their sources, per week. */
interface Cited {
  citations: number
  citingSources: number
  citedWeekly: number[]
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d

function citedFromCounts(counts: CitationCount[]): Cited {
  const citedWeekly = new Array<number>(WEEKS).fill(0)
  const feeds = new Set<number>()
  let citations = 0
  for (const c of counts) {
    citations += c.articles
    feeds.add(c.feedId)
    if (c.week >= 0 && c.week < WEEKS) citedWeekly[c.week]! += c.articles
  }
  return { citations, citingSources: feeds.size, citedWeekly }
}

function citedFromArticles(list: DirectoryInput['articleCitations'], now: Date): Cited {
  const citing = new Map(list.map((c) => [c.articleId, c]))
  return {
    citations: citing.size,
    citingSources: new Set(list.map((c) => c.feedId)).size,
    citedWeekly: weeklyCounts(
      [...citing.values()].map((c) => c.publishedAt),
      now,
    ),
  }
}

function statsOf(list: Article[], cited: Cited, influence: number, now: Date): Stats {
  const scores = list.map((a) => a.score).filter((s): s is number => s !== null)
  const decided = list.filter((a) => ['approved', 'reshared', 'rejected'].includes(a.status))
  const weekly = weeklyCounts(
    list.map((a) => a.publishedAt),
    now,
  )
  const { citedWeekly } = cited
  return {
    articles: list.length,
    weekly,
    citedWeekly,
    lastPublishedAt: list.length
      ? new Date(Math.max(...list.map((a) => a.publishedAt.getTime())))
      : null,
    affinity: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    shortlistShare: list.length
      ? round(list.filter((a) => a.shortlisted).length / list.length)
      : null,
    approveRate: decided.length
      ? round(decided.filter((a) => a.status !== 'rejected').length / decided.length)
      : null,
    citations: cited.citations,
    citingSources: cited.citingSources,
    influence: round(influence, 6),
    rising: isRising(weekly, citedWeekly),
  }
}

/** The host a source is known by: its site, else the one most of its articles are on, else its feed's. */
function sourceHosts(input: DirectoryInput): Map<number, string | null> {
  const counts = new Map<number, Map<string, number>>()
  for (const a of input.articles) {
    const host = siteHost(a.canonicalUrl) ?? siteHost(a.url)
    if (!host) continue
    const m = counts.get(a.feedId) ?? new Map<string, number>()
    m.set(host, (m.get(host) ?? 0) + 1)
    counts.set(a.feedId, m)
  }
  const top = (m?: Map<string, number>) =>
    m ? ([...m].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null) : null
  return new Map(
    input.feeds.map((f) => [f.id, siteHost(f.siteUrl) ?? top(counts.get(f.id)) ?? siteHost(f.url)]),
  )
}

/**
 * Influence: PageRank over hosts, with an edge from each citing source's host to each site its
 * articles link to, weighted 1 + ln(number of its articles linking there) so that a source linking a
 * site in every post counts more than once, but not without bound.
 */
function influenceByHost(hosts: Map<number, string | null>, counts: CitationCount[]) {
  // An article is in one source, so the sum over sources of one host is a count of distinct articles.
  const perPair = new Map<string, number>()
  for (const c of counts) {
    const from = hosts.get(c.feedId)
    if (!from || from === c.host) continue
    const key = `${from}\n${c.host}`
    perPair.set(key, (perPair.get(key) ?? 0) + c.articles)
  }
  const edges: Edge[] = [...perPair].map(([key, n]) => {
    const [from, to] = key.split('\n') as [string, string]
    return { from, to, weight: 1 + Math.log(n) }
  })
  const nodes = [...new Set([...hosts.values()].filter((h): h is string => !!h))]
  return pageRank(nodes, edges)
}

/** The directory of one sector from its feeds, articles and their links: pure, no I/O. */
export function computeDirectory(input: DirectoryInput): ComputedDirectory {
  const { now } = input
  const hosts = sourceHosts(input)
  const rank = influenceByHost(hosts, input.citationCounts)
  const articlesOf = new Map<number, Article[]>()
  for (const a of input.articles) push(articlesOf, a.feedId, a)

  // Sources, and who each article's page says its authors are.
  const sourceHandles = new Map<number, FoundHandle[]>()
  const candidates = new Map<string, PersonCandidate>()
  const byArticle = new Map<string, Article[]>()
  const candidate = (feedId: number, name: string) => {
    const normName = normaliseName(name)
    const key = `${feedId}|${normName}`
    let c = candidates.get(key)
    if (!c) candidates.set(key, (c = { key, feedId, name, normName, articles: 0, handles: [] }))
    return c
  }
  for (const f of input.feeds)
    for (const p of f.people ?? [])
      if (normaliseName(p.name))
        candidate(f.id, p.name).handles.push(...sectorFileHandles(f.id, p.handles))
  for (const a of input.articles) {
    const found = discoverProfiles({
      id: a.id,
      feedId: a.feedId,
      author: a.author,
      signals: a.signals,
    })
    push(sourceHandles, a.feedId, ...found.source)
    for (const author of found.authors) {
      if (!normaliseName(author.name)) continue
      const c = candidate(a.feedId, author.name)
      c.articles++
      c.handles.push(...author.handles)
      push(byArticle, c.key, a)
    }
  }
  // A blog with a single author: the site's rel="me" links are that person's own.
  const perFeed = new Map<number, PersonCandidate[]>()
  for (const c of candidates.values()) push(perFeed, c.feedId, c)
  for (const [feedId, list] of perFeed)
    if (list.length === 1)
      list[0]!.handles.push(
        ...(sourceHandles.get(feedId) ?? []).filter((h) => h.signal === 'rel-me'),
      )

  const citationsTo = new Map<string, CitationCount[]>()
  for (const c of input.citationCounts) push(citationsTo, c.host, c)
  const sourceInfluence = new Map<number, number>()
  const sources = input.feeds.map((f) => {
    const host = hosts.get(f.id) ?? null
    const cited = citedFromCounts(
      (host ? (citationsTo.get(host) ?? []) : []).filter(
        (c) => c.feedId !== f.id && hosts.get(c.feedId) !== host,
      ),
    )
    const influence = host ? (rank.get(host) ?? 0) : 0
    sourceInfluence.set(f.id, influence)
    const handles = dedupe(sourceHandles.get(f.id) ?? [])
    return {
      feedId: f.id,
      host,
      handles,
      stats: statsOf(articlesOf.get(f.id) ?? [], cited, influence, now),
    }
  })

  // Citations of a person: links to one of their articles, from another source.
  const citedArticle = new Map<number, DirectoryInput['articleCitations']>()
  for (const c of input.articleCitations) push(citedArticle, c.target, c)
  const existing = new Map(
    input.existingLinks.map((l) => [`${l.feedId}|${l.normName}`, l.personId]),
  )
  // Pinned aliases go with their pinned person first and take no part in automatic merging, so an
  // alias a curator split away is never merged back.
  const pinnedTo = new Map((input.pins ?? []).map((p) => [`${p.feedId}|${p.normName}`, p.personId]))
  const pinnedGroups = new Map<number, PersonCandidate[]>()
  for (const c of candidates.values()) {
    const personId = pinnedTo.get(c.key)
    if (personId !== undefined) push(pinnedGroups, personId, c)
  }
  const taken = new Set<number>(pinnedGroups.keys())
  const free = [...candidates.values()].filter((c) => !pinnedTo.has(c.key))
  const groups: { pinned: number | null; group: PersonCandidate[] }[] = [
    ...[...pinnedGroups].map(([pinned, group]) => ({ pinned, group })),
    ...mergeCandidates(free).map((group) => ({ pinned: null, group })),
  ].sort(
    (a, b) => total(b.group) - total(a.group) || a.group[0]!.key.localeCompare(b.group[0]!.key),
  )
  const people = groups.map(({ pinned, group }) => {
    const list = [...new Set(group.flatMap((c) => byArticle.get(c.key) ?? []))]
    const cited = list.flatMap((a) => citedArticle.get(a.id) ?? [])
    const influence = group.reduce((sum, c) => {
      const feedArticles = articlesOf.get(c.feedId)?.length ?? 0
      return sum + (feedArticles ? (sourceInfluence.get(c.feedId)! * c.articles) / feedArticles : 0)
    }, 0)
    const votes = new Map<number, number>()
    for (const c of group) {
      const id = existing.get(c.key)
      if (id !== undefined && !taken.has(id)) votes.set(id, (votes.get(id) ?? 0) + 1 + c.articles)
    }
    const id = pinned ?? [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null
    if (id !== null) taken.add(id)
    const named =
      group.find((c) => c.handles.some((h) => h.signal === 'sector-file')) ??
      [...group].sort((a, b) => b.articles - a.articles)[0]!
    return {
      id,
      name: named.name,
      normName: named.normName,
      aliases: group.map((c) => ({
        feedId: c.feedId,
        normName: c.normName,
        name: c.name,
        articles: c.articles,
      })),
      handles: dedupe(group.flatMap((c) => c.handles)),
      stats: statsOf(list, citedFromArticles(cited, now), influence, now),
    }
  })
  return { sources, people }
}

/** Appends to a list in a map: spreading a copy each time would be quadratic on big sectors. */
function push<K, V>(map: Map<K, V[]>, key: K, ...values: V[]) {
  const list = map.get(key)
  if (list) list.push(...values)
  else map.set(key, values)
}

const total = (group: PersonCandidate[]) => group.reduce((s, c) => s + c.articles, 0)

/** One row per network and handle: the sector file's, else the first found. */
function dedupe(handles: FoundHandle[]): FoundHandle[] {
  const out = new Map<string, FoundHandle>()
  for (const h of handles) {
    const key = `${h.network}:${h.handle}`
    const had = out.get(key)
    if (!had || (h.signal === 'sector-file' && had.signal !== 'sector-file')) out.set(key, h)
  }
  return [...out.values()]
}
