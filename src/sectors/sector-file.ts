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

/** The sector that this file text defines; throws validation_failed (on `field`) when it defines none. */
export function readBackSector(text: string, file: string, slug: string, field: string): SectorDef {
  const { sector, errors } = parseSector(text, file, slug)
  if (!sector) {
    const message = errors.map((e) => e.message).join('; ')
    throw new AppError('validation_failed', { field, issues: errors }, message)
  }
  return sector
}

/** Replaces a file atomically: a reader sees the old text or the new one, never half of it. */
export async function replaceFile(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, text, 'utf8')
    await rename(temp, file)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}
