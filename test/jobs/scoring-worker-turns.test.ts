import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { count, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { annotationVersions, decisions, sectorModels } from '../../db/schema.ts'
import { createApiToken, createUser } from '../../src/auth/index.ts'
import { createApp } from '../../src/http/app.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { SAVE_ROWS } from '../../src/jobs/scoring-sectors.ts'
import type { SaveStats } from '../../src/jobs/scoring-worker.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { createLog } from '../../src/lib/log.ts'
import { migrateDb, openDb, turnsSeen } from '../../src/store/index.ts'
import { generatedArticles } from '../helpers/generated-articles.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { serveApp } from '../e2e/helpers.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const clock = fixedClock('2026-11-20T12:00:00Z')
const ARTICLES = 3000

const open: (() => unknown)[] = []
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close()
})

describe('the scoring worker saving a full rescore while the server takes decisions', () => {
  it('writes in short transactions, lets every decision and annotation through, and none is lost', async () => {
    const db = await tempDb()
    await seedShippedSectors(db, clock.now())
    const ids = await seedArticles(db, SECTOR, generatedArticles(ARTICLES, clock.now(), 700))
    const lines: string[] = []
    const log = createLog('debug', (l) => lines.push(l))
    const scoring = createScoring({
      db: db.db,
      clock,
      log,
      database: { url: db.url, turns: db.turns },
      storage: db.storage,
    })
    open.push(() => scoring.close())
    const app = createApp({
      db: db.db,
      clock,
      log,
      config: { feedsDir: 'feeds' },
      scoring,
      search: null,
      crawler: null,
      storage: db.storage,
    })
    const { origin, close } = await serveApp(app)
    open.push(close)
    const user = await createUser(
      db.db,
      { email: 'curatrice@vigie.test', role: 'curator', password: 'correct horse battery staple' },
      clock.now(),
    )
    const { token } = await createApiToken(db.db, user.id, 'test', clock.now())
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }

    // The full rescore of 3,000 articles: analysed, clustered and saved by the worker.
    let rescored = false
    const rescore = scoring.rescoreSector(SECTOR).finally(() => (rescored = true))

    // Meanwhile three curators decide and one annotates, each on articles of their own, until the
    // rescore is saved (and at least a few times each).
    const statuses: number[] = []
    const learnt = { approve: 0, reject: 0 }
    let annotations = 0
    let answeredWhileRescoring = 0
    async function decider(k: number) {
      for (let i = 0; (!rescored || i < 5) && i < 400; i++) {
        const id = ids[k * 400 + i]!
        const action = i % 2 ? 'reject' : 'approve'
        const res = await fetch(`${origin}/api/articles/${id}/decision`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ action }),
        })
        statuses.push(res.status)
        if (!rescored) answeredWhileRescoring++
        await res.body?.cancel()
        if (res.status === 200) learnt[action]++
        // A curator's pace, quickened: decisions a few milliseconds apart.
        await new Promise((r) => setTimeout(r, 10))
      }
    }
    async function annotator() {
      for (let i = 0; (!rescored || i < 5) && i < 400; i++) {
        const res = await fetch(`${origin}/api/articles/${ids[1200 + i]}/annotation`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({
            note: `À relire avant la veille du lundi (${i}).`,
            tags: ['modération', 'engagement'],
            commentary: 'Un bon exemple de charte de modération.',
            baseVersion: 0,
          }),
        })
        statuses.push(res.status)
        await res.body?.cancel()
        if (res.status === 200) annotations++
      }
    }
    await Promise.all([decider(0), decider(1), decider(2), annotator(), rescore])
    expect(await rescore).toBe(ARTICLES)
    await scoring.settled()

    // Every write was acknowledged (no 500 from a locked database) and is there, counted.
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    const sent = learnt.approve + learnt.reject
    expect(sent).toBeGreaterThanOrEqual(15)
    expect(answeredWhileRescoring).toBeGreaterThan(0)
    const [stored] = await db.db.select({ n: count() }).from(decisions)
    expect(stored!.n).toBe(sent)
    const [model] = await db.db
      .select()
      .from(sectorModels)
      .where(eq(sectorModels.sectorSlug, SECTOR))
    expect(model!.decisionsSeen).toBe(sent)
    const [versions] = await db.db.select({ n: count() }).from(annotationVersions)
    expect(versions!.n).toBe(annotations)

    // How the worker wrote: the full pass's 3,000 scores and the passes after the decisions, in
    // transactions of at most SAVE_ROWS rows.
    const saves = lines
      .filter((l) => l.includes(' DEBUG scores saved '))
      .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as SaveStats)
    const full = saves.find((s) => s.rows === ARTICLES)
    expect(full!.transactions).toBeGreaterThanOrEqual(ARTICLES / SAVE_ROWS)
    // 25 rows: about 5-9 ms a transaction on this machine under load (3,000 rows in 0.6-1.1 s), so a
    // statement of the server waits that, plus a step of SQLite's busy sleep (1, 2, 5, 10 ms...).
    // With the 100 of the scorer's batches, 14-16 ms, and up to 93 ms.
    expect(SAVE_ROWS).toBeLessThanOrEqual(25)
    for (const s of saves) expect(s.largestTransaction).toBeLessThanOrEqual(25)
    // No statement of the server's thread ever saw two of the worker's transactions begin while it
    // was in flight: each waited, at most, for the one transaction already running.
    const seen = turnsSeen(db.turns)
    expect(seen.statementsStarted).toBeGreaterThan(sent)
    expect(seen.waitedForTwo).toBe(0)
  }, 240_000)
})

