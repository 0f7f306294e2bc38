import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, inArray } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { articleScores, articles, feedEvents, feeds } from '../../db/schema.ts'
import type { AppDeps } from '../../src/http/app.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { parseSector } from '../../src/sectors/index.ts'
import { getFeed, listFeeds } from '../../src/store/index.ts'
import type { Role } from '../../src/auth/index.ts'
import * as A from '../fixtures/sources-admin/articles.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'

const { NOW, SECTOR } = A
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

function tempFeedsDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-feeds-'))
  dirs.push(dir)
  fs.copyFileSync(path.resolve('feeds', `${SECTOR}.yaml`), path.join(dir, `${SECTOR}.yaml`))
  return dir
}

const form = (fields: Record<string, string> = {}, accept?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
  body: new URLSearchParams(fields),
})
const json = (method: string, value: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
})

/** The sources app with "Blog régulier" (nine posts): one approved, one annotated, seven untouched. */
async function blogApp(opts: { role?: Role; deps?: Partial<AppDeps> } = {}) {
  let ids: number[] = []
  const t = await testApp({
    role: opts.role ?? 'admin',
    clock: fixedClock(NOW),
    deps: opts.deps,
    seed: async (db) => (ids = await seedArticles(db, SECTOR, [A.engagement, ...A.regularBlog])),
  })
  await t.deps.scoring.rescoreSector(SECTOR)
  const blogIds = ids.slice(1)
  const [approved, annotated] = blogIds as [number, number]
  const curator = await t.signIn('curator')
  expect(
    (
      await curator.request(
        `/api/articles/${approved}/decision`,
        json('POST', { action: 'approve' }),
      )
    ).status,
  ).toBe(200)
  const note = { note: 'À garder pour la lettre', tags: ['veille'], commentary: '', baseVersion: 0 }
  expect(
    (await curator.request(`/api/articles/${annotated}/annotation`, json('PUT', note))).status,
  ).toBe(200)
  const blog = (await listFeeds(t.db.db, SECTOR)).find((f) => f.sourceName === 'Blog régulier')!
  const untouched = blogIds.slice(2)
  return { ...t, blog, approved, annotated, untouched, curator, other: ids[0]! }
}

