import { randomBytes } from 'node:crypto'
import { access, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../lib/errors.ts'
import { parseSector } from './load.ts'
import type { SectorDef } from './types.ts'

const SLUG = /^[a-z0-9-]+$/

/** The sector's file in the sectors folder: <slug>.yaml, or <slug>.yml. */
export async function sectorFile(feedsDir: string, slug: string): Promise<string> {
  if (!SLUG.test(slug)) throw new AppError('sector_not_found', { slug }, `no sector "${slug}"`)
  for (const ext of ['.yaml', '.yml']) {
    const file = path.join(feedsDir, slug + ext)
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      return file
  }
  throw new AppError('sector_not_found', { slug }, `no file for sector "${slug}" in ${feedsDir}`)
}

/**
 * Replaces the sector's file with this text once it reads as a valid sector (atomically: a reader
 * sees the old file or the new one). Returns the sector as now defined; `field` names the edit
 * in the error when the text does not.
 */
export async function writeSectorFile(
  file: string,
  slug: string,
  text: string,
  field: string,
): Promise<SectorDef> {
  const { sector, errors } = parseSector(text, file, slug)
  if (!sector) {
    const message = errors.map((e) => e.message).join('; ')
    throw new AppError('validation_failed', { field, issues: errors }, message)
  }
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, text, 'utf8')
    await rename(temp, file)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
  return sector
}
