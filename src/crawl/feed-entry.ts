import { createHash } from 'node:crypto'
import { SUMMARY_MAX, type FeedEntry } from './feed-types.ts'
import { collapseWhitespace, decodeEntities, htmlToText, truncateText } from './feed-text.ts'

const MAX_GUID = 2000
const MAX_AUTHOR = 300
const MAX_CATEGORIES = 50
const MAX_CATEGORY = 100

export interface EntryDraft {
  id: string | null
  link: string | null
  titleHtml: string | null
  authors: string[]
  publishedAt: Date | null
  updatedAt: Date | null
  summaryHtml: string | null
  contentHtml: string | null
  categories: string[]
}

function hashOf(...parts: string[]): string {
  return 'sha256:' + createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40)
}

/** "jane@example.com (Jane Doe)" and "Jane Doe <jane@example.com>" both give "Jane Doe". */
export function authorName(raw: string): string {
  const value = collapseWhitespace(decodeEntities(raw))
  const inParens = /^\S+@\S+\s*\((.+)\)$/.exec(value)
  if (inParens) return inParens[1].trim()
  const emailInParens = /^(.+?)\s*\(\S+@\S+\)$/.exec(value)
  if (emailInParens) return emailInParens[1].trim()
  const beforeEmail = /^(.+?)\s*<\S+@\S+>$/.exec(value)
  if (beforeEmail) return beforeEmail[1].replace(/^"|"$/g, '').trim()
  return value
}

function cleanCategories(raw: string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const c of raw) {
    const value = truncateText(htmlToText(c), MAX_CATEGORY)
    if (!value || seen.has(value.toLowerCase())) continue
    seen.add(value.toLowerCase())
    out.push(value)
    if (out.length >= MAX_CATEGORIES) break
  }
  return out
}

/**
 * Turns what a format mapper found into a FeedEntry: plain-text title and summary, joined
 * authors, and a guid that is never empty. Returns null for an entry with nothing to show.
 */
export function finishEntry(draft: EntryDraft): FeedEntry | null {
  const title = draft.titleHtml ? htmlToText(draft.titleHtml) : ''
  const summarySource = draft.summaryHtml?.trim() ? draft.summaryHtml : draft.contentHtml
  const summaryText = summarySource ? htmlToText(summarySource) : ''
  const summary = summaryText ? truncateText(summaryText, SUMMARY_MAX) : null
  const contentHtml = draft.contentHtml?.trim() ? draft.contentHtml : null
  if (!title && !draft.link && !summary && !contentHtml) return null

  const names = [...new Set(draft.authors.map(authorName).filter(Boolean))]
  const author = names.length ? truncateText(names.join(', '), MAX_AUTHOR) : null
  const publishedAt = draft.publishedAt ?? draft.updatedAt
  let guid = collapseWhitespace(draft.id ?? '') || draft.link || ''
  if (!guid) guid = hashOf(title, publishedAt?.toISOString() ?? '', summary ?? '')
  else if (guid.length > MAX_GUID) guid = hashOf(guid)

  return {
    guid,
    link: draft.link,
    title,
    author,
    publishedAt,
    updatedAt: draft.updatedAt,
    summary,
    contentHtml,
    categories: cleanCategories(draft.categories),
  }
}
