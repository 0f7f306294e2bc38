import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createIndexCatchUp,
  createSearchIndex,
  type CatchUpStatus,
} from '../../src/search/index.ts'
import { eq } from 'drizzle-orm'
import { articleDeletions, articles, feeds } from '../../db/schema.ts'
import { pruneUndecided, removeFeed } from '../../src/store/index.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { tempDb } from '../helpers/temp-db.ts'
import { insertArticle, insertFeed, insertManyArticles } from './helpers.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})
function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-catch-up-'))
  dirs.push(d)
  return d
}

async function seeded(n: number) {
  const { db } = await tempDb()
  const feedId = await insertFeed(db, 'community-management', 'Le Blog du CM')
  await insertManyArticles(db, feedId, n)
  return { db, feedId }
}

describe('the search index catching up with the database', () => {
  it('says how far it is, and runs a sync asked for meanwhile once, after it, with the newer articles', async () => {
    const { db, feedId } = await seeded(1200)
    const search = createSearchIndex({ dir: tempDir() })
    const catchUp = createIndexCatchUp(search, db)
    expect(catchUp.status()).toBeNull()
    const seen: (CatchUpStatus | null)[] = []
    let asked: Promise<unknown>[] = []
    let late: Promise<number> | null = null
    const first = catchUp.run(() => {
      seen.push(catchUp.status())
      if (late) return
      // Mid-sync (two batches of 500 still to index): a crawl stores an article and asks for the
      // index twice.
      late = insertArticle(
        db,
        feedId,
        {
          key: 'late',
          lang: 'fr',
          title: 'Mastodon attire les community managers',
          text: 'Le fédivers séduit des marques.',
          publishedAt: '2025-06-02T09:00:00Z',
          // Stored now, as a crawl stores it: the next sync compares what changed since this one began.
        },
        new Date(),
      )
      asked = [catchUp.run(), catchUp.run()]
    })
    expect(catchUp.loaded).toBe(true)
    expect(catchUp.status()).toEqual({ phase: 'loading', done: 0, total: 0 })
    expect(await first).toEqual({ added: 1200, updated: 0, removed: 0 })
    expect(seen[0]).toEqual({ phase: 'indexing', done: 500, total: 1200 })
    expect(seen.at(-1)).toEqual({ phase: 'indexing', done: 1200, total: 1200 })
    const [again, same] = await Promise.all(asked)
    // The two asks shared one more sync, which found the article stored during the first.
    expect(again).toEqual({ added: 1, updated: 0, removed: 0 })
    expect(same).toBe(again)
    expect((await search.search('mastodon')).hits.map((h) => h.id)).toEqual([await late])
    expect(search.size).toBe(1201)
    expect(catchUp.status()).toBeNull()
  })

  it('stopped mid-sync, keeps what it indexed, and the next start adds only the rest', async () => {
    const { db } = await seeded(1200)
    const dir = tempDir()
    const search = createSearchIndex({ dir })
    const catchUp = createIndexCatchUp(search, db)
    let stopped: Promise<void> | null = null
    await catchUp.run(() => void (stopped ??= catchUp.stop()))
    await stopped
    await search.save()
    expect(search.size).toBe(500)

    const restarted = createSearchIndex({ dir })
    const progress: number[] = []
    const changes = await createIndexCatchUp(restarted, db).run((done) => progress.push(done))
    expect(changes).toEqual({ added: 700, updated: 0, removed: 0 })
    expect(progress).toEqual([500, 700])
    expect(restarted.size).toBe(1200)
    expect((await restarted.search('billet 1199')).hits.map((h) => h.id)).toContain(1200)
  })

  it('after its first sync compares only what changed since the last, and every article once an hour', async () => {
    const { db, feedId } = await seeded(600)
    const clock = fixedClock('2026-03-02T08:00:00Z')
    const search = createSearchIndex({ dir: tempDir() })
    const catchUp = createIndexCatchUp(search, db, { clock })
    expect(await catchUp.run()).toEqual({ added: 600, updated: 0, removed: 0 })

    // A crawl (here or in another process) stores an article and updates one, at the clock's time.
    clock.advance(5 * 60_000)
    const stored = await insertArticle(
      db,
      feedId,
      {
        key: 'bluesky',
        lang: 'fr',
        title: 'Bluesky ouvre ses listes de modération aux marques',
        text: 'Les listes partagées arrivent.',
        publishedAt: '2026-03-02T08:03:00Z',
      },
      clock.now(),
    )
    await db
      .update(articles)
      .set({ title: 'Billet 7 : TikTok Shop arrive en France', updatedAt: clock.now() })
      .where(eq(articles.id, 8))
    // Gone, and changed at a time long before the last sync: only a comparison of every article sees them.
    await db.delete(articles).where(eq(articles.id, 9))
    await db
      .update(articles)
      .set({ title: 'Billet 9 : Threads et les hashtags', updatedAt: new Date('2025-01-01') })
      .where(eq(articles.id, 10))
    clock.advance(60_000)
    expect(await catchUp.run()).toEqual({ added: 1, updated: 1, removed: 0 })
    expect((await search.search('bluesky')).hits.map((h) => h.id)).toEqual([stored])
    expect((await search.search('tiktok shop')).hits.map((h) => h.id)).toEqual([8])
    expect(search.size).toBe(601)

    clock.advance(60 * 60_000)
    expect(await catchUp.run()).toEqual({ added: 0, updated: 1, removed: 1 })
    expect(search.size).toBe(600)
    expect((await search.search('hashtags')).hits.map((h) => h.id)).toEqual([10])
  })

  it('between hourly full syncs, removes what retention and a removed feed deleted, as logged since its last sync', async () => {
    const { db } = await seeded(300)
    const otherFeed = await insertFeed(db, 'community-management', 'Veille Social Media')
    const clock = fixedClock('2026-03-02T08:00:00Z')
    const elsewhere = await insertArticle(
      db,
      otherFeed,
      {
        key: 'threads',
        lang: 'fr',
        title: 'Threads ouvre son API aux outils de publication',
        text: 'Les outils de planification arrivent sur Threads.',
        publishedAt: '2026-03-01T08:00:00Z',
      },
      clock.now(),
    )
    const search = createSearchIndex({ dir: tempDir() })
    const catchUp = createIndexCatchUp(search, db, { clock })
    expect(await catchUp.run()).toEqual({ added: 301, updated: 0, removed: 0 })
    expect((await search.search('threads api')).hits.map((h) => h.id)).toEqual([elsewhere])

    // Ten minutes on, in this process or another: retention prunes the undecided articles first seen
    // before a date (the seeded ones), then the other feed is removed.
    clock.advance(10 * 60_000)
    const pruned = await pruneUndecided(db, new Date('2026-01-01'), clock.now())
    expect(pruned).toBe(300)
    const [feed] = await db.select().from(feeds).where(eq(feeds.id, otherFeed))
    expect((await removeFeed(db, feed!, clock.now(), null)).removed).toEqual([elsewhere])
    clock.advance(60_000)
    expect(await catchUp.run()).toEqual({ added: 0, updated: 0, removed: 301 })
    expect(search.size).toBe(0)
    expect((await search.search('threads api')).total).toBe(0)
    expect((await search.search('billet')).total).toBe(0)

    // The log keeps a day: the hourly full syncs of that day forget nothing, the one after forgets.
    const logged = async () => (await db.select().from(articleDeletions)).length
    clock.advance(60 * 60_000)
    await catchUp.run()
    expect(await logged()).toBe(301)
    clock.advance(24 * 60 * 60_000)
    await catchUp.run()
    expect(await logged()).toBe(0)
  })
})
