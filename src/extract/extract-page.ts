import { Readability } from '@mozilla/readability'
import { trimArticleEdges, removeBoilerplate } from './boilerplate.ts'
import { removeStructuralBoilerplate } from './boilerplate-structure.ts'
import { joinAuthors, cleanAuthor } from './byline.ts'
import { pickCanonical } from '../lib/canonical-url.ts'
import { prepareHtml } from './prepare-html.ts'
import { closePage, openPage } from './dom.ts'
import { ExtractError } from './errors.ts'
import { cleanText, firstDate, firstWebUrl, textToHtml, truncate } from './fields.ts'
import { htmlToText } from './html-text.ts'
import { absolutizeUrls, promoteLazyImages, removeTrackingPixels } from './images.ts'
import { readJsonLd } from './json-ld.ts'
import { detectLanguage, normalizeLang } from './language.ts'
import { readPageMeta } from './page-meta.ts'
import { readProfileSignals } from './page-profiles.ts'
import { sanitizeHtml } from './sanitize.ts'
import { countWords, readingMinutes } from './text-stats.ts'
import type { Extracted, ExtractInput, FeedFallback } from './types.ts'

const excerptMax = 300
// Below this, what Readability found is a menu or an error message, not a story.
const minArticleWords = 10

interface Body {
  html: string
  text: string
  source: Extracted['source']
}

/** Extracts one page in the current thread: the article body, its metadata, sanitised HTML. */
export async function extractPage(input: ExtractInput): Promise<Extracted> {
  const { url, feed } = input
  const page = openPage(input.html, url)
  try {
    const doc = page.document
    const meta = readPageMeta(doc)
    const ld = readJsonLd(page.jsonLd)
    // Before Readability keeps only the article: the links and meta it drops name the author.
    const profiles = readProfileSignals(doc, page.jsonLd)
    const docTitle = cleanText(doc.title)
    promoteLazyImages(doc)
    removeTrackingPixels(doc)
    removeBoilerplate(doc)
    const article = new Readability<Element>(doc, { serializer: (el) => el as Element }).parse()

    let body: Body | null = null
    if (article?.content) {
      trimArticleEdges(article.content)
      body = {
        html: article.content.innerHTML,
        text: htmlToText(article.content),
        source: 'readability',
      }
    }
    // Readability sometimes keeps one teaser paragraph of a page whose JSON-LD has the whole text.
    const ldBody = cleanText(ld?.articleBody) ? ld!.articleBody!.trim() : null
    if (ldBody && (!body || countWords(body.text) < 0.6 * countWords(ldBody))) {
      body = { html: textToHtml(ldBody), text: ldBody, source: 'json-ld' }
    }
    // A paywall or consent wall can leave less on the page than the feed item carried.
    const fromFeed = feed?.contentHtml?.trim() ? feedBody(doc, feed.contentHtml) : null
    if (fromFeed && (!body || countWords(body.text) < 0.5 * countWords(fromFeed.text)))
      body = fromFeed
    if (!body || countWords(body.text) < minArticleWords) {
      throw new ExtractError('not_an_article', { url })
    }

    const html = sanitizeHtml(body.html)
    const text = body.text
    const wordCount = countWords(text)
    return {
      url,
      canonicalUrl: pickCanonical(url, meta.canonical),
      title:
        cleanText(meta.title) ??
        cleanText(ld?.headline) ??
        cleanText(article?.title) ??
        cleanText(feed?.title) ??
        docTitle ??
        url,
      author:
        joinAuthors(ld?.authors.length ? ld.authors : meta.authors) ??
        cleanAuthor(article?.byline) ??
        cleanAuthor(feed?.author),
      publishedAt: firstDate([
        ld?.datePublished,
        meta.publishedAt,
        article?.publishedTime,
        feed?.publishedAt,
      ]),
      siteName:
        cleanText(meta.siteName) ?? cleanText(ld?.publisherName) ?? cleanText(article?.siteName),
      image: firstWebUrl([meta.image, ld?.image, firstImage(html)], url),
      lang:
        normalizeLang(meta.htmlLang) ??
        normalizeLang(ld?.inLanguage) ??
        normalizeLang(meta.metaLang) ??
        detectLanguage(text),
      excerpt: excerptOf(
        [meta.description, ld?.description, fragmentText(doc, feed?.summary)],
        text,
      ),
      wordCount,
      readingMinutes: readingMinutes(wordCount),
      html,
      text,
      source: body.source,
      profiles,
    }
  } finally {
    await closePage(page)
  }
}

/** Builds an Extracted from the feed item's own content, for pages that could not be fetched or read. */
export async function extractFromFeed(input: {
  url: string
  feed: FeedFallback
}): Promise<Extracted> {
  const { url, feed } = input
  const page = openPage('<!doctype html><html><body></body></html>', url)
  try {
    const doc = page.document
    const body = feedBody(doc, feed.contentHtml?.trim() || feed.summary?.trim() || '')
    const html = sanitizeHtml(body.html)
    const text = body.text
    const wordCount = countWords(text)
    return {
      url,
      canonicalUrl: pickCanonical(url, []),
      title: cleanText(feed.title) ?? url,
      author: cleanAuthor(feed.author),
      publishedAt: firstDate([feed.publishedAt]),
      siteName: null,
      image: firstImage(html),
      lang: detectLanguage(text),
      excerpt: excerptOf([feed.contentHtml ? fragmentText(doc, feed.summary) : null], text),
      wordCount,
      readingMinutes: readingMinutes(wordCount),
      html,
      text,
      source: 'feed',
    }
  } finally {
    await closePage(page)
  }
}

function excerptOf(candidates: (string | null | undefined)[], text: string): string | null {
  const found = candidates.map(cleanText).find((c) => c && c.length >= 20)
  // Else the first real paragraph of the story, not a caption or a heading.
  const fallback = cleanText(text.split(/\n\s*\n/).find((p) => p.trim().length >= 80) ?? text)
  const chosen = found ?? fallback
  return chosen ? truncate(chosen, excerptMax) : null
}

function firstImage(html: string): string | null {
  return /<img\b[^>]*?\ssrc="(https?:\/\/[^"]+)"/i.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null
}

/** The feed item's HTML as an article body, its URLs resolved against the page. */
function feedBody(doc: Document, contentHtml: string): Body {
  const holder = doc.createElement('div')
  holder.innerHTML = prepareHtml(contentHtml).html
  // Feeds carry comment links and menus too ("27 Commentaires", a blog's own footer).
  removeStructuralBoilerplate(holder)
  promoteLazyImages(holder)
  removeTrackingPixels(holder)
  absolutizeUrls(holder)
  return { html: holder.innerHTML, text: htmlToText(holder), source: 'feed' }
}

function fragmentText(doc: Document, html: string | null | undefined): string | null {
  if (!html?.trim()) return null
  const holder = doc.createElement('div')
  holder.innerHTML = prepareHtml(html, { dropStyles: true }).html
  return holder.textContent
}
