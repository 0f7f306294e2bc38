/** What the page's <head> and markup say about the article, each field from the best tag found. */
export interface PageMeta {
  title: string | null
  authors: string[]
  publishedAt: string | null
  siteName: string | null
  image: string | null
  description: string | null
  htmlLang: string | null
  metaLang: string | null
  canonical: (string | null)[]
}

function metaContent(doc: Document, keys: string[]): string | null {
  for (const key of keys) {
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      for (const el of doc.querySelectorAll(`meta[${attr}]`)) {
        if (el.getAttribute(attr)!.trim().toLowerCase() !== key) continue
        const v = el.getAttribute('content')?.trim()
        if (v) return v
      }
    }
  }
  return null
}

function metaContents(doc: Document, key: string): string[] {
  return [...doc.querySelectorAll('meta[property], meta[name]')]
    .filter((el) => (el.getAttribute('property') ?? el.getAttribute('name'))!.toLowerCase() === key)
    .map((el) => el.getAttribute('content')?.trim() ?? '')
    .filter(Boolean)
}

function timeDatetime(doc: Document): string | null {
  const preferred = doc.querySelector(
    'time[itemprop="datePublished"][datetime], time[pubdate][datetime], article time[datetime], time[datetime]',
  )
  return preferred?.getAttribute('datetime')?.trim() || null
}

/** Reads OpenGraph, Twitter, Dublin Core and plain <meta> tags, <time datetime>, <html lang>. */
export function readPageMeta(doc: Document): PageMeta {
  const authorMeta = metaContents(doc, 'author')
    .concat(metaContents(doc, 'article:author'), metaContents(doc, 'parsely-author'))
    .concat(metaContents(doc, 'sailthru.author'), metaContents(doc, 'dc.creator'))
    .filter((a) => !/^https?:\/\//i.test(a))
  return {
    title: metaContent(doc, ['og:title', 'twitter:title', 'parsely-title', 'dc.title']),
    authors: [...new Set(authorMeta)],
    publishedAt:
      metaContent(doc, [
        'article:published_time',
        'og:article:published_time',
        'datepublished',
        'parsely-pub-date',
        'sailthru.date',
        'dc.date.issued',
        'dc.date',
        'dcterms.created',
        'dcterms.date',
        'date',
        'publish-date',
        'pubdate',
        'article.published',
      ]) ?? timeDatetime(doc),
    siteName: metaContent(doc, ['og:site_name', 'application-name']),
    image: metaContent(doc, [
      'og:image:secure_url',
      'og:image',
      'og:image:url',
      'twitter:image',
      'twitter:image:src',
      'thumbnailurl',
    ]),
    description: metaContent(doc, ['og:description', 'description', 'twitter:description']),
    htmlLang:
      doc.documentElement.getAttribute('lang') || doc.documentElement.getAttribute('xml:lang'),
    metaLang: metaContent(doc, ['content-language', 'language', 'dc.language', 'og:locale']),
    canonical: [
      doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href') ?? null,
      metaContent(doc, ['og:url']),
    ],
  }
}
