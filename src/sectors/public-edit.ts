import { readFile } from 'node:fs/promises'
import { isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml'
import { AppError } from '../lib/errors.ts'
import { readBackSector, replaceFile, sectorFile } from './sector-file.ts'

/**
 * The sector file's text with its top-level `public:` set. Only that value is rewritten (a missing
 * key gets a line after `language:`): every other byte, comments included, stays.
 */
export function setPublicInYaml(text: string, value: boolean): string {
  const doc = parseDocument(text)
  if (doc.errors.length || !isMap(doc.contents))
    throw new AppError('validation_failed', { field: 'public' }, 'the sector file cannot be read')
  const pairs = doc.contents.items as Pair[]
  const pairOf = (key: string) => pairs.find((p) => isScalar(p.key) && p.key.value === key)
  const current = pairOf('public')
  if (isScalar(current?.value) && current.value.range) {
    if (current.value.value === value) return text
    const [at, end] = current.value.range
    return text.slice(0, at) + String(value) + text.slice(end)
  }
  const after = pairOf('language') ?? pairOf('name')!
  const lineEnd = text.indexOf('\n', (after.value as Node).range![1])
  const at = lineEnd < 0 ? text.length : lineEnd
  return `${text.slice(0, at)}\npublic: ${value}${text.slice(at)}`
}

/** Opens or closes the sector's public page and feeds, in its file (the truth on reload). */
export async function saveSectorPublic(feedsDir: string, slug: string, value: boolean) {
  const file = await sectorFile(feedsDir, slug)
  const text = await readFile(file, 'utf8')
  const next = setPublicInYaml(text, value)
  if (next === text) return
  if (readBackSector(next, file, slug, 'public').public !== value)
    throw new AppError('validation_failed', { field: 'public' }, 'the sector file cannot hold it')
  await replaceFile(file, next)
}
