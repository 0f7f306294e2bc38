import fs from 'node:fs'
import { sql } from 'drizzle-orm'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApiToken } from '../../src/auth/api-tokens.ts'
import { createUser } from '../../src/auth/users.ts'
import { vigie } from '../helpers/crawl-processes.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'
import { insertFeed, insertManyArticles } from '../search/helpers.ts'

/** `vigie serve` started; resolves once it listens, with what it logged until then. */
async function serve(env: NodeJS.ProcessEnv) {
  const run = vigie(['serve'], env)
  let out = ''
  let err = ''
  run.child.stderr!.on('data', (d) => (err += d))
  const origin = await new Promise<string>((resolve, reject) => {
    run.child.stdout!.on('data', (d) => {
      out += d
      const up = /Vigie is up: (http:\/\/[^/\s]+)\//.exec(out)
      if (up) resolve(up[1]!)
    })
    run.child.once('close', (code) => reject(new Error(`vigie serve exited ${code}: ${err}`)))
  })
  return { ...run, origin, loggedBeforeUp: err }
}

/** A curator's API token, and the environment of `vigie serve` on db with folders of its own. */
async function curatorAndServerEnv(db: Awaited<ReturnType<typeof tempDb>>, logLevel: string) {
  const user = await createUser(
    db.db,
    { email: 'veilleuse@example.org', password: 'mot-de-passe-solide-42', role: 'curator' },
    new Date(),
  )
  const { token } = await createApiToken(db.db, user.id, 'start test', new Date())
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-serve-start-'))
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    VIGIE_INDEX_DIR: path.join(dir, 'index'),
    VIGIE_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
    VIGIE_CRAWL_ON_START: '0',
    VIGIE_CRAWL_INTERVAL_S: '0',
    VIGIE_LOG_LEVEL: logLevel,
    PORT: '0',
    HOST: '127.0.0.1',
  }
  return { token, dir, env }
}

describe('vigie serve on a database whose search index is behind', () => {
  it('listens at once, indexes in the background, stops cleanly mid-way and finishes on the next start', async () => {
    const db = await tempDb()
    await insertManyArticles(db.db, await insertFeed(db.db, 'community-management', 'Blog'), 3000)
    const { token, dir, env } = await curatorAndServerEnv(db, 'info')
    try {
      // A first start: no index at all. Up before the 3,000 articles are indexed, and a SIGTERM
      // then ends the catch-up at its next batch and exits cleanly.
      const first = await serve(env)
      expect(first.loggedBeforeUp).not.toContain('search index ready')
      first.child.kill('SIGTERM')
      const stopped = await first.done
      expect(stopped.code, stopped.stderr).toBe(0)
      expect(stopped.stderr).not.toContain('search index ready')

      const second = await serve(env)
      const search = async () =>
        (await (
          await fetch(`${second.origin}/api/search?q=moderation&limit=1`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as { total: number; catchingUp: unknown }
      let result = await search()
      for (let i = 0; result.catchingUp && i < 600; i++) {
        await new Promise((r) => setTimeout(r, 100))
        result = await search()
      }
      // One article in six is about moderation.
      expect(result).toMatchObject({ catchingUp: null, total: 500 })
      second.child.kill('SIGTERM')
      const ended = await second.done
      expect(ended.code, ended.stderr).toBe(0)
      expect(ended.stderr).toContain('search index ready')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

describe('vigie serve scoring its sectors after it starts', () => {
  it('scores every sector in the background, so that the first decision is rescored incrementally', async () => {
    const db = await tempDb()
    await seedShippedSectors(db)
    const now = Date.now()
    const lines = fs
      .readFileSync(path.join(import.meta.dirname, '../fixtures/eval/articles-fr.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 40)
      .map((l) => JSON.parse(l) as { title: string; text: string; source: string })
    const ids = await seedArticles(
      db,
      'community-management',
      lines.map((a, i) => ({ ...a, lang: 'fr', publishedAt: new Date(now - i * 3_600_000) })),
    )
    const { token, dir, env } = await curatorAndServerEnv(db, 'debug')
    const scored = async () =>
      Number((await db.db.get<{ n: number }>(sql`select count(*) as n from article_scores`))!.n)
    try {
      expect(await scored()).toBe(0)
      const server = await serve(env)
      let log = ''
      server.child.stderr!.on('data', (d) => (log += d))
      const logged = async (what: RegExp) => {
        for (let i = 0; !what.test(log) && i < 600; i++)
          await new Promise((r) => setTimeout(r, 100))
        expect(log).toMatch(what)
      }
      // Nobody asked for anything: the server scored the sector's window by itself.
      await logged(/INFO scoring ready \{"sectors":1,/)
      expect(await scored()).toBe(ids.length)
      const res = await fetch(`${server.origin}/api/articles/${ids[0]}/decision`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'approve' }),
      })
      expect(res.status).toBe(200)
      // Its rescore starts from the pass kept in the worker: only what the decision can move.
      await logged(/rescored after decisions \{[^\n]*"full":false/)
      expect(log).not.toMatch(/rescored after decisions \{[^\n]*"full":true/)
      server.child.kill('SIGTERM')
      const ended = await server.done
      expect(ended.code, ended.stderr).toBe(0)
      expect(log).not.toContain('warm-up failed')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
