import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { annotationVersions, apiTokens, decisions } from '../../db/schema.ts'
import { createApiToken, hashPassword, importUser } from '../../src/auth/index.ts'
import { createApp, type AppDeps } from '../../src/http/app.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { createLog } from '../../src/lib/log.ts'
import { createSearchIndex, syncIndex } from '../../src/search/index.ts'
import { migrateDb, openDb, updateUserLocale, type Database } from '../../src/store/index.ts'
import { directSession, sessionRequest } from '../helpers/app.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'

const NOW = new Date('2026-11-18T10:00:00Z')
const SECTOR = 'community-management'
const BIG_NOTE = 'Une note longue, qui demande des pages neuves à la base. '.repeat(300)

const opened: { database: Database; dir: string }[] = []
afterEach(() => {
  for (const { database, dir } of opened.splice(0)) {
    database.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

/** The app on its own database file, with the log it writes kept in `lines`. */
async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-full-'))
  const lines: string[] = []
  const log = createLog('info', (l) => lines.push(l))
  const database = await openDb({ url: `file:${path.join(dir, 'vigie.db')}`, log })
  opened.push({ database, dir })
  await migrateDb(database)
  const { db } = database
  await seedShippedSectors(database, NOW)
  const ids = await seedArticles(database, SECTOR, [
    {
      title: 'LinkedIn : les carrousels doublent l’engagement',
      text: 'Les carrousels documentaires publiés sur LinkedIn obtiennent deux fois plus de commentaires.',
      publishedAt: new Date(NOW.getTime() - 3_600_000),
    },
    {
      title: 'Modération : tenir sa communauté pendant un bad buzz',
      text: 'Une charte de modération publiée à l’avance évite la crise.',
      publishedAt: new Date(NOW.getTime() - 7_200_000),
    },
  ])
  const clock = fixedClock(NOW)
  const scoring = createScoring({ db, clock, log })
  await scoring.rescoreSector(SECTOR)
  const search = createSearchIndex({ dir: null })
  await syncIndex(search, db)
  const deps: AppDeps = {
    db,
    clock,
    log,
    config: { feedsDir: 'feeds' },
    scoring,
    search,
    crawler: null,
    storage: database.storage,
  }
  const app = createApp(deps)
  const passwordHash = await hashPassword('correct horse battery staple')
  const fr = await importUser(
    db,
    { email: 'claire@vigie.test', role: 'curator', passwordHash },
    NOW,
  )
  const en = await importUser(db, { email: 'megan@vigie.test', role: 'curator', passwordHash }, NOW)
  await updateUserLocale(db, en.id, 'en')
  const bearer = async (userId: number) => {
    const { token } = await createApiToken(db, userId, 'script', NOW)
    return (p: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers)
      headers.set('authorization', `Bearer ${token}`)
      if (init.body) headers.set('content-type', 'application/json')
      return Promise.resolve(app.request(p, { ...init, headers }))
    }
  }
  const { cookie, csrf } = await directSession(database, fr.id, NOW)
  const page = sessionRequest(app, cookie, () => csrf)
  return { database, app, ids, lines, frApi: await bearer(fr.id), enApi: await bearer(en.id), page }
}

const pragma = async (database: Database, sql: string) =>
  Object.values((await database.client.execute(sql)).rows[0] ?? {})[0]

/** Fills the database file up to a limit, as a full disk does: SQLite then answers SQLITE_FULL. */
async function fillDisk(database: Database) {
  await database.client.execute('create table if not exists test_filler (b blob)')
  await database.client.execute(
    `PRAGMA max_page_count = ${Number(await pragma(database, 'PRAGMA page_count'))}`,
  )
  // Use up the free pages too, so that every write that needs room fails.
  for (let i = 0; i < 10_000; i++) {
    try {
      await database.client.execute('insert into test_filler (b) values (randomblob(1000))')
    } catch {
      return
    }
  }
  throw new Error('the database never filled up')
}

describe('a full disk', () => {
  it('keeps reads answering, refuses writes with 507 in the curator’s language, and loses nothing', async () => {
    const { database, app, ids, lines, frApi, enApi, page } = await setup()
    const id = ids[0]!
    // Acknowledged before the disk fills.
    expect(
      (
        await frApi(`/api/articles/${id}/decision`, {
          method: 'POST',
          body: JSON.stringify({ action: 'approve' }),
        })
      ).status,
    ).toBe(200)
    const first = await frApi(`/api/articles/${id}/annotation`, {
      method: 'PUT',
      body: JSON.stringify({ note: 'avant', tags: ['crise'], commentary: '', baseVersion: 0 }),
    })
    expect(first.status).toBe(200)
    expect((await app.request('/health')).status).toBe(200)

    await fillDisk(database)

    for (const p of [
      `/api/queue?sector=${SECTOR}`,
      `/api/articles/${id}`,
      '/api/search?q=carrousels',
      `/api/feeds?sector=${SECTOR}`,
    ]) {
      const res = await frApi(p)
      expect(res.status, p).toBe(200)
    }
    expect((await page('/queue')).status).toBe(200)
    expect((await page(`/articles/${id}`)).status).toBe(200)

    const refused = await frApi(`/api/articles/${id}/annotation`, {
      method: 'PUT',
      body: JSON.stringify({ note: BIG_NOTE, tags: [], commentary: '', baseVersion: 1 }),
    })
    expect(refused.status).toBe(507)
    expect(await refused.json()).toMatchObject({
      error: 'storage_full',
      message: expect.stringContaining('Le disque du serveur est plein'),
    })
    const refusedEn = await enApi(`/api/articles/${ids[1]}/annotation`, {
      method: 'PUT',
      body: JSON.stringify({ note: BIG_NOTE, tags: [], commentary: '', baseVersion: 0 }),
    })
    expect(refusedEn.status).toBe(507)
    expect((await refusedEn.json()).message).toMatch(/^The server’s disk is full/)
    const form = await page(`/articles/${id}/annotation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ note: BIG_NOTE, tags: '', commentary: '', baseVersion: '1' }),
    })
    expect(form.status).toBe(507)
    const errorPage = await form.text()
    expect(errorPage).toContain('<h1>Disque plein</h1>')
    expect(errorPage).toContain('<p class="error-detail">Le disque du serveur est plein')

    const health = await app.request('/health')
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({
      ok: false,
      error: 'storage_full',
      message: expect.stringContaining('disk is full'),
    })
    expect(lines.filter((l) => l.includes('disk full'))).toHaveLength(1)
    expect(lines.filter((l) => l.includes('request failed'))).toEqual([])

    // Space comes back.
    await database.client.execute('PRAGMA max_page_count = 1000000')
    const healthy = await app.request('/health')
    expect(await healthy.json()).toEqual({ ok: true })
    expect(lines.filter((l) => l.includes('disk space is back'))).toHaveLength(1)
    const saved = await frApi(`/api/articles/${id}/annotation`, {
      method: 'PUT',
      body: JSON.stringify({ note: BIG_NOTE, tags: [], commentary: '', baseVersion: 1 }),
    })
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ version: 2 })
    const history = await database.db
      .select()
      .from(annotationVersions)
      .where(eq(annotationVersions.articleId, id))
    expect(history.map((h) => h.note).sort()).toEqual(['avant', BIG_NOTE].sort())
    expect(
      await database.db.select().from(decisions).where(eq(decisions.articleId, id)),
    ).toHaveLength(1)
    expect(lines.filter((l) => l.includes('disk full'))).toHaveLength(1)
  })

  it('never makes a token-authenticated read depend on writing the token’s last use', async () => {
    const { database, ids, frApi } = await setup()
    // Every write refused, whatever the reason: a read still answers.
    await database.client.execute('PRAGMA query_only = 1')
    for (const p of [
      `/api/queue?sector=${SECTOR}`,
      `/api/articles/${ids[0]}`,
      '/api/search?q=carrousels',
      `/api/feeds?sector=${SECTOR}`,
    ]) {
      expect((await frApi(p)).status, p).toBe(200)
    }
    await database.client.execute('PRAGMA query_only = 0')
    // Marked used once, and then not at every request.
    await frApi(`/api/articles/${ids[0]}`)
    const [token] = await database.db.select().from(apiTokens).where(eq(apiTokens.name, 'script'))
    expect(token!.lastUsedAt).toEqual(NOW)
  })
})
