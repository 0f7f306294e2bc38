import { serve } from '@hono/node-server'
import { performance } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiToken, createUser } from '../../src/auth/index.ts'
import { createApp } from '../../src/http/app.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSearchIndex, syncIndex } from '../../src/search/index.ts'
import { generatedArticles } from '../helpers/generated-articles.ts'
import { seedArticles, seedShippedSectors, type SeedArticle } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const clock = fixedClock('2026-11-20T12:00:00Z')
const hoursAgo = (h: number) => new Date(clock.now().getTime() - h * 3_600_000)

// Enough articles that a first full rescore (every text analysed, stories clustered) takes seconds.
const generated = (n: number) => generatedArticles(n, clock.now())
const decided: SeedArticle = {
  title: 'Modération : la charte d’une marque de cosmétiques face aux commentaires haineux',
  text: 'La marque a publié une charte de modération pour ses comptes Instagram et TikTok. Le community manager masque les commentaires haineux, répond aux questions sur les ingrédients et signale les faux comptes. Les abonnés saluent une communauté plus sereine.',
  publishedAt: hoursAgo(2),
  source: 'Le Blog Modération',
}
const sameSource: SeedArticle = {
  title: 'Modération des avis clients : répondre sans se fâcher',
  text: 'Répondre à un avis négatif demande du calme : remercier, reconnaître le problème et proposer une solution en message privé. Le community manager garde une trace des échanges pour le service client.',
  publishedAt: hoursAgo(3),
  source: 'Le Blog Modération',
}

const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

interface Card {
  status: string
  explanation: { source: { kept: number; name: string } }
}

describe.each([
  ['the worker saves the scores on its own connection', true],
  ['the main thread saves the scores the worker sends', false],
])('scoring in a worker thread (%s)', (_, workerSaves) => {
  it('answers a decision while a full rescore runs, and the queue reflects the decision after it', async () => {
    const db = await tempDb()
    await seedShippedSectors(db, clock.now())
    const ids = await seedArticles(db, SECTOR, [decided, sameSource, ...generated(700)])
    const scoring = createScoring({
      db: db.db,
      clock,
      log: silentLog,
      database: workerSaves ? { url: db.url } : undefined,
    })
    open.push({ close: () => scoring.close() })
    const search = createSearchIndex({ dir: null })
    await syncIndex(search, db.db)
    const app = createApp({
      db: db.db,
      clock,
      log: silentLog,
      config: { feedsDir: 'feeds' },
      scoring,
      search,
      crawler: { crawlNow: () => null, status: () => null },
    })
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    open.push({ close: () => new Promise((r) => server.close(() => r())) })
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    const user = await createUser(
      db.db,
      { email: 'curatrice@vigie.test', role: 'curator', password: 'correct horse battery staple' },
      clock.now(),
    )
    const { token } = await createApiToken(db.db, user.id, 'test', clock.now())
    const auth = { authorization: `Bearer ${token}` }
    const [decidedId, sameSourceId] = ids as [number, number]

    // The first full rescore: every text is analysed in the worker, none yet in this thread.
    let rescoredAt: number | undefined
    const mainBusy = performance.eventLoopUtilization()
    const rescore = scoring.rescoreSector(SECTOR).then((n) => {
      rescoredAt = performance.now()
      return n
    })
    const res = await fetch(`${origin}/api/articles/${decidedId}/decision`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve' }),
    })
    const answeredAt = performance.now()
    expect(res.status).toBe(200)
    expect(((await res.json()) as { status: string }).status).toBe('approved')
    // The curator had the answer while the sector was still being rescored.
    expect(rescoredAt).toBeUndefined()
    expect(await rescore).toBe(702)
    expect(rescoredAt).toBeGreaterThan(answeredAt)
    // Analysis and clustering ran in the worker: this thread was idle most of the time.
    const busy = performance.eventLoopUtilization(mainBusy).utilization
    expect(busy).toBeLessThan(0.75)

    await scoring.settled()
    const article = async (id: number) =>
      (await (await fetch(`${origin}/api/articles/${id}`, { headers: auth })).json()) as Card
    // The approval is in the scores: the source's other article now counts it.
    expect((await article(decidedId)).status).toBe('approved')
    expect((await article(sameSourceId)).explanation.source).toMatchObject({
      name: 'Le Blog Modération',
      kept: 1,
    })
  }, 60_000)
})
