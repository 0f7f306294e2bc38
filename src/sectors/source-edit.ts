import { readFile } from 'node:fs/promises'
import { isMap, isScalar, isSeq, parseDocument, stringify, type Node, type Pair } from 'yaml'
import { AppError } from '../lib/errors.ts'
import { readBackSector, replaceFile, sectorFile } from './sector-file.ts'
import type { SourceDef } from './types.ts'

export type SourceEdit = Partial<Pick<SourceDef, 'name' | 'kind'>>

/**
 * The sector file's text with one source's name and kind changed, found by its feed URL. Only
 * those values are rewritten (a missing `kind:` gets a line of its own): every other byte stays.
 */
export function editSourceInYaml(text: string, feedUrl: string, edit: SourceEdit): string {
  const doc = parseDocument(text)
  const sources = doc.errors.length ? null : doc.get('sources', true)
  const source = isSeq(sources)
    ? sources.items.find((item) => isMap(item) && String(item.get('feed') ?? '').trim() === feedUrl)
    : null
  if (!isMap(source)) {
    throw new AppError(
      'feed_not_found',
      { feedUrl },
      `the sector file has no source with the feed ${feedUrl}`,
    )
  }
  const pairs = source.items as Pair[]
  const pairOf = (key: string) => pairs.find((p) => isScalar(p.key) && p.key.value === key)
  const changes: { at: number; end: number; text: string }[] = []
  for (const [key, value] of Object.entries(edit)) {
    if (value === undefined) continue
    // One line whatever the value holds: a block scalar would not fit where the old value was.
    const printed = stringify(value, {
      lineWidth: 0,
      blockQuote: false,
      doubleQuotedMinMultiLineLength: Infinity,
    }).trimEnd()
    const pair = pairOf(key)
    if (isScalar(pair?.value) && pair.value.range) {
      if (pair.value.value === value) continue
      changes.push({ at: pair.value.range[0], end: pair.value.range[1], text: printed })
      continue
    }
    // A new key goes on its own line after the feed's, at the same indentation.
    const feed = pairOf('feed')!
    const keyAt = (feed.key as Node).range![0]
    const column = keyAt - (text.lastIndexOf('\n', keyAt - 1) + 1)
    const lineEnd = text.indexOf('\n', (feed.value as Node).range![1])
    const at = lineEnd < 0 ? text.length : lineEnd
    changes.push({ at, end: at, text: `\n${' '.repeat(column)}${key}: ${printed}` })
  }
  return changes
    .sort((a, b) => b.at - a.at)
    .reduce((out, c) => out.slice(0, c.at) + c.text + out.slice(c.end), text)
}

/** Writes a source's new name or kind into its sector's file, which stays the truth on reload. */
export async function saveSourceEdit(
  feedsDir: string,
  slug: string,
  feedUrl: string,
  edit: SourceEdit,
): Promise<void> {
  const file = await sectorFile(feedsDir, slug)
  const text = await readFile(file, 'utf8')
  const next = editSourceInYaml(text, feedUrl, edit)
  if (next === text) return
  // The file must read back as the edit says, whatever the value held.
  const source = readBackSector(next, file, slug, 'name').sources.find((s) => s.feedUrl === feedUrl)
  const readBack =
    !!source &&
    (edit.name === undefined || source.name === edit.name) &&
    (edit.kind === undefined || source.kind === edit.kind)
  if (!readBack) {
    throw new AppError(
      'validation_failed',
      { field: 'name', reason: 'file_cannot_hold' },
      'the sector file cannot hold this name',
    )
  }
  await replaceFile(file, next)
}

/**
 * The sector file's text without the source of this feed URL: its lines (from its "-" to its last
 * line) go, every other byte stays. A file without that source is returned as it was.
 */
export function removeSourceFromYaml(text: string, feedUrl: string): string {
  const doc = parseDocument(text)
  const sources = doc.errors.length ? null : doc.get('sources', true)
  if (!isSeq(sources)) return text
  const index = sources.items.findIndex(
    (item) => isMap(item) && String(item.get('feed') ?? '').trim() === feedUrl,
  )
  const item = sources.items[index] as Node | undefined
  if (!item?.range) return text
  const lineStart = text.lastIndexOf('\n', item.range[0] - 1) + 1
  // The item's end, without the blank lines or comments that belong to what follows.
  const body = text.slice(0, item.range[2]).trimEnd()
  const lineEnd = text.indexOf('\n', body.length)
  const before = text.slice(0, lineStart)
  const after = text.slice(lineEnd < 0 ? text.length : lineEnd + 1)
  // One blank line between the neighbours, as there was around the item.
  const out =
    before.endsWith('\n\n') && after.startsWith('\n') ? before + after.slice(1) : before + after
  if (sources.items.length > 1) return out
  // The last source: `sources: []`, so the key still reads as a list (the key comes before the item).
  const pair = (doc.contents as { items: Pair[] }).items.find(
    (p) => isScalar(p.key) && p.key.value === 'sources',
  )
  const colon = out.indexOf(':', (pair!.key as Node).range![1])
  return `${out.slice(0, colon + 1)} []${out.slice(colon + 1)}`
}

/** Takes a source out of its sector's file (a deleted feed), which a reload reads. */
export async function saveSourceRemoval(feedsDir: string, slug: string, feedUrl: string) {
  const file = await sectorFile(feedsDir, slug)
  const text = await readFile(file, 'utf8')
  const next = removeSourceFromYaml(text, feedUrl)
  if (next === text) return
  const gone = !readBackSector(next, file, slug, 'feed').sources.some((s) => s.feedUrl === feedUrl)
  if (!gone)
    throw new AppError('validation_failed', { field: 'feed' }, 'the source is still in the file')
  await replaceFile(file, next)
}
