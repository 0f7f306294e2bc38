import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createIndexCatchUp,
  createSearchIndex,
  type CatchUpStatus,
} from '../../src/search/index.ts'
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
      late = insertArticle(db, feedId, {
        key: 'late',
        lang: 'fr',
        title: 'Mastodon attire les community managers',
        text: 'Le fédivers séduit des marques.',
        publishedAt: '2025-06-02T09:00:00Z',
      })
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
})
