import { escapeMarkdown, httpUrl, markdownUrl, oneLine } from './escape.ts'
import { digestLabels, formatDay } from './labels.ts'
import type { Digest, DigestItem } from './types.ts'

function item(i: DigestItem, by: string): string {
  const title = escapeMarkdown(oneLine(i.title))
  const href = httpUrl(i.url)
  const link = href ? `[${title}](${markdownUrl(href)})` : title
  const meta = [oneLine(i.source), i.author ? `${by} ${oneLine(i.author)}` : '']
    .filter(Boolean)
    .map(escapeMarkdown)
    .join(' · ')
  // "**1.**" rather than a list: a list would renumber the ranks.
  const lines = [`**${i.rank}.** ${link}  `, `*${meta}*`]
  const commentary = i.commentary.trim()
  if (commentary) {
    lines.push('')
    // Each line quoted, with a hard break, so the curator's line breaks survive.
    const quoted = escapeMarkdown(commentary)
      .split(/\r?\n/)
      .map((line) => (line.trim() ? `> ${line.trimEnd()}  ` : '>'))
    lines.push(...quoted)
  }
  return lines.join('\n')
}

/** The digest as Markdown: titles escaped, links as [title](url), http(s) only. */
export function renderDigestMarkdown(digest: Digest): string {
  const l = digestLabels(digest.language)
  const date = formatDay(digest.day, l.locale)
  const intro = digest.items.length ? l.intro(date, digest.items.length) : l.empty
  const parts = [`# ${escapeMarkdown(oneLine(digest.sectorName))}`, escapeMarkdown(intro)]
  for (const i of digest.items) parts.push(item(i, l.by))
  return parts.join('\n\n') + '\n'
}
