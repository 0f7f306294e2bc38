import { Feed } from 'feed'

/** What the public page and feeds show of a pick: never the private note, tags or score. */
export interface PublicEntry {
  id: number
  title: string
  url: string
  author: string | null
  excerpt: string | null
  image: string | null
  lang: string | null
  publishedAt: Date
  pickedAt: Date
  source: string
  siteUrl: string | null
  commentary: string
}

export interface PublicFeedInput {
  sector: { slug: string; name: string; language: string }
  /** The public page's absolute URL (`https://vigie.example/p/<slug>`). */
  pageUrl: string
  entries: PublicEntry[]
}

export type PublicFeedFormat = 'atom' | 'rss' | 'json'

const isHttp = (url: string | null): url is string => !!url && /^https?:\/\//i.test(url)

// The curator's commentary leads; the article's own summary follows, attributed to its source.
function summaryOf(e: PublicEntry): string {
  const parts = [
    e.commentary.trim(),
    e.excerpt?.trim() ? `« ${e.excerpt.trim()} » (${e.source})` : '',
  ]
  return parts.filter(Boolean).join('\n\n')
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function contentHtml(e: PublicEntry): string {
  const commentary = e.commentary.trim()
    ? `<p>${escapeHtml(e.commentary.trim()).replace(/\n+/g, '</p><p>')}</p>`
    : ''
  const excerpt = e.excerpt?.trim()
    ? `<blockquote><p>${escapeHtml(e.excerpt.trim())}</p></blockquote>`
    : ''
  const by = e.author ? ` — ${escapeHtml(e.author)}` : ''
  return `${commentary}${excerpt}<p><a href="${escapeHtml(e.url)}">${escapeHtml(e.title)}</a> (${escapeHtml(e.source)}${by})</p>`
}

/** The sector's picks as Atom 1.0, RSS 2.0 or JSON Feed 1.1. */
export function renderPublicFeed(input: PublicFeedInput, format: PublicFeedFormat): string {
  const { sector, pageUrl } = input
  const entries = input.entries.filter((e) => isHttp(e.url))
  const updated = entries[0]?.pickedAt ?? new Date(0)
  const links = {
    atom: `${pageUrl}/feed.atom`,
    rss: `${pageUrl}/feed.rss`,
    json: `${pageUrl}/feed.json`,
  }
  const title = `${sector.name} — Vigie`
  const description = `La sélection de ${sector.name}, commentée`
  if (format === 'json')
    return JSON.stringify(jsonFeed(input, entries, title, description, links.json))
  const feed = new Feed({
    id: pageUrl,
    title,
    description,
    link: pageUrl,
    language: sector.language,
    updated,
    generator: 'Vigie',
    feedLinks: links,
    copyright: `Commentaires : ${sector.name}. Articles : leurs auteurs.`,
  })
  for (const e of entries)
    feed.addItem({
      id: e.url,
      guid: e.url,
      title: e.title,
      link: e.url,
      date: e.pickedAt,
      published: e.publishedAt,
      description: summaryOf(e),
      content: contentHtml(e),
      author: e.author ? [{ name: e.author }] : undefined,
      category: [{ name: e.source, term: e.source }],
    })
  return format === 'atom' ? feed.atom1() : feed.rss2()
}

function jsonFeed(
  input: PublicFeedInput,
  entries: PublicEntry[],
  title: string,
  description: string,
  feedUrl: string,
) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: input.pageUrl,
    feed_url: feedUrl,
    description,
    language: input.sector.language,
    items: entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: e.title,
      content_html: contentHtml(e),
      summary: summaryOf(e),
      ...(isHttp(e.image) ? { image: e.image } : {}),
      date_published: e.pickedAt.toISOString(),
      ...(e.author ? { authors: [{ name: e.author }] } : {}),
      ...(e.lang ? { language: e.lang } : {}),
      tags: [e.source],
      _vigie: { source: e.source, article_published: e.publishedAt.toISOString() },
    })),
  }
}
