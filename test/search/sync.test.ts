import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, inArray } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { articles } from '../../db/schema.ts'
import { createSearchIndex, indexDocsFor, syncIndex } from '../../src/search/index.ts'
import { tempDb } from '../helpers/temp-db.ts'
import { fixtureArticles, insertArticle, insertFeed, insertManyArticles } from './helpers.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})
function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-search-'))
  dirs.push(d)
  return d
}
const ids = (r: { hits: { id: number }[] }) => r.hits.map((h) => h.id).sort((a, b) => a - b)

async function seeded() {
  const { db } = await tempDb()
  const feedIds = new Map<string, number>()
  const byKey = new Map<string, number>()
  for (const a of fixtureArticles) {
    if (!feedIds.has(a.source))
      feedIds.set(a.source, await insertFeed(db, 'community-management', a.source))
    byKey.set(a.key, await insertArticle(db, feedIds.get(a.source)!, a))
  }
  return { db, feedIds, byKey }
}

describe('indexDocsFor', () => {
  it('reads articles with their source name, falling back to the feed summary for text', async () => {
    const { db, byKey } = await seeded()
    const id = byKey.get('en-linkedin')!
    await db
      .update(articles)
      .set({ text: null, feedSummary: 'Résumé du flux' })
      .where(eq(articles.id, id))
    const [d] = await indexDocsFor(db, [id])
    expect(d).toMatchObject({
      id,
      sectorSlug: 'community-management',
      source: 'Social Pulse',
      lang: 'en',
      status: 'new',
      text: 'Résumé du flux',
      publishedAt: Date.parse('2024-11-05T12:00:00Z'),
      version: Date.parse('2025-04-01T00:00:00Z'),
      tags: [],
    })
    expect(await indexDocsFor(db, [9999])).toEqual([])
  })
})

describe('syncIndex', () => {
  it('catches up after a crash: new articles found, deleted ones never served, changed ones re-indexed', async () => {
    const { db, feedIds, byKey } = await seeded()
    const dir = tempDir()
    const index = createSearchIndex({ dir })
    const progress: number[][] = []
    expect(
      await syncIndex(index, db, {
        onProgress: (d, t) => progress.push([d, t]),
      }),
    ).toEqual({
      added: 6,
      updated: 0,
      removed: 0,
    })
    expect(progress.at(-1)).toEqual([6, 6])
    await index.save()

    // The database moves on; the process dies before the index is saved.
    const fresh = await insertArticle(db, feedIds.get('Social Pulse')!, {
      key: 'threads',
      lang: 'fr',
      title: 'Threads dépasse les cent millions de comptes',
      text: 'La plateforme de Meta attire les marques francophones.',
      publishedAt: '2025-03-27T09:00:00Z',
    })
    const changed = byKey.get('fr-engagement')!
    await db
      .update(articles)
      .set({
        title: 'Pinterest, le réseau oublié des marques',
        excerpt: null,
        text: 'Les épingles durent des mois.',
        updatedAt: new Date('2025-04-02T00:00:00Z'),
      })
      .where(eq(articles.id, changed))
    const deleted = byKey.get('en-community')!
    await db.delete(articles).where(eq(articles.id, deleted))

    const restarted = createSearchIndex({ dir })
    await restarted.load()
    expect(ids(await restarted.search('decade'))).toEqual([deleted]) // stale until synced
    expect(await syncIndex(restarted, db)).toEqual({
      added: 1,
      updated: 1,
      removed: 1,
    })
    expect(ids(await restarted.search('threads'))).toEqual([fresh])
    expect((await restarted.search('decade')).total).toBe(0)
    expect((await restarted.versions()).has(deleted)).toBe(false)
    expect(ids(await restarted.search('pinterest épingles'))).toEqual([changed])
    expect((await restarted.search('tiktok')).hits).toEqual([])
    expect(await syncIndex(restarted, db)).toEqual({
      added: 0,
      updated: 0,
      removed: 0,
    })
  })

  it('rebuilds from scratch on request and gives the same answers', async () => {
    const { db } = await seeded()
    const index = createSearchIndex({ dir: tempDir() })
    await syncIndex(index, db)
    const before = await index.search('réseaux sociaux')
    expect(await syncIndex(index, db, { rebuild: true })).toEqual({
      added: 0,
      updated: 6,
      removed: 0,
    })
    expect(await index.search('réseaux sociaux')).toEqual(before)
    expect(index.size).toBe(6)
  })

  it('compares every article when they span several pages of the version read', async () => {
    const { db } = await tempDb()
    await insertManyArticles(db, await insertFeed(db, 'community-management', 'Blog'), 11_000)
    const index = createSearchIndex({ dir: null })
    expect(await syncIndex(index, db)).toEqual({ added: 11_000, updated: 0, removed: 0 })
    // Changes and deletions on both sides of a page boundary (5,000 rows) and in the last page.
    const touched = [4_999, 5_000, 5_001, 10_999]
    for (const id of touched)
      await db
        .update(articles)
        .set({ updatedAt: new Date('2026-01-01T00:00:00Z') })
        .where(eq(articles.id, id))
    await db.delete(articles).where(inArray(articles.id, [1, 5_002, 11_000]))
    expect(await syncIndex(index, db)).toEqual({ added: 0, updated: 4, removed: 3 })
    expect(index.size).toBe(10_997)
    expect(await syncIndex(index, db)).toEqual({ added: 0, updated: 0, removed: 0 })
  })

  it('follows a status change (a decision) through indexDocsFor and upsert', async () => {
    const { db, byKey } = await seeded()
    const index = createSearchIndex({ dir: null })
    await syncIndex(index, db)
    const id = byKey.get('fr-reseau')!
    await db
      .update(articles)
      .set({ status: 'approved', updatedAt: new Date('2025-04-03T00:00:00Z') })
      .where(eq(articles.id, id))
    await index.upsert(await indexDocsFor(db, [id]))
    const r = await index.search('réseau', { status: ['approved'] })
    expect(ids(r)).toEqual([id])
    expect(r.facets.status).toEqual({ approved: 1 })
  })
})

describe('curator tags', () => {
  it('are searchable once an annotation is saved and the index catches up', async () => {
    const { tempDb } = await import('../helpers/temp-db.ts')
    const { seedArticles, seedShippedSectors } = await import('../helpers/seed.ts')
    const { saveAnnotation } = await import('../../src/curate/index.ts')
    const { createSearchIndex, syncIndex } = await import('../../src/search/index.ts')
    const db = await tempDb()
    await seedShippedSectors(db)
    const [id] = await seedArticles(db, 'community-management', [
      {
        title: 'Charte de modération',
        text: 'Une charte publiée à l’avance évite bien des débats.',
        publishedAt: new Date(),
      },
    ])
    const index = createSearchIndex({ dir: null })
    await syncIndex(index, db.db)
    expect((await index.search('newsletter')).total).toBe(0)
    await saveAnnotation(
      db.db,
      id!,
      { note: '', tags: ['Newsletter', 'à relire'], commentary: '', baseVersion: 0 },
      null,
      new Date(Date.now() + 1000),
    )
    expect(await syncIndex(index, db.db)).toMatchObject({ updated: 1 })
    expect((await index.search('newsletter')).hits.map((h) => h.id)).toEqual([id])
  })
})