describe('deleting a feed', () => {
  it('erases its untouched articles, keeps decided and annotated ones readable, and says so', async () => {
    const t = await blogApp()
    const page = await (await t.request(`/sources?sector=${SECTOR}`)).text()
    // The confirmation says what goes and what stays before anything is deleted.
    expect(page).toContain(`action="/sources/${t.blog.id}/delete"`)
    expect(page).toContain('Supprimer « Blog régulier » ?')
    expect(page).toContain('Supprimer définitivement')
    expect((await t.deps.search!.search('veille')).total).toBe(9)
    // A skipped article was seen and passed over, not kept: it goes with the untouched ones.
    const skip = json('POST', { action: 'dismiss' })
    expect((await t.curator.request(`/api/articles/${t.untouched[0]}/decision`, skip)).status).toBe(
      200,
    )

    const res = await t.request(`/sources/${t.blog.id}/delete`, form())
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(
      `/sources?sector=${SECTOR}&done=deleted&removed=7&kept=2`,
    )
    const db = t.db.db
    const left = await db
      .select({ id: articles.id })
      .from(articles)
      .where(eq(articles.feedId, t.blog.id))
    expect(left.map((a) => a.id).sort()).toEqual([t.approved, t.annotated].sort())
    expect(
      await db.select().from(articleScores).where(inArray(articleScores.articleId, t.untouched)),
    ).toEqual([])
    // Out of the search index too; the other feed's article is untouched.
    const found = await t.deps.search!.search('veille')
    expect(found.hits.map((h) => h.id).sort()).toEqual([t.approved, t.annotated].sort())
    expect((await db.select().from(articles).where(eq(articles.id, t.other))).length).toBe(1)

    // Gone from the sources page and the API; the kept articles still show their source.
    const after = await (await t.request(res.headers.get('location')!)).text()
    expect(after).toContain(
      'Flux supprimé : 7 articles non traités effacés, 2 articles décidés ou annotés conservés.',
    )
    expect(after).not.toContain(`id="feed-${t.blog.id}"`)
    const list = await (await t.request(`/api/feeds?sector=${SECTOR}`)).json()
    expect(list.feeds.map((f: { id: number }) => f.id)).not.toContain(t.blog.id)
    const reader = await (await t.request(`/articles/${t.approved}`)).text()
    expect(reader).toContain('Blog régulier')
    expect((await t.request(`/articles/${t.untouched[0]}`)).status).toBe(404)

    const [event] = await db.select().from(feedEvents).where(eq(feedEvents.feedId, t.blog.id))
    expect(event).toMatchObject({
      sectorSlug: SECTOR,
      kind: 'deleted',
      detail: { name: 'Blog régulier', by: t.user.email, removed: 7, kept: 2 },
    })
    // A second delete finds nothing to delete.
    expect((await t.request(`/sources/${t.blog.id}/delete`, form())).status).toBe(404)

    // Added again by hand, the same feed comes back, with its kept articles.
    const again = await t.request(
      '/sources',
      form({ sector: SECTOR, url: t.blog.url, name: 'Blog régulier' }, 'application/json'),
    )
    expect(again.status).toBe(201)
    expect(await getFeed(db, t.blog.id)).toMatchObject({ enabled: true, disabledReason: null })
  })

  it('removes the feed row when no article is kept, through the API', async () => {
    const t = await blogApp()
    const fresh = await seedArticles(t.db, SECTOR, [{ ...A.tarte, source: 'Cuisine du dimanche' }])
    const feed = (await listFeeds(t.db.db, SECTOR)).find(
      (f) => f.sourceName === 'Cuisine du dimanche',
    )!
    const res = await t.request(`/api/feeds/${feed.id}`, { method: 'DELETE' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ deleted: feed.id, removed: 1, kept: 0 })
    expect(await t.db.db.select().from(feeds).where(eq(feeds.id, feed.id))).toEqual([])
    expect(await t.db.db.select().from(articles).where(eq(articles.id, fresh[0]!))).toEqual([])
    expect((await t.request(`/api/feeds/${feed.id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('takes a feed of the sector file out of that file, leaving every other line', async () => {
    const feedsDir = tempFeedsDir()
    const file = path.join(feedsDir, `${SECTOR}.yaml`)
    const before = fs.readFileSync(file, 'utf8')
    const t = await blogApp({ deps: { config: { feedsDir } } })
    const feed = (await listFeeds(t.db.db, SECTOR)).find((f) => f.origin === 'yaml')!
    const page = await (await t.request(`/sources?sector=${SECTOR}`)).text()
    expect(page).toContain('Il sera aussi retiré du fichier du secteur.')
    expect((await t.request(`/sources/${feed.id}/delete`, form())).status).toBe(303)
    const after = fs.readFileSync(file, 'utf8')
    const sources = parseSector(after, file, SECTOR).sector!.sources
    const had = parseSector(before, file, SECTOR).sector!.sources
    expect(sources.map((s) => s.feedUrl)).toEqual(
      had.map((s) => s.feedUrl).filter((u) => u !== feed.declaredUrl),
    )
    expect(after).not.toContain(feed.declaredUrl)
    // Only the source's own lines went: one block, every other line as it was.
    const a = before.split('\n')
    const b = after.split('\n')
    let i = 0
    while (a[i] === b[i]) i++
    const k = a.length - b.length
    expect(k).toBeGreaterThan(1)
    expect(k).toBeLessThanOrEqual(8)
    expect(a.slice(i + k)).toEqual(b.slice(i))
    expect(a.slice(i, i + k).join('\n')).toContain(feed.declaredUrl)
    expect(await getFeed(t.db.db, feed.id)).toBeNull()
  })

  it('is for administrators: a curator and a viewer are refused, and nothing changes', async () => {
    const t = await blogApp()
    const viewer = await t.signIn('viewer')
    for (const who of [t.curator, viewer]) {
      expect((await who.request(`/sources/${t.blog.id}/delete`, form())).status).toBe(403)
      expect((await who.request(`/api/feeds/${t.blog.id}`, { method: 'DELETE' })).status).toBe(403)
    }
    expect(await getFeed(t.db.db, t.blog.id)).toMatchObject({ enabled: true })
    const page = await (await t.curator.request(`/sources?sector=${SECTOR}`)).text()
    expect(page).not.toContain('/delete"')
  })
})
