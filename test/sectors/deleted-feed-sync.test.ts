// A feed of the sector file deleted in the sources page, kept for an article the curator decided:
// the next start (and every sync after) must leave it deleted, even if the file lists it again. And
// a site the file starts following takes the articles added by hand from it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { articles } from '../../db/schema.ts'
import { loadConfig } from '../../src/config.ts'
import { openServices } from '../../src/jobs/services.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { parseSector } from '../../src/sectors/index.ts'
import {
  countClaimable,
  DELETED_REASON,
  getFeed,
  listFeeds,
  sourceOfAddedPage,
} from '../../src/store/index.ts'
import * as A from '../fixtures/sources-admin/articles.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'

const { NOW, SECTOR } = A
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

const form = (): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(),
})

/** What `npm start` does first: open the services, which load the sector files into the database. */
async function restart(url: string, feedsDir: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-index-'))
  dirs.push(dir)
  const config = loadConfig({
    DATABASE_URL: url,
    VIGIE_FEEDS_DIR: feedsDir,
    VIGIE_INDEX_DIR: dir,
    VIGIE_LOG_LEVEL: 'error',
  })
  const services = await openServices(config, silentLog)
  await services.close()
}

/** A temp feeds folder holding a copy of the shipped sector file. */
function shippedSectorFile() {
  const feedsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-feeds-'))
  dirs.push(feedsDir)
  const file = path.join(feedsDir, `${SECTOR}.yaml`)
  const shipped = fs.readFileSync(path.resolve('feeds', `${SECTOR}.yaml`), 'utf8')
  fs.writeFileSync(file, shipped)
  return { feedsDir, file, shipped }
}

describe('a sector-file feed deleted but kept for a decided article', { timeout: 60_000 }, () => {
  it('stays deleted at the next start, and when the file lists it again', async () => {
    const { feedsDir, file, shipped } = shippedSectorFile()

    let articleId = 0
    const t = await testApp({
      role: 'admin',
      clock: fixedClock(NOW),
      deps: { config: { feedsDir } },
      seed: async (db) => ([articleId] = await seedArticles(db, SECTOR, [A.engagement])),
    })
    const db = t.db.db
    const yamlFeeds = (await listFeeds(db, SECTOR)).filter((f) => f.origin === 'yaml')
    const feed = yamlFeeds[0]!
    // The article came from that feed of the file; the curator approves it.
    await db.update(articles).set({ feedId: feed.id }).where(eq(articles.id, articleId))
    await t.deps.scoring.rescoreSector(SECTOR)
    const curator = await t.signIn('curator')
    const decided = await curator.request(`/api/articles/${articleId}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve' }),
    })
    expect(decided.status).toBe(200)

    const res = await t.request(`/sources/${feed.id}/delete`, form())
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toContain('kept=1')
    const deleted = { enabled: false, disabledReason: DELETED_REASON }
    expect(await getFeed(db, feed.id)).toMatchObject(deleted)
    const declared = (text: string) =>
      parseSector(text, file, SECTOR).sector!.sources.map((s) => s.feedUrl)
    expect(declared(fs.readFileSync(file, 'utf8'))).not.toContain(feed.declaredUrl)

    const stillDeleted = async () => {
      expect(await getFeed(db, feed.id)).toMatchObject(deleted)
      const listed = await listFeeds(db, SECTOR)
      expect(listed.map((f) => f.id)).not.toContain(feed.id)
      // Every other feed of the file is back and on.
      expect(listed.filter((f) => f.origin === 'yaml' && f.enabled).length).toBe(
        yamlFeeds.length - 1,
      )
      // No crawl takes it, even one forcing every feed.
      const only = { feedUrl: feed.declaredUrl, force: true, since: new Date(8.64e15) }
      expect(await countClaimable(db, new Date(), only)).toBe(0)
      // The decided article is still there, under the feed's name.
      const page = await (await t.request(`/articles/${articleId}`)).text()
      expect(page).toContain(feed.sourceName)
      // The sources page does not list it.
      const sources = await (await t.request(`/sources?sector=${SECTOR}`)).text()
      expect(sources).not.toContain(`id="feed-${feed.id}"`)
    }

    // The next start reads the file as the delete left it.
    await restart(t.db.url, feedsDir)
    await stillDeleted()

    // The shipped file comes back whole (an upgrade, a copy from a backup): the deletion holds.
    fs.writeFileSync(file, shipped)
    expect(declared(fs.readFileSync(file, 'utf8'))).toContain(feed.declaredUrl)
    await restart(t.db.url, feedsDir)
    await stillDeleted()
    // A reload of the sectors from the page (the profile editor's save) syncs the same way.
    await restart(t.db.url, feedsDir)
    await stillDeleted()
    expect((await db.select().from(articles).where(eq(articles.id, articleId))).length).toBe(1)
  })
})

describe(
  'articles added by hand from a site the file starts following',
  { timeout: 60_000 },
  () => {
    it('go to that feed at the next start, and their own source goes', async () => {
      const { feedsDir, file, shipped } = shippedSectorFile()
      const t = await testApp({
        role: 'admin',
        clock: fixedClock(NOW),
        deps: { config: { feedsDir } },
      })
      const db = t.db.db
      const page = 'https://www.carnet-du-cm.example/2026/11/newsletter-linkedin'
      const hand = await sourceOfAddedPage(
        db,
        { sectorSlug: SECTOR, pageUrl: page, siteName: 'Le Carnet du CM' },
        NOW,
      )
      const [articleId] = await seedArticles(t.db, SECTOR, [A.engagement])
      await db.update(articles).set({ feedId: hand }).where(eq(articles.id, articleId!))

      // The curator writes the site's feed into the sector file; the next start reads it.
      fs.writeFileSync(
        file,
        shipped.replace(
          /^sources:\n/m,
          'sources:\n  - name: Le Carnet du CM\n    site: https://www.carnet-du-cm.example/\n    feed: https://feeds.carnet-du-cm.example/rss\n',
        ),
      )
      await restart(t.db.url, feedsDir)
      const feed = (await listFeeds(db, SECTOR)).find((f) => f.sourceName === 'Le Carnet du CM')!
      expect(feed).toMatchObject({ origin: 'yaml', enabled: true })
      const [row] = await db.select().from(articles).where(eq(articles.id, articleId!))
      expect(row!.feedId).toBe(feed.id)
      expect((await listFeeds(db, SECTOR)).map((f) => f.id)).not.toContain(hand)
    })
  },
)
