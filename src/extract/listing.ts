// The articles a page lists, for a site without a feed: the links of its content (menus, sidebars
// and footers set aside by structure, as extraction does) that lead to pages of the same site shaped
// like articles, each with its title and, when the listing shows one, its date.
import { closePage, openPage } from './dom.ts'

export interface ListedArticle {
  url: string
  title: string
  /** ISO date from a `<time>` beside the link, or null (the article page's own date is used then). */
  publishedAt: string | null
}

export interface Listing {
  /** The site's name (og:site_name, else the page's title). */
  title: string | null
  articles: ListedArticle[]
}

/** A listing page names at most this many articles (its first, in page order). */
export const MAX_LISTED = 50

const CHROME =
  'nav, aside, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search], [aria-hidden=true]'
// Headers and footers of the page, not those of each listed article.
const PAGE_EDGES = 'header, footer'
const CHROME_HINT =
  /(^|[-_\s])(nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|widgets?|share|social|comments?|pagination|pager|cookies?|newsletter|related)([-_\s]|$)/i
// Sections, archives and service pages of a site, in French and English: never an article.
const NOT_ARTICLE_PATH =
  /\/(tags?|etiquettes?|categor(y|ies)|categories|categorie|rubriques?|author|auteurs?|page|search|recherche|login|connexion|wp-login\.php|wp-admin|feed|rss|cart|panier|account|compte|contact|about|a-propos|qui-sommes-nous|mentions-legales|legal|privacy|confidentialite|cgu|cgv|newsletter)(\/|$|\.)/i
