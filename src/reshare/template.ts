import { DEFAULT_MAX_HASHTAGS } from './default-templates.ts'
import { mentionFor } from './handles.ts'
import { formatHashtags } from './hashtags.ts'
import type { Network } from './types.ts'

export const TEMPLATE_VARIABLES = [
  'title',
  'source',
  'author',
  'author_handle',
  'link',
  'commentary',
  'hashtags',
] as const
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]

export interface TemplateInput {
  title: string
  link: string
  source?: string | null
  author?: string | null
  /** The author's handles by network ('x' -> '@name'); the one for the post's network is used. */
  authorHandles?: Partial<Record<string, string | null>>
  commentary?: string | null
  /** Sector terms, formatted as '#CommunityManagement'. */
  hashtags?: readonly string[]
  /** Defaults to the network's own (Threads 1, X 2...). */
  maxHashtags?: number
}

type Part = string | TemplateVariable[]

// "{author_handle|author}": the first of the alternatives that is not empty.
const variablePattern = new RegExp(
  `\\{((?:${TEMPLATE_VARIABLES.join('|')})(?:\\|(?:${TEMPLATE_VARIABLES.join('|')}))*)\\}`,
  'g',
)
// Words and signs that only join two values: they go when the value beside them is empty.
const joiner = String.raw`(?:[—–\-|·•:,;/]|(?<!\p{L})(?:par|by|via|from|chez|sur|on|de|avec|with)(?!\p{L}))`
const trailingJoiners = new RegExp(String.raw`(?:\s*${joiner})+\s*$`, 'iu')
const leadingJoiners = new RegExp(String.raw`^(?:\s*${joiner})+\s*`, 'iu')
const onlyJoiners = new RegExp(String.raw`^(?:\s*${joiner})*\s*$`, 'iu')
const emptyWrappers = /\(\s*\)|\[\s*\]|«\s*»|“\s*”|"\s*"/gu

function parseLine(line: string): Part[] {
  const parts: Part[] = []
  let from = 0
  for (const match of line.matchAll(variablePattern)) {
    parts.push(line.slice(from, match.index))
    parts.push(match[1].split('|') as TemplateVariable[])
    from = match.index + match[0].length
  }
  parts.push(line.slice(from))
  return parts
}

/** Fills one template line; null when every variable of the line is empty (the line goes). */
function renderLine(line: string, values: Record<TemplateVariable, string>): string | null {
  const parts = parseLine(line)
  const resolved = parts.map((p) =>
    typeof p === 'string' ? p : (p.map((name) => values[name]).find(Boolean) ?? ''),
  )
  const variables = parts.filter((p) => typeof p !== 'string').length
  if (variables > 0 && parts.every((p, i) => typeof p === 'string' || !resolved[i])) return null
  for (let i = 1; i < parts.length; i += 2) {
    if (resolved[i]) continue
    // The joiner before an empty value goes ("— {source}"); at the start, the one after it.
    if (trailingJoiners.test(resolved[i - 1])) {
      resolved[i - 1] = resolved[i - 1].replace(trailingJoiners, '')
    } else {
      resolved[i + 1] = resolved[i + 1].replace(leadingJoiners, '')
    }
  }
  const text = resolved.join('').replace(emptyWrappers, '')
  return variables > 0 && onlyJoiners.test(text) ? null : text
}

/** Renders a channel's template; empty values leave no double space, blank line or dangling "par". */
export function renderTemplate(template: string, input: TemplateInput, network: Network): string {
  const max = input.maxHashtags ?? DEFAULT_MAX_HASHTAGS[network]
  const values: Record<TemplateVariable, string> = {
    title: clean(input.title),
    link: clean(input.link),
    source: clean(input.source),
    author: clean(input.author),
    author_handle: mentionFor(network, input.authorHandles?.[network]),
    commentary: (input.commentary ?? '').trim(),
    hashtags: formatHashtags(input.hashtags ?? [], max).join(' '),
  }
  const lines: string[] = []
  for (const line of template.split(/\r?\n/)) {
    const rendered = renderLine(line, values)
    if (rendered === null) continue
    for (const physical of rendered.split('\n')) {
      const tidy = physical.replace(/[ \t]{2,}/g, ' ').trim()
      // One blank line at most between paragraphs, none at either end.
      if (tidy || (lines.length > 0 && lines[lines.length - 1] !== '')) lines.push(tidy)
    }
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.join('\n')
}

// Titles and names arrive from feeds with line breaks and runs of spaces.
const clean = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, ' ').trim()
