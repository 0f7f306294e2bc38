import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createApiToken } from '../../src/auth/api-tokens.ts'
import { createUser } from '../../src/auth/users.ts'
import { blogsOnServer, vigie } from '../helpers/crawl-processes.ts'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/bin.mjs')
const CLIENTS = 8
const PER_CLIENT = 3

/** `vigie serve` as its own process group, resolved with its origin once it listens. */
function serveVigie(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const up = /Vigie is up: (http:\/\/[^/\s]+)\//.exec(String(d))
      if (up) resolve({ child, origin: up[1]! })
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)))
  })
}

/** What one client asked for last and what the server acknowledged, per article. */
interface Ledger {
  acked: Map<number, { action?: string; note?: string }>
  inFlight: Map<number, { action?: string; note?: string }>
  writes: number
}

/** One client: decisions and annotation saves on its own articles, one request at a time. */
async function client(
  origin: string,
  token: string,
  ids: number[],
  me: number,
  ledger: Ledger,
  stop: { now: boolean },
) {
  const versions = new Map<number, number>()
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  for (let round = 0; !stop.now; round++) {
    const id = ids[round % ids.length]!
    const write = round % 2 === 0 ? 'decision' : 'annotation'
    const action = ['approve', 'reject', 'reshare'][round % 3]!
    const note = `Client ${me}, passage ${round} : à relire avant publication.`
    const pending = write === 'decision' ? { action } : { note }
    ledger.inFlight.set(id, { ...ledger.inFlight.get(id), ...pending })
    try {
      const res =
        write === 'decision'
          ? await fetch(`${origin}/api/articles/${id}/decision`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ action }),
            })
          : await fetch(`${origin}/api/articles/${id}/annotation`, {
              method: 'PUT',
              headers,
              body: JSON.stringify({
                note,
                tags: [`client-${me}`],
                commentary: '',
                baseVersion: versions.get(id) ?? 0,
              }),
            })
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`)
      const body = (await res.json()) as { version?: number }
      if (write === 'annotation') versions.set(id, body.version!)
      ledger.acked.set(id, { ...ledger.acked.get(id), ...pending })
      ledger.writes++
    } catch (err) {
      if (stop.now) return // the server died under this request: neither acknowledged nor lost
      throw err
    }
  }
}

describe('the server killed with SIGKILL under writes', () => {
  it('reads back every acknowledged write after a restart, and nothing half-written', async () => {
    const { db, env } = await blogsOnServer({ feeds: 4, perFeed: 6, pageDelayMs: 0 })
    const crawl = await vigie(['crawl', '--json'], env).done
    expect(crawl.code, crawl.stderr).toBe(0)
    const ids = (await db.client.execute('select id from articles order by id')).rows.map((r) =>
      Number(r.id),
    )
    expect(ids.length).toBeGreaterThanOrEqual(CLIENTS * PER_CLIENT)
    const user = await createUser(
      db.db,
      { email: 'curatrice@example.org', password: 'mot-de-passe-solide-42', role: 'curator' },
      new Date(),
    )
    const { token } = await createApiToken(db.db, user.id, 'crash test', new Date())

    const ledger: Ledger = { acked: new Map(), inFlight: new Map(), writes: 0 }
    const first = await serveVigie(env)
    const stop = { now: false }
    const clients = Array.from({ length: CLIENTS }, (_, c) =>
      client(first.origin, token, ids.slice(c * PER_CLIENT, (c + 1) * PER_CLIENT), c, ledger, stop),
    )
    // Let writes pile up, then kill the whole group at a moment the test does not choose.
    while (ledger.acked.size < CLIENTS * PER_CLIENT) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, Math.random() * 1500))
    stop.now = true
    process.kill(-first.child.pid!, 'SIGKILL')
    await Promise.all(clients)
    // Every client got writes through before the kill: the check below has something to check.
    expect(ledger.acked.size).toBe(CLIENTS * PER_CLIENT)
    expect(ledger.writes).toBeGreaterThan(CLIENTS * PER_CLIENT)

    const second = await serveVigie(env)
    try {
      const headers = { authorization: `Bearer ${token}` }
      for (const [id, acked] of ledger.acked) {
        const res = await fetch(`${second.origin}/api/articles/${id}`, { headers })
        expect(res.status).toBe(200)
        const article = (await res.json()) as { status: string; annotation: { note: string } }
        const inFlight = ledger.inFlight.get(id)!
        const statusOf = (action?: string) =>
          ({ approve: 'approved', reject: 'rejected', reshare: 'reshared' })[action ?? ''] ?? 'new'
        // Either the last acknowledged write, or the one in flight when the server died: whole.
        if (acked.action)
          expect([statusOf(acked.action), statusOf(inFlight.action)]).toContain(article.status)
        if (acked.note) expect([acked.note, inFlight.note]).toContain(article.annotation.note)
      }
      const check = await db.client.execute('pragma integrity_check')
      expect(check.rows[0]![0]).toBe('ok')
      // Every annotation's current version has its history row, and no version is written twice.
      const orphans = await db.db.all(
        sql`select a.article_id from annotations a left join annotation_versions v
            on v.article_id = a.article_id and v.version = a.version where v.id is null`,
      )
      expect(orphans).toEqual([])
      const dup = await db.db.all(sql`select url from articles group by url having count(*) > 1`)
      expect(dup).toEqual([])
    } finally {
      process.kill(-second.child.pid!, 'SIGKILL')
    }
  }, 120_000)
})
