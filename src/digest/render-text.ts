import { httpUrl, oneLine } from './escape.ts'
import { digestLabels, formatDay } from './labels.ts'
import type { Digest } from './types.ts'

const indent = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line.trim() ? `    ${line.trimEnd()}` : ''))
    .join('\n')

/** The digest as plain text: the email's alternative part, for clients that show no HTML. */
export function renderDigestText(digest: Digest): string {
  const l = digestLabels(digest.language)
  const date = formatDay(digest.day, l.locale)
  const name = oneLine(digest.sectorName)
  const parts = [`${name}\n${'='.repeat(name.length)}`]
  parts.push(digest.items.length ? l.intro(date, digest.items.length) : l.empty)
  for (const i of digest.items) {
    const meta = [oneLine(i.source), i.author ? `${l.by} ${oneLine(i.author)}` : ''].filter(Boolean)
    const lines = [`${i.rank}. ${oneLine(i.title)}`, `    ${meta.join(' · ')}`]
    const href = httpUrl(i.url)
    if (href) lines.push(`    ${href}`)
    if (i.commentary.trim()) lines.push('', indent(i.commentary))
    parts.push(lines.join('\n'))
  }
  parts.push(`-- \n${l.footer}`)
  return parts.join('\n\n') + '\n'
}
