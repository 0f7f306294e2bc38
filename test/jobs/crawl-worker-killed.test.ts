import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articleCounts, blogsOnServer, vigie } from '../helpers/crawl-processes.ts'

const FEEDS = 8
const PER_FEED = 3

async function until(
  what: string,
  ok: () => boolean | Promise<boolean>,
  ms = 60_000,
  detail: () => string = () => '',
) {
  const end = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} ${detail()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('a crawl worker killed in the middle of a batch', () => {
  it('leaves its feeds to the next worker on this host at once, which finishes them with no article twice or lost', async () => {
    // Leases of five minutes: only the dead owner's pid, not the lease running out, can free them in time.
    const { db, env, feedHits } = await blogsOnServer({
      feeds: FEEDS,
      perFeed: PER_FEED,
      pageDelayMs: 700,
      leaseMs: 300_000,
    })
    const workerEnv = { ...env, VIGIE_LOG_LEVEL: 'warn' }
    const leases = async () =>
      db.db.all<{ owner: string | null; n: number }>(
        sql`select lease_owner as owner, count(*) as n from feeds where lease_owner is not null group by lease_owner`,
      )
    const first = vigie(['crawl', '--loop', '--every', '0.1'], workerEnv)
    let second: ReturnType<typeof vigie> | null = null
    let secondErr = ''
    try {
      // The first worker leased the whole batch and has extracted some pages, not all.
      await until('the first worker mid-batch', async () => {
        const ok = (await articleCounts(db)).ok
        return ok >= 2 && ok < FEEDS * PER_FEED - 8
      })
      const held = await leases()
      expect(held).toHaveLength(1)
      expect(held[0]!.owner).toMatch(new RegExp(`:${first.child.pid}:[0-9a-f]+$`))
      expect(held[0]!.n).toBeGreaterThan(0)
      // A second worker on the same host, looping: every feed is leased by a live process, it waits.
      second = vigie(['crawl', '--loop', '--every', '0.1'], workerEnv)
      second.child.stderr!.on('data', (d) => (secondErr += d))
      await new Promise((r) => setTimeout(r, 1500))
      expect((await leases()).map((l) => l.owner)).toEqual([held[0]!.owner])

      const before = await articleCounts(db)
      expect(before.ok).toBeLessThan(FEEDS * PER_FEED)
      first.child.kill('SIGKILL')
      expect((await first.done).code).toBe(null)
      const killedAt = Date.now()
      const owner = held[0]!.owner
      // Taken over at once: well before the five-minute lease could run out.
      await until(
        "the dead worker's leases taken over",
        async () => !(await leases()).some((l) => l.owner === owner),
        60_000,
        () => secondErr,
      )
      expect(Date.now() - killedAt).toBeLessThan(60_000)
      await until(
        'every article extracted by the second worker',
        async () => {
          const c = await articleCounts(db)
          return c.ok === FEEDS * PER_FEED && c.pending === 0
        },
        120_000,
        () => secondErr,
      )
      await until('no lease left', async () => (await leases()).length === 0, 30_000)
    } finally {
      first.child.kill('SIGKILL')
      second?.child.kill('SIGTERM')
    }
    const run = await second!.done
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/took over the work of a crawler that is gone/)
    expect(run.stderr).not.toMatch(/locked|SQLITE_BUSY/i)

    const counts = await articleCounts(db)
    expect(counts).toEqual({
      total: FEEDS * PER_FEED,
      distinctUrls: FEEDS * PER_FEED,
      pending: 0,
      ok: FEEDS * PER_FEED,
    })
    // Every feed fetched by the first worker, and again at most once by the one that took over.
    expect(feedHits.size).toBe(FEEDS)
    for (const n of feedHits.values()) expect(n).toBeLessThanOrEqual(2)
    const runs = await db.db.all<{ interrupted: number; finished: number }>(
      sql`select count(interrupted_at) as interrupted, count(finished_at) as finished from crawl_runs`,
    )
    // The killed worker's run is marked interrupted; the second's runs finished.
    expect(Number(runs[0]!.interrupted)).toBe(1)
    expect(Number(runs[0]!.finished)).toBeGreaterThanOrEqual(1)
  }, 300_000)
})
