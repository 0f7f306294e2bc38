import { oneLine } from './escape.ts'
import { digestLabels, formatDay } from './labels.ts'
import { renderDigestHtml } from './render-html.ts'
import { renderDigestMarkdown } from './render-markdown.ts'
import { renderDigestText } from './render-text.ts'
import type { Digest, RenderedDigest } from './types.ts'

export function digestSubject(digest: Digest): string {
  const l = digestLabels(digest.language)
  return l.subject(formatDay(digest.day, l.locale), oneLine(digest.sectorName))
}

/** Every form of the digest: the email's subject, HTML and text parts, and the Markdown. */
export function renderDigest(digest: Digest): RenderedDigest {
  return {
    subject: digestSubject(digest),
    html: renderDigestHtml(digest),
    text: renderDigestText(digest),
    markdown: renderDigestMarkdown(digest),
  }
}
