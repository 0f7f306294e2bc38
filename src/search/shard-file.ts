import fs from 'node:fs/promises'
import path from 'node:path'
import { processAlive } from '../lib/process-alive.ts'

// A shard file is two JSON lines: a small header (the documents' metadata, readable without the
// terms) and MiniSearch's toJSON(). JSON.stringify escapes newlines, so the first '\n' splits them.
export const SHARD_FORMAT = 1

/** [id, version, publishedAt, feedId, source, lang, status, firstSeenAt] */
export type DocRow = [number, number, number, number, string, string | null, string, number?]

export interface ShardHeader {
  format: number
  analysis: number
  sector: string
  month: string
  docs: DocRow[]
}

export interface Manifest {
  format: number
  analysis: number
  savedAt: string
  shards: Record<string, { docs: number; maxVersion: number; bytes: number }>
}

export const shardKey = (sector: string, month: string) => `${sector}/${month}`
export const shardPath = (dir: string, sector: string, month: string) =>
  path.join(dir, encodeURIComponent(sector), `${month}.json`)
const manifestPath = (dir: string) => path.join(dir, 'manifest.json')

/** Every shard file under dir (and leftovers of an interrupted save removed). */
export async function listShardFiles(dir: string) {
  const out: { sector: string; month: string; file: string; bytes: number }[] = []
  const sectors = await fs.readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const s of sectors) {
    if (!s.isDirectory()) continue
    for (const f of await fs.readdir(path.join(dir, s.name))) {
      const file = path.join(dir, s.name, f)
      // A temporary file left by a crash mid-save: the rename never happened, the old file stands.
      // One whose process still runs is another process saving now (a crawl beside the server):
      // removing it would make that save's rename fail.
      const tmp = /\.tmp-(\d+)$/.exec(f)
      if (tmp && !processAlive(Number(tmp[1]))) await fs.rm(file, { force: true })
      const m = /^(\d{4}-\d{2})\.json$/.exec(f)
      if (!m) continue
      const { size } = await fs.stat(file)
      out.push({
        sector: decodeURIComponent(s.name),
        month: m[1]!,
        file,
        bytes: size,
      })
    }
  }
  return out
}

/** The header line alone, read in chunks so a cold shard's terms are not parsed. */
export async function readShardHeader(file: string): Promise<ShardHeader> {
  const fh = await fs.open(file, 'r')
  try {
    const chunks: Buffer[] = []
    const buf = Buffer.alloc(256 * 1024)
    for (let pos = 0; ;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos)
      if (!bytesRead) throw new Error('shard file has no terms line')
      const nl = buf.subarray(0, bytesRead).indexOf(10)
      chunks.push(Buffer.from(buf.subarray(0, nl < 0 ? bytesRead : nl)))
      if (nl >= 0) return checkHeader(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      pos += bytesRead
    }
  } finally {
    await fh.close()
  }
}

/**
 * The terms line of a shard (its header was read on start, by readShardHeader), as bytes: its
 * postings are read off them without decoding a month's 68 MB into a string (0.3 s of decoding,
 * 0.4 s of flattening the string, each in one block).
 */
export async function readShardTerms(file: string): Promise<Uint8Array> {
  const bytes = await fs.readFile(file)
  const nl = bytes.indexOf(10)
  if (nl < 0) throw new Error('shard file has no terms line')
  return bytes.subarray(nl + 1)
}

function checkHeader(h: ShardHeader): ShardHeader {
  if (h?.format !== SHARD_FORMAT || !Array.isArray(h.docs)) throw new Error('unknown shard format')
  return h
}

/** Writes a temporary file then renames it over the old one: a crash leaves the old file or the new, whole. */
export async function writeAtomic(file: string, parts: string[]): Promise<number> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.tmp-${process.pid}`
  const fh = await fs.open(tmp, 'w')
  let bytes = 0
  try {
    for (const part of parts) {
      // writeFile on a handle writes all of it from the current position (write() may write less).
      await fh.writeFile(part)
      bytes += Buffer.byteLength(part)
    }
    await fh.datasync()
  } finally {
    await fh.close()
  }
  await fs.rename(tmp, file)
  return bytes
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await fs.readFile(manifestPath(dir), 'utf8')) as Manifest
  } catch {
    return null
  }
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeAtomic(manifestPath(dir), [JSON.stringify(manifest, null, 1)])
}
