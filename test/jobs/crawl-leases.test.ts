import os from 'node:os'
import { spawnSync } from 'node:child_process'
import { asc, eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { crawlRuns, feeds } from '../../db/schema.ts'
import { startCrawlRun } from '../../src/store/index.ts'
import { closeSharedExtractor, crawlEnv } from '../helpers/crawl-env.ts'
import { rssFeed } from '../helpers/fixture-content.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { tempDb } from '../helpers/temp-db.ts'

afterAll(closeSharedExtractor)

/** The id of a process that ran on this host and has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''])
  return r.pid!
}

describe('leases held when a crawl starts', () => {
  it('takes over those of crawlers gone from this host, and reports, never counts as ok, those of live ones', async () => {
    const db = await tempDb()
    const server = await fixtureServer(
      {},
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rssFeed(server.origin, [])),
    )
    const names = ['elsewhere', 'alive-here', 'dead-here', 'free']
    const env = await crawlEnv(
      db,
      names.map((n) => ({ url: server.url(`/${n}/feed`), name: n })),
    )
    const now = env.clock.now()
    const until = new Date(now.getTime() + 300_000)
    const owners: Record<string, string> = {
      elsewhere: 'another-machine:4242:0a1b2c3d',
      'alive-here': `${os.hostname()}:${process.ppid}:0a1b2c3d`,
      'dead-here': `${os.hostname()}:${deadPid()}:0a1b2c3d`,
    }
    for (const [name, owner] of Object.entries(owners)) {
      await db.db
        .update(feeds)
        .set({ leaseOwner: owner, leaseUntil: until })
        .where(eq(feeds.sourceName, name))
    }
    const deadRun = await startCrawlRun(
      db.db,
      owners['dead-here']!,
      null,
      new Date(now.getTime() - 60_000),
    )
    const remoteRun = await startCrawlRun(
      db.db,
      owners.elsewhere!,
      null,
      new Date(now.getTime() - 60_000),
    )

    const summary = await env.crawl({ all: true })
    expect(summary).toMatchObject({ feedsOk: 2, feedsLeased: 2, feedsFailed: 0 })
    const leases = await db.db
      .select({ name: feeds.sourceName, owner: feeds.leaseOwner, fetched: feeds.lastFetchedAt })
      .from(feeds)
      .orderBy(asc(feeds.sourceName))
    expect(leases).toEqual([
      { name: 'alive-here', owner: owners['alive-here'], fetched: null },
      { name: 'dead-here', owner: null, fetched: expect.any(Date) },
      { name: 'elsewhere', owner: owners.elsewhere, fetched: null },
      { name: 'free', owner: null, fetched: expect.any(Date) },
    ])
    const runs = await db.db.select().from(crawlRuns).orderBy(asc(crawlRuns.id))
    expect(runs.find((r) => r.id === deadRun)).toMatchObject({
      interruptedAt: now,
      finishedAt: null,
    })
    expect(runs.find((r) => r.id === remoteRun)).toMatchObject({
      interruptedAt: null,
      finishedAt: null,
    })
    expect(runs.at(-1)).toMatchObject({ feedsOk: 2, feedsLeased: 2, finishedAt: now })
    await env.close()
  })
})
