// Articles are stored as sanitised HTML with absolute links: a regex reads them without a DOM.
const HREF = /<a\b[^>]*?\shref="([^"]+)"/gi
const MAX_LINKS = 200

/** A host as the directory compares them: lower case, without www. */
export function siteHost(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const u = new URL(url)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
    return u.hostname.toLowerCase().replace(/^www\./, '')
  } catch {
    return null
  }
}

/**
 * The host a source is known by: its site's, else the one most of its articles are on, else its
 * feed's (a feed on feedburner or a CDN says little about whose site it is).
 */
export function hostOfSource(
  feed: { siteUrl: string | null; url: string },
  articleHosts: Iterable<string | null>,
): string | null {
  const site = siteHost(feed.siteUrl)
  if (site) return site
  const counts = new Map<string, number>()
  for (const h of articleHosts) if (h) counts.set(h, (counts.get(h) ?? 0) + 1)
  let top: string | null = null
  for (const [h, n] of counts) if (!top || n > counts.get(top)!) top = h
  return top ?? siteHost(feed.url)
}

/** The links of an article's body to other sites, one per address, without its own site's. */
export function outboundLinks(
  html: string | null,
  ownHosts: string[],
): { url: string; host: string }[] {
  if (!html) return []
  const seen = new Map<string, string>()
  for (const m of html.matchAll(HREF)) {
    const raw = m[1]!.replace(/&amp;/g, '&')
    const host = siteHost(raw)
    if (!host || ownHosts.includes(host)) continue
    const url = raw.replace(/#.*$/, '')
    if (!seen.has(url)) seen.set(url, host)
    if (seen.size >= MAX_LINKS) break
  }
  return [...seen].map(([url, host]) => ({ url, host }))
}

/** An article as its links are read: where it is, whose site, and its sanitised body. */
export interface LinkedArticle {
  id: number
  sectorSlug: string
  feedId: number
  url: string
  canonicalUrl: string
  siteUrl: string | null
  html: string | null
  publishedAt: Date
}

/** The citation-graph edges of an article: its links to other sites than its own. */
export function citationsOf(a: LinkedArticle) {
  const own = [siteHost(a.url), siteHost(a.canonicalUrl), siteHost(a.siteUrl)]
  return outboundLinks(
    a.html,
    own.filter((h): h is string => !!h),
  ).map((l) => ({
    articleId: a.id,
    sectorSlug: a.sectorSlug,
    feedId: a.feedId,
    targetHost: l.host,
    targetUrl: l.url,
    publishedAt: a.publishedAt,
  }))
}
