// `vigie vacuum`: after retention dropped most articles, the file shrinks to what it still holds and
// nothing kept is lost; while another process holds the database, it says so and changes nothing.
import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { count } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articles } from '../../db/schema.ts'
import { pruneUndecided } from '../../src/store/index.ts'
import { generatedArticles } from '../helpers/generated-articles.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const run = promisify(execFile)
const SECTOR = 'community-management'

async function bloatedDatabase() {
  const db = await tempDb()
  const now = new Date()
  await seedShippedSectors(db, now)
  // 1,000 articles over 41 days; retention at 5 days keeps about an eighth of them.
  await seedArticles(db, SECTOR, generatedArticles(1000, now, 1000))
  const dropped = await pruneUndecided(db.db, new Date(now.getTime() - 5 * 86_400_000), now)
  const [kept] = await db.db.select({ n: count() }).from(articles)
  const env = { ...process.env, DATABASE_URL: db.url, VIGIE_LOG_LEVEL: 'error' }
  const vigie = (...args: string[]) =>
    run(process.execPath, [path.join(root, 'src/bin.mjs'), ...args], { env, cwd: root })
  return { db, dropped, kept: kept!.n, vigie }
}

const megabytes = (line: string) => [...line.matchAll(/([\d.]+) MB/g)].map((m) => Number(m[1]))

describe('vigie vacuum', () => {
  it('gives back the pages of deleted articles and keeps every other article', async () => {
    const { db, dropped, kept, vigie } = await bloatedDatabase()
    expect(dropped).toBeGreaterThan(800)
    const [total, free] = megabytes((await vigie('vacuum', '--dry-run')).stdout)
    expect(free).toBeGreaterThan(0.5 * total!)
    const sizeBefore = fs.statSync(db.file).size
    const [before, after] = megabytes((await vigie('vacuum')).stdout)
    expect(before).toBe(total)
    expect(after).toBeLessThan(0.5 * before!)
    expect(fs.statSync(db.file).size).toBeLessThan(0.5 * sizeBefore)
    const [still] = await db.db.select({ n: count() }).from(articles)
    expect(still!.n).toBe(kept)
    expect((await db.client.execute('PRAGMA integrity_check')).rows[0]![0]).toBe('ok')
  })

  it('says another process holds the database, and changes nothing', async () => {
    const { db, vigie } = await bloatedDatabase()
    const sizeBefore = fs.statSync(db.file).size
    // Another process in the middle of a write (a crawl worker), for longer than vacuum waits.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createClient } from '@libsql/client'
const client = createClient({ url: process.argv[1] })
const tx = await client.transaction('write')
await tx.execute('update sectors set updated_at = updated_at')
process.stdout.write('locked\\n')
await new Promise((r) => setTimeout(r, 120_000))`,
        db.url,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      await new Promise<void>((resolve) =>
        holder.stdout.on('data', (d: Buffer) => String(d).includes('locked') && resolve()),
      )
      const failed = await vigie('vacuum').then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      )
      expect(failed?.code).not.toBe(0)
      expect(failed?.stderr).toMatch(/another process is using the database/)
    } finally {
      holder.kill()
    }
    expect(fs.statSync(db.file).size).toBe(sizeBefore)
  }, 120_000)
})
