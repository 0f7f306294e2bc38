import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articleCounts, blogsOnServer, vigie } from '../helpers/crawl-processes.ts'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/bin.mjs')
const FEEDS = 10
const PER_FEED = 2

/** `vigie serve` (its own crawl loop every second), resolved once it listens. */
function serveVigie(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      VIGIE_CRAWL_INTERVAL_S: '1',
      VIGIE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (/Vigie is up: http:\/\/127\.0\.0\.1/.test(String(d)))
        resolve({ child, stderr: () => stderr })
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)))
  })
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 40_000) {
  const end = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('two crawl workers and the server on one database file', () => {
  it('fetch each feed once per due period, with no lock error', async () => {
    const { db, env, feedHits } = await blogsOnServer({
      feeds: FEEDS,
      perFeed: PER_FEED,
      pageDelayMs: 5,
    })
    const server = await serveVigie(env)
    const workers = [1, 2].map(() =>
      vigie(['crawl', '--loop', '--every', '0.1'], { ...env, VIGIE_LOG_LEVEL: 'warn' }),
    )
    const hits = () => [...feedHits.values()]
    try {
      await until(
        'every article extracted',
        async () => (await articleCounts(db)).ok === FEEDS * PER_FEED,
      )
      await until('every feed fetched', () => feedHits.size === FEEDS)
      // Three crawlers polling many times a second for a few seconds: nobody fetches a feed again
      // before it is due.
      await new Promise((r) => setTimeout(r, 2000))
      expect(hits()).toEqual(Array(FEEDS).fill(1))
      // A new due period: every feed due now, fetched once more, by one of the three.
      await db.db.run(sql`update feeds set next_check_at = 0`)
      await until('every feed fetched again', () => hits().every((n) => n >= 2))
      await new Promise((r) => setTimeout(r, 2000))
      expect(hits()).toEqual(Array(FEEDS).fill(2))
    } finally {
      for (const w of workers) w.child.kill('SIGTERM')
      server.child.kill('SIGTERM')
    }
    const runs = await Promise.all(workers.map((w) => w.done))
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).not.toMatch(/locked|SQLITE_BUSY/i)
    }
    // Each worker printed one line per crawl that checked feeds; together they did some of the work.
    const lines = runs.flatMap((r) =>
      r.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    )
    for (const l of lines) expect(l.feedsOk + l.feedsNotModified + l.feedsFailed).toBeGreaterThan(0)
    expect(server.stderr()).not.toMatch(/locked|SQLITE_BUSY/i)
  }, 90_000)
})