// Another process (a crawl) holding the write lock for a while, then committing.
const HOLD_MS = 600
const holder = (ms: number) => `
import { createClient } from '@libsql/client'
const client = createClient({ url: process.argv[1] })
const tx = await client.transaction('write')
await tx.execute("update sectors set updated_at = updated_at")
process.stdout.write('locked\\n')
await new Promise((r) => setTimeout(r, ${ms}))
await tx.commit()
client.close()
`

/** The app on a database whose busy timeout is HOLD_MS / 2, a curator's token, and a lock holder. */
async function appBesideALock() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-busy-'))
  open.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  const url = `file:${path.join(dir, 'vigie.db')}`
  const database = await openDb({ url, busyTimeoutMs: HOLD_MS / 2 })
  open.push(() => database.close())
  await migrateDb(database)
  await seedShippedSectors(database, clock.now())
  const [articleId] = await seedArticles(database, SECTOR, generatedArticles(1, clock.now()))
  const errors: string[] = []
  const log = createLog('error', (l) => errors.push(l))
  const scoring = createScoring({ db: database.db, clock, log })
  open.push(() => scoring.close())
  const app = createApp({
    db: database.db,
    clock,
    log,
    config: { feedsDir: 'feeds' },
    scoring,
    search: null,
    crawler: null,
  })
  const { origin, close } = await serveApp(app)
  open.push(close)
  const user = await createUser(
    database.db,
    { email: 'curatrice@vigie.test', role: 'curator', password: 'correct horse battery staple' },
    clock.now(),
  )
  const { token } = await createApiToken(database.db, user.id, 'test', clock.now())
  // The token's first use is written now, not during the lock (reads never wait on that write).
  await (
    await fetch(`${origin}/api/articles/${articleId}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).body?.cancel()
  const decide = (action: string) =>
    fetch(`${origin}/api/articles/${articleId}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action }),
    })
  /** Starts a process holding the write lock for `ms`; resolves once it holds it (not with its exit). */
  const lockFor = async (ms: number) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', holder(ms), url], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const exited = new Promise<number | null>((r) => child.once('exit', r))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve())
      child.once('exit', () => reject(new Error('the lock holder exited first')))
    })
    return { exited }
  }
  const stored = async () => (await database.db.select({ n: count() }).from(decisions))[0]!.n
  return { decide, lockFor, stored, errors }
}

describe('a decision while another process holds the database longer than the busy timeout', () => {
  it('is tried again and answered, not a 500', async () => {
    const { decide, lockFor, stored, errors } = await appBesideALock()
    // The first try fails with SQLITE_BUSY, the second waits until the lock is released (the third
    // is the margin on a loaded machine).
    const { exited } = await lockFor(HOLD_MS)
    const res = await decide('approve')
    expect(res.status).toBe(200)
    expect(((await res.json()) as { status: string }).status).toBe('approved')
    expect(await exited).toBe(0)
    expect(await stored()).toBe(1)
    expect(errors).toEqual([])
    // The connection is sound after it: the next decision is answered at once.
    expect((await decide('reject')).status).toBe(200)
  }, 60_000)

  it('answers 503 "try again" with nothing written when the lock outlasts every try', async () => {
    const { decide, lockFor, stored } = await appBesideALock()
    // Three tries of HOLD_MS / 2 each, with short pauses, end well before the lock does.
    const { exited } = await lockFor(HOLD_MS * 8)
    const res = await decide('approve')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    const body = (await res.json()) as { error: string; message: string }
    expect(body.error).toBe('database_busy')
    expect(body.message).toMatch(/rien n’a été enregistré/)
    expect(await exited).toBe(0)
    expect(await stored()).toBe(0)
    // Once the lock is gone, the same decision goes through.
    expect((await decide('approve')).status).toBe(200)
    expect(await stored()).toBe(1)
  }, 60_000)
})
