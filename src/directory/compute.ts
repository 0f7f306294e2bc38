import type { BylineFigures, CitingArticle } from '../store/directory-inputs.ts'
import { dedupe, type FoundProfiles } from './found-profiles.ts'
import { siteHost } from './links.ts'
import { mergeCandidates } from './merge.ts'
import { isRising, WEEKS } from './metrics.ts'
import { normaliseName, splitAuthors } from './names.ts'
import { pageRank, type Edge } from './pagerank.ts'
import { sectorFileHandles } from './profiles.ts'
import type { FoundHandle, PersonCandidate } from './types.ts'

export type { BylineFigures, CitingArticle }

export interface DirectoryInput {
  feeds: {
    id: number
    url: string
    siteUrl: string | null
    people: { name: string; handles?: Record<string, string> }[] | null
  }[]
  /**
   * The articles counted per source and byline as written, in the order of their first article
   * (a source's bylines are its authors' spellings): with the articles of other sources linking to
   * them, each once.
   */
  bylines: {
    feedId: number
    author: string | null
    figures: BylineFigures
    citedBy: CitingArticle[]
  }[]
  /** For sources whose site says no host: their articles counted per address origin. */
  articleOrigins?: { feedId: number; canonicalUrl: string; url: string; articles: number }[]
  /**
   * Links counted per citing source, cited host and week of the citing article (0 = the 7 days up
   * to now, -1 = outside the WEEKS counted): how many distinct articles link there. As columns of
   * one length, the host as an index into `hosts`: a sector's counts are hundreds of thousands.
   */
  citationCounts: CitationCounts
  /** The handles the articles' pages gave (profile discovery, done a page at a time). */
  found: FoundProfiles
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

type Byline = DirectoryInput['bylines'][number]
export interface CitationCounts {
  hosts: string[]
  feedId: number[]
  host: number[]
  week: number[]
  articles: number[]
}

/** What others' links say of a source or a person: citing articles, their sources, per week. */
interface Cited {
  citations: number
  citingSources: number
  citedWeekly: number[]
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d

/** What these rows of the counts (by position) add up to. */
function citedFromCounts(counts: CitationCounts, rows: number[]): Cited {
  const citedWeekly = new Array<number>(WEEKS).fill(0)
  const feeds = new Set<number>()
  let citations = 0
  for (const r of rows) {
    const n = counts.articles[r]!
    const week = counts.week[r]!
    citations += n
    feeds.add(counts.feedId[r]!)
    if (week >= 0 && week < WEEKS) citedWeekly[week]! += n
  }
  return { citations, citingSources: feeds.size, citedWeekly }
}

/** Citations of a set of bylines: each citing article once, however many of their articles it links. */
function citedFromBylines(bylines: Iterable<Byline>): Cited {
  const citing = new Map<number, CitingArticle>()
  for (const b of bylines) for (const c of b.citedBy) citing.set(c.articleId, c)
  const citedWeekly = new Array<number>(WEEKS).fill(0)
  const feeds = new Set<number>()
  for (const c of citing.values()) {
    feeds.add(c.feedId)
    if (c.week >= 0 && c.week < WEEKS) citedWeekly[c.week]!++
  }
  return { citations: citing.size, citingSources: feeds.size, citedWeekly }
}

/** The figures of several bylines' articles together (an article has one byline). */
function sumFigures(bylines: Iterable<Byline>): BylineFigures {
  const sum: BylineFigures = {
    articles: 0,
    weekly: new Array<number>(WEEKS).fill(0),
    lastPublishedAt: null,
    scoreSum: 0,
    scored: 0,
    shortlisted: 0,
    decided: 0,
    approved: 0,
  }
  for (const { figures: f } of bylines) {
    sum.articles += f.articles
    f.weekly.forEach((n, w) => {
      if (w < WEEKS) sum.weekly[w]! += n
    })
    if (f.lastPublishedAt && (!sum.lastPublishedAt || f.lastPublishedAt > sum.lastPublishedAt))
      sum.lastPublishedAt = f.lastPublishedAt
    sum.scoreSum += f.scoreSum
    sum.scored += f.scored
    sum.shortlisted += f.shortlisted
    sum.decided += f.decided
    sum.approved += f.approved
  }
  return sum
}

function statsOf(f: BylineFigures, cited: Cited, influence: number): Stats {
  return {
    articles: f.articles,
    weekly: f.weekly,
    citedWeekly: cited.citedWeekly,
    lastPublishedAt: f.lastPublishedAt,
    affinity: f.scored ? round(f.scoreSum / f.scored) : null,
    shortlistShare: f.articles ? round(f.shortlisted / f.articles) : null,
    approveRate: f.decided ? round(f.approved / f.decided) : null,
    citations: cited.citations,
    citingSources: cited.citingSources,
    influence: round(influence, 6),
    rising: isRising(f.weekly, cited.citedWeekly),
  }
}

/** The host a source is known by: its site, else the one most of its articles are on, else its feed's. */
function sourceHosts(input: DirectoryInput): Map<number, string | null> {
  const counts = new Map<number, Map<string, number>>()
  for (const a of input.articleOrigins ?? []) {
    const host = siteHost(a.canonicalUrl) ?? siteHost(a.url)
    if (!host) continue
    const m = counts.get(a.feedId) ?? new Map<string, number>()
    m.set(host, (m.get(host) ?? 0) + a.articles)
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
function influenceByHost(hosts: Map<number, string | null>, counts: CitationCounts) {
  const nodes = [...new Set([...hosts.values()].filter((h): h is string => !!h))]
  // Hosts as numbers, so that the pairs are keyed without building a string per count.
  const nodeOf = new Map(nodes.map((h, i) => [h, i]))
  const names = [...nodes]
  const node = (h: string) => {
    let i = nodeOf.get(h)
    if (i === undefined) nodeOf.set(h, (i = names.push(h) - 1))
    return i
  }
  const cited = counts.hosts.map(node)
  // An article is in one source, so the sum over sources of one host is a count of distinct articles.
  const perPair = new Map<number, number>()
  const stride = 2 ** 26
  for (let r = 0; r < counts.feedId.length; r++) {
    const from = hosts.get(counts.feedId[r]!)
    const to = cited[counts.host[r]!]!
    if (!from || names[to] === from) continue
    const key = node(from) * stride + to
    perPair.set(key, (perPair.get(key) ?? 0) + counts.articles[r]!)
  }
  const edges: Edge[] = []
  for (const [key, n] of perPair)
    edges.push({
      from: names[Math.floor(key / stride)]!,
      to: names[key % stride]!,
      weight: 1 + Math.log(n),
    })
  return pageRank(nodes, edges)
}

/** The directory of one sector from its feeds, articles counted per byline and links: pure, no I/O. */
export function computeDirectory(input: DirectoryInput): ComputedDirectory {
  const hosts = sourceHosts(input)
  const rank = influenceByHost(hosts, input.citationCounts)
  const bylinesOf = new Map<number, Byline[]>()
  for (const b of input.bylines) push(bylinesOf, b.feedId, b)

  // Who each byline says its authors are, with the handles their pages give.
  const candidates = new Map<string, PersonCandidate>()
  const bylinesOfCandidate = new Map<string, Byline[]>()
  const candidate = (feedId: number, name: string) => {
    const normName = normaliseName(name)
    const key = `${feedId}|${normName}`
    let c = candidates.get(key)
    if (!c) {
      c = { key, feedId, name, normName, articles: 0, handles: [] }
      candidates.set(key, c)
      c.handles.push(...(input.found.authors.get(key) ?? []))
    }
    return c
  }
  for (const f of input.feeds)
    for (const p of f.people ?? [])
      if (normaliseName(p.name)) {
        const c = candidate(f.id, p.name)
        // The sector file's handles come first: they win over the same handle found on a page.
        c.handles.unshift(...sectorFileHandles(f.id, p.handles))
      }
  for (const b of input.bylines)
    for (const name of splitAuthors(b.author)) {
      if (!normaliseName(name)) continue
      const c = candidate(b.feedId, name)
      c.articles += b.figures.articles
      push(bylinesOfCandidate, c.key, b)
    }
  // A blog with a single author: the site's rel="me" links are that person's own.
  const perFeed = new Map<number, PersonCandidate[]>()
  for (const c of candidates.values()) push(perFeed, c.feedId, c)
  for (const [feedId, list] of perFeed)
    if (list.length === 1)
      list[0]!.handles.push(
        ...(input.found.sources.get(feedId) ?? []).filter((h) => h.signal === 'rel-me'),
      )

  // The rows of the counts per cited host.
  const counts = input.citationCounts
  const citationsTo = new Map<string, number[]>()
  for (let r = 0; r < counts.feedId.length; r++)
    push(citationsTo, counts.hosts[counts.host[r]!]!, r)
  const sourceInfluence = new Map<number, number>()
  const sourceArticles = new Map<number, number>()
  const sources = input.feeds.map((f) => {
    const host = hosts.get(f.id) ?? null
    const cited = citedFromCounts(
      counts,
      (host ? (citationsTo.get(host) ?? []) : []).filter(
        (r) => counts.feedId[r] !== f.id && hosts.get(counts.feedId[r]!) !== host,
      ),
    )
    const influence = host ? (rank.get(host) ?? 0) : 0
    sourceInfluence.set(f.id, influence)
    const figures = sumFigures(bylinesOf.get(f.id) ?? [])
    sourceArticles.set(f.id, figures.articles)
    return {
      feedId: f.id,
      host,
      handles: dedupe(input.found.sources.get(f.id) ?? []),
      stats: statsOf(figures, cited, influence),
    }
  })

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
    // A byline naming two spellings of the person is one set of articles: counted once.
    const bylines = new Set(group.flatMap((c) => bylinesOfCandidate.get(c.key) ?? []))
    const influence = group.reduce((sum, c) => {
      const feedArticles = sourceArticles.get(c.feedId) ?? 0
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
      stats: statsOf(sumFigures(bylines), citedFromBylines(bylines), influence),
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
