import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createClient, type Client } from '@libsql/client'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { articleScores } from '../../db/schema.ts'
import { createApp } from '../../src/http/app.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { createLog } from '../../src/lib/log.ts'
import { migrateDb, openDb, type Database } from '../../src/store/index.ts'
import { serveApp } from '../e2e/helpers.ts'
import { generatedArticles } from '../helpers/generated-articles.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'

const SECTOR = 'community-management'
const clock = fixedClock('2026-11-20T12:00:00Z')
const ARTICLES = 60

const open: (() => unknown)[] = []
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close()
})

const pragma = async (client: Client, sql: string) =>
  Number(Object.values((await client.execute(sql)).rows[0] ?? {})[0])

/**
 * Fills the database up to a limit, as a full disk does: SQLite then answers SQLITE_FULL. Filled on a
 * connection of its own, so that the server's storage watch hears nothing of it; the limit holds per
 * connection, so the server's and the scoring worker's connections get it too (a real full disk is the
 * same for all). Returns the page count, the limit.
 */
async function fillDisk(
  url: string,
  server: Database,
  worker: (pages: number) => Promise<unknown>,
) {
  const filler = createClient({ url })
  try {
    await filler.execute('create table if not exists test_filler (b blob)')
    await filler.execute(`PRAGMA max_page_count = ${await pragma(filler, 'PRAGMA page_count')}`)
    for (const size of [1000, 200, 50, 10]) {
      for (let i = 0; ; i++) {
        if (i > 10_000) throw new Error('the database never filled up')
        try {
          await filler.execute(`insert into test_filler (b) values (randomblob(${size}))`)
        } catch {
          break
        }
      }
    }
    const pages = await pragma(filler, 'PRAGMA page_count')
    expect(await pragma(server.client, `PRAGMA max_page_count = ${pages}`)).toBe(pages)
    expect(await worker(pages)).toBe(pages)
  } finally {
    filler.close()
  }
}

describe('the scoring worker on a full disk', () => {
  it('reports it to the server (503 on /health, one log line), and saves the scores once space is back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-worker-full-'))
    open.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const url = `file:${path.join(dir, 'vigie.db')}`
    const lines: string[] = []
    const log = createLog('info', (l) => lines.push(l))
    const database = await openDb({ url, log })
    open.push(() => database.close())
    await migrateDb(database)
    await seedShippedSectors(database, clock.now())
    await seedArticles(database, SECTOR, generatedArticles(ARTICLES, clock.now()))
    const unhandled: unknown[] = []
    const onUnhandled = (err: unknown) => unhandled.push(err)
    process.on('unhandledRejection', onUnhandled)
    open.push(() => process.off('unhandledRejection', onUnhandled))

    const scoring = createScoring({
      db: database.db,
      clock,
      log,
      database: { url, turns: database.turns },
      storage: database.storage,
    })
    open.push(() => scoring.close())
    const app = createApp({
      db: database.db,
      clock,
      log,
      config: { feedsDir: 'feeds' },
      scoring,
      search: null,
      crawler: null,
      storage: database.storage,
    })
    const { origin, close } = await serveApp(app)
    open.push(close)
    const health = async () => {
      const res = await fetch(`${origin}/health`)
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const saved = async () =>
      (await database.db.select().from(articleScores).where(eq(articleScores.sectorSlug, SECTOR)))
        .length

    // /health probes with a write now, then only every minute while writes work: what it says next
    // comes from the errors the watch hears of.
    expect((await health()).status).toBe(200)
    await fillDisk(url, database, (pages) => scoring.workerMaxPageCount(pages))
    expect(database.storage.state.full).toBe(false)

    // The first rescore: computed in the worker, which cannot save it.
    await expect(scoring.rescoreSector(SECTOR)).rejects.toThrow(/SQLITE_FULL|full/)
    expect(await saved()).toBeLessThan(ARTICLES)
    const full = await health()
    expect(full.status).toBe(503)
    expect(full.body).toMatchObject({ ok: false, error: 'storage_full' })
    expect(String(full.body.cause)).toMatch(/SQLITE_FULL/)
    // Asked again, it still says so, and the log said it once.
    expect((await health()).status).toBe(503)
    expect(lines.filter((l) => l.includes('disk full'))).toHaveLength(1)
    expect(lines.filter((l) => l.includes('rescore failed'))).toHaveLength(0)

    // Space comes back (for both connections): /health notices, and the owed rescore runs.
    await database.client.execute('drop table test_filler')
    await database.client.execute('PRAGMA max_page_count = 1073741823')
    await scoring.workerMaxPageCount(1_073_741_823)
    expect(await health()).toEqual({ status: 200, body: { ok: true } })
    await scoring.settled()
    expect(await saved()).toBe(ARTICLES)
    expect(lines.filter((l) => l.includes('disk space is back'))).toHaveLength(1)
    expect(lines.filter((l) => l.includes('disk full'))).toHaveLength(1)
    expect(lines.filter((l) => l.includes('rescore failed'))).toHaveLength(0)
    expect(unhandled).toEqual([])

    // And the worker goes on: the next full rescore saves everything again.
    expect(await scoring.rescoreSector(SECTOR)).toBe(ARTICLES)
  }, 60_000)
})
