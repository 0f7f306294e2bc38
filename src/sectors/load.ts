import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { LineCounter, parseDocument, isMap } from 'yaml'
import { AppError } from '../lib/errors.ts'
import { SectorYaml, yamlErrorMap } from './schema.ts'
import { crossChecks, toSectorDef } from './to-sector.ts'
import type { SectorDef, SectorLoadError } from './types.ts'
import { unknownKeyMessage } from './unknown-keys.ts'
import { formatPath, positionOf } from './yaml-position.ts'

const SLUG = /^[a-z0-9-]+$/
const SECTOR_FILE = /\.ya?ml$/

/** Loads every feeds/*.yaml; a bad file yields errors with file and line and does not stop the others. */
export async function loadSectors(
  dir: string,
): Promise<{ sectors: SectorDef[]; errors: SectorLoadError[] }> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => SECTOR_FILE.test(n)).sort()
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new AppError('sectors_dir_unreadable', { dir }, `cannot read sector folder: ${reason}`)
  }
  const sectors: SectorDef[] = []
  const errors: SectorLoadError[] = []
  const seen = new Map<string, string>()
  for (const name of names) {
    const file = path.join(dir, name)
    const slug = name.replace(SECTOR_FILE, '')
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      errors.push(wholeFile(file, `cannot read: ${err instanceof Error ? err.message : String(err)}`))
      continue
    }
    const result = parseSector(text, file, slug)
    errors.push(...result.errors)
    if (!result.sector) continue
    const other = seen.get(slug)
    if (other) {
      errors.push(wholeFile(file, `sector "${slug}" is already defined by ${other}`))
      continue
    }
    seen.set(slug, file)
    sectors.push(result.sector)
  }
  return { sectors, errors }
}

/** Validates one sector file's text; `file` only labels the errors, `slug` names the sector. */
export function parseSector(
  text: string,
  file: string,
  slug: string,
): { sector: SectorDef | null; errors: SectorLoadError[] } {
  const fail = (errors: SectorLoadError[]) => ({ sector: null, errors })
  if (!SLUG.test(slug)) {
    const message = `file name "${slug}" must use only a-z, 0-9 and "-" (it is the sector slug)`
    return fail([wholeFile(file, message)])
  }
  const lines = new LineCounter()
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter: lines,
    prettyErrors: false,
  })
  if (doc.errors.length) {
    return fail(
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0])
        return { file, line, column: col, message: `YAML syntax: ${e.message.split('\n')[0]}` }
      }),
    )
  }
  if (!isMap(doc.contents)) {
    const message = 'the file must be a mapping with name, language, profile and sources'
    return fail([{ file, line: 1, column: 1, message }])
  }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 50 })
  } catch (err) {
    return fail([wholeFile(file, `YAML: ${String(err instanceof Error ? err.message : err)}`)])
  }

  const at = (p: readonly PropertyKey[], message: string, atKey = false): SectorLoadError => {
    const { line, column } = positionOf(doc, lines, p, atKey)
    return { file, line, column, message: p.length ? `${formatPath(p)}: ${message}` : message }
  }
  const parsed = SectorYaml.safeParse(data, { error: yamlErrorMap })
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => at([...issue.path, k], unknownKeyMessage(k, issue.path), true))
        : [at(issue.path, issue.message)],
    )
    return fail(errors.sort(byPosition))
  }
  const semantic = crossChecks(parsed.data).map((i) => at(i.path, i.message))
  if (semantic.length) return fail(semantic.sort(byPosition))
  return { sector: toSectorDef(parsed.data, slug, file), errors: [] }
}

/** "feeds/x.yaml:12:5: sources[3].feed: must be an http(s) URL" */
export function formatSectorError(e: SectorLoadError): string {
  if (e.line == null) return `${e.file}: ${e.message}`
  const where = e.column == null ? `${e.file}:${e.line}` : `${e.file}:${e.line}:${e.column}`
  return `${where}: ${e.message}`
}

function wholeFile(file: string, message: string): SectorLoadError {
  return { file, line: null, column: null, message }
}

function byPosition(a: SectorLoadError, b: SectorLoadError): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}
