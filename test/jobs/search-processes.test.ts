import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articles } from '../../db/schema.ts'
import { loadConfig } from '../../src/config.ts'
import { openServices } from '../../src/jobs/services.ts'
import { silentLog } from '../../src/lib/log.ts'
import { blogsOnServer, vigie } from '../helpers/crawl-processes.ts'

const FEEDS = 12
// About the 166 articles of the report: thousands of terms, more than one vacuum batch.
const EARLY = 14

describe('the server and `vigie crawl` updating one sector index', () => {
  it('both finish, and both find the new articles and the decisions', async () => {
    const { db, env, state } = await blogsOnServer({
      feeds: FEEDS,
      perFeed: EARLY,
      pageDelayMs: 0,
      laterFrom: EARLY,
    })
    const first = await vigie(['crawl', '--json'], env).done
    expect(first.code, first.stderr).toBe(0)

    // The server: its own index over the same folder, taking decisions (each re-indexes an article).
    const unhandled: unknown[] = []
    const onUnhandled = (err: unknown) => unhandled.push(err)
    process.on('unhandledRejection', onUnhandled)
    const server = await openServices(loadConfig(env), silentLog)
    try {
      await server.openSearch()
      const ids = (await db.db.select({ id: articles.id }).from(articles)).map((r) => r.id)
      expect(ids).toHaveLength(FEEDS * EARLY)

      // Cron's crawl, beside it: new posts, every post rewritten, decided articles to re-index.
      state.perFeed = EARLY + 2
      state.revision = 2
      state.pageDelayMs = 20
      const crawl = vigie(['crawl', '--all', '--json'], env)
      // As the server does, it saves its index only after its own crawls and on close: the crawl
      // finds these articles changed since the files, and re-indexes them.
      for (const id of ids.slice(0, 40))
        await server.scoring.decide({ articleId: id, action: 'approve' })
      const run = await crawl.done
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).not.toMatch(/TypeError|performVacuuming/)
      expect(JSON.parse(run.stdout)).toMatchObject({
        articlesNew: FEEDS * 2,
        articlesUpdated: FEEDS * EARLY,
        feedsFailed: 0,
      })

      // The server catches up with what the crawl stored, as its loop does after each tick.
      await server.openSearch()
      expect((await server.search.search('webinaire')).total).toBe(FEEDS * 2)
      expect((await server.search.search('communauté', { status: ['approved'] })).total).toBe(40)
      const [decided] = await db.db
        .select({ status: articles.status })
        .from(articles)
        .where(eq(articles.id, ids[0]!))
      expect(decided!.status).toBe('approved')

      // A fresh process reading the folder the two wrote.
      const found = await vigie(['search', 'webinaire', '--json', '--limit', '100'], env).done
      expect(found.code, found.stderr).toBe(0)
      expect(JSON.parse(found.stdout)).toHaveLength(FEEDS * 2)
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
      await server.close()
    }
  }, 120_000)
})