const FILE = /\.(pdf|jpe?g|png|gif|webp|svg|zip|mp3|mp4|xml|json|css|js|ics)$/i
const READ_MORE =
  /^(lire (la )?suite|lire l[’']article|en savoir plus|voir plus|read more|continue reading|read the (full )?(post|article)|more|suite|plus)\W*$/i
const HEADING = 'h1, h2, h3, h4'

/** The articles listed by the page at `url` (its HTML), best guess by structure, no per-site rule. */
export async function findListedArticles(html: string, url: string): Promise<Listing> {
  const page = openPage(html, url)
  try {
    const { document } = page
    const title = siteTitle(document)
    setChromeAside(document)
    return { title, articles: listed(document, url) }
  } finally {
    await closePage(page)
  }
}

function siteTitle(document: Document): string | null {
  const og = document.querySelector('meta[property="og:site_name"]')?.getAttribute('content')
  const title = og?.trim() || document.title.trim()
  return title ? title.replace(/\s+/g, ' ').slice(0, 200) : null
}

function setChromeAside(document: Document) {
  const body = document.body
  if (!body) return
  for (const el of [...body.querySelectorAll(CHROME)]) el.remove()
  for (const el of [...body.querySelectorAll(PAGE_EDGES)]) if (!el.closest('article')) el.remove()
  // A form (a search box, a newsletter sign-up) or a class or id naming a menu or a sidebar, unless
  // the element holds the content itself: a wrapper "content-with-sidebar", or the form that some
  // frameworks wrap a whole page in, holds the articles; a sidebar a handful of links.
  const allLinks = body.querySelectorAll('a[href]').length
  for (const el of [...body.querySelectorAll('form, [class], [id]')]) {
    if (!el.isConnected || el.matches('main, article') || el.closest('article')) continue
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`
    if (!(el.matches('form') || CHROME_HINT.test(names)) || el.querySelector('main, article'))
      continue
    if (el.querySelectorAll('a[href]').length * 2 <= allLinks) el.remove()
  }
}

interface Candidate {
  url: string
  titles: string[]
  headingTitle: string | null
  structured: boolean
  anchors: Element[]
}

function listed(document: Document, pageUrl: string): ListedArticle[] {
  const site = siteHost(pageUrl)
  const self = withoutHash(pageUrl)
  const byUrl = new Map<string, Candidate>()
  for (const a of document.querySelectorAll('a[href]')) {
    const url = articleUrl(a.getAttribute('href')!, pageUrl, site)
    if (!url || url === self) continue
    const c =
      byUrl.get(url) ??
      byUrl
        .set(url, { url, titles: [], headingTitle: null, structured: false, anchors: [] })
        .get(url)!
    c.anchors.push(a)
    const heading = a.closest(HEADING) ?? a.querySelector(HEADING)
    const text = anchorText(a)
    if (heading && !c.headingTitle) c.headingTitle = clean(heading.textContent ?? '') || text
    if (text) c.titles.push(text)
    c.structured ||= !!heading || !!a.closest('article')
  }
  const candidates = [...byUrl.values()]
    .map((c) => ({ ...c, title: titleOf(c) }))
    .filter((c) => c.title.length >= 12 && c.title.split(' ').length >= 2)
  // A listing shows its articles in a repeated structure (a heading or an <article> each): when it
  // does, its other links (tags, "see also") are not articles.
  const structured = candidates.filter((c) => c.structured)
  const chosen =
    structured.length >= 3
      ? structured
      : candidates.filter((c) => c.structured || c.title.split(' ').length >= 4)
  const urls = new Set(chosen.map((c) => c.url))
  const urlOf = (a: Element) => articleUrl(a.getAttribute('href') ?? '', pageUrl, site)
  return chosen.slice(0, MAX_LISTED).map((c) => ({
    url: c.url,
    title: c.title.slice(0, 500),
    publishedAt: dateNear(c.anchors[0]!, (a) => {
      const url = urlOf(a)
      return url !== null && url !== c.url && urls.has(url)
    }),
  }))
}

function titleOf(c: Candidate): string {
  if (c.headingTitle && !READ_MORE.test(c.headingTitle)) return c.headingTitle
  const texts = c.titles.filter((t) => !READ_MORE.test(t))
  return texts.sort((a, b) => b.length - a.length)[0] ?? ''
}

function anchorText(a: Element): string {
  const text = clean(a.textContent ?? '')
  if (text) return text
  const alt = a.querySelector('img[alt]')?.getAttribute('alt')
  return clean(alt || a.getAttribute('title') || a.getAttribute('aria-label') || '')
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim()

const siteHost = (url: string) => new URL(url).hostname.replace(/^www\./, '')

function withoutHash(url: string): string {
  const u = new URL(url)
  u.hash = ''
  return u.href
}

/** The link's absolute URL when it leads to an article-shaped page of the same site, else null. */
function articleUrl(href: string, base: string, site: string): string | null {
  let u: URL
  try {
    u = new URL(href.trim(), base)
  } catch {
    return null
  }
  if (!/^https?:$/.test(u.protocol) || u.hostname.replace(/^www\./, '') !== site) return null
  u.hash = ''
  if (FILE.test(u.pathname) || NOT_ARTICLE_PATH.test(u.pathname)) return null
  return looksLikeArticle(u) ? u.href : null
}

// An article's address names it ("/2026/12/mon-article", "/blog/le-guide-des-reels", "/post-42",
// "?p=123"); a section's is one bare word ("/blog/", "/services").
function looksLikeArticle(u: URL): boolean {
  if (/[?&](p|id|article)=\d+/i.test(u.search)) return true
  const segments = u.pathname.split('/').filter(Boolean)
  const last = segments.at(-1)?.replace(/\.(html?|php|aspx?)$/i, '')
  if (!last) return false
  return /[\p{L}\d][-_][\p{L}\d]/u.test(last) || /\d{4,}/.test(last) || segments.length >= 3
}

/**
 * The date the listing gives next to a link: a `<time>` in the smallest block around it that holds
 * no other listed article.
 */
function dateNear(anchor: Element, isOtherListed: (a: Element) => boolean): string | null {
  let block: Element = anchor
  for (let up = 0; up < 6 && block.parentElement; up++) {
    const parent = block.parentElement
    if (parent.matches('body, main') || [...parent.querySelectorAll('a[href]')].some(isOtherListed))
      break
    block = parent
  }
  // A date a day ahead or more is a listing's mistake (or an event's date), not a publication's.
  const latest = Date.now() + 86_400_000
  for (const time of block.querySelectorAll('time')) {
    const date = new Date((time.getAttribute('datetime') ?? time.textContent ?? '').trim())
    const t = date.getTime()
    if (!Number.isNaN(t) && date.getFullYear() > 1990 && t < latest) return date.toISOString()
  }
  return null
}
