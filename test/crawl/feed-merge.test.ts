// Feeds that move permanently onto an address their sector already polls, and "fetch now", against
// real HTTP servers on 127.0.0.1 serving the redirects.
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { articles, feedEvents, feeds } from '../../db/schema.ts'
import { getFeed, type Feed } from '../../src/store/index.ts'
import type { CrawlOptions } from '../../src/jobs/crawl.ts'
import { testApp } from '../helpers/app.ts'
import { closeSharedExtractor, crawlEnv } from '../helpers/crawl-env.ts'
import {
  articlePage,
  articlesEn,
  articlesFr,
  rssFeed,
  type FixtureArticle,
} from '../helpers/fixture-content.ts'
import { fixtureServer, type Handler } from '../helpers/fixture-server.ts'

afterAll(closeSharedExtractor)
// Each test crawls real servers and extracts pages with the worker pool.
vi.setConfig({ testTimeout: 30_000 })

const SECTOR = 'community-management'
const [engagement, moderation, veille] = articlesFr as [
  FixtureArticle,
  FixtureArticle,
  FixtureArticle,
]
const [creators] = articlesEn as [FixtureArticle]
const all = [engagement, moderation, veille, creators]

const rss =
  (items: FixtureArticle[], link?: (a: FixtureArticle) => string): Handler =>
  (_req, res) =>
    void res
      .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
      .end(rssFeed(origin, items, { link }))
const movedTo =
  (path: string): Handler =>
  (_req, res) =>
    void res.writeHead(301, { location: path }).end()
let origin = ''

/** The app (as a curator) and a crawl wired like the server's on the same database. */
async function site(
  routes: Record<string, Handler>,
  list: { path: string; name: string; createdAt: string }[],
) {
  let env: Awaited<ReturnType<typeof crawlEnv>> | undefined
  const t = await testApp({
    role: 'curator',
    deps: { crawl: (o: CrawlOptions) => env!.crawl(o) },
  })
  const server = await fixtureServer(routes, (req, res) => {
    const slug = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean).pop()
    const a = all.find((x) => x.slug === slug)
    if (!a) return void res.writeHead(404).end('absent')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(a))
  })
  origin = server.origin
  env = await crawlEnv(
    t.db,
    list.map((f) => ({ url: server.url(f.path), name: f.name })),
  )
  const byName: Record<string, Feed> = {}
  for (const f of list) {
    const [row] = await t.db.db
      .update(feeds)
      .set({ createdAt: new Date(f.createdAt) })
      .where(eq(feeds.declaredUrl, server.url(f.path)))
      .returning()
    byName[f.name] = row!
  }
  const articlesOf = async (feedId: number) =>
    t.db.db.select().from(articles).where(eq(articles.feedId, feedId))
  const later = () => env!.clock.advance(120_000)
  return { ...t, server, env: env!, byName, articlesOf, later }
}

const post = (accept?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
  body: new URLSearchParams(),
})

describe('a feed that moves permanently to an address its sector already polls', () => {
  it('merges into the older feed: its articles and decisions stay, the other’s move, both say so', async () => {
    let moved = false
    const s = await site(
      {
        '/ancien/feed.xml': (req, res) =>
          moved
            ? movedTo('/blog/feed.xml')(req, res)
            : rss([engagement, moderation], (a) => `${origin}/ancien/${a.slug}/`)(req, res),
        '/blog/feed.xml': rss([moderation, veille, creators]),
      },
      [
        {
          path: '/ancien/feed.xml',
          name: 'Blog du CM (ancienne adresse)',
          createdAt: '2025-01-10T09:00:00Z',
        },
        { path: '/blog/feed.xml', name: 'Blog du CM', createdAt: '2026-06-01T09:00:00Z' },
      ],
    )
    const older = s.byName['Blog du CM (ancienne adresse)']!
    const newer = s.byName['Blog du CM']!
    await s.env.crawl({ all: true })
    expect((await s.articlesOf(older.id)).length).toBe(2)
    const newerArticles = await s.articlesOf(newer.id)
    expect(newerArticles.length).toBe(3)
    // The curator approved one of the newer feed's articles: that decision must survive the merge.
    const approved = newerArticles.find((a) => a.title === veille.title)!
    const decided = await s.request(`/api/articles/${approved.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve' }),
    })
    expect(decided.status).toBe(200)

    moved = true
    s.later()
    // "Fetch now" on the older feed: its server now answers 301 to the newer feed's address.
    const res = await s.request(`/sources/${older.id}/fetch`, post())
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toContain(`done=fetched&feed=${older.id}&result=ok`)

    const kept = await s.articlesOf(older.id)
    expect(kept.map((a) => a.title).sort()).toEqual(
      [engagement.title, moderation.title, veille.title, creators.title].sort(),
    )
    // The duplicate entry (same GUID in both feeds, undecided) went; the approved one moved, approved.
    expect(kept.find((a) => a.id === approved.id)?.status).toBe('approved')
    expect(await s.articlesOf(newer.id)).toEqual([])
    expect(await getFeed(s.db.db, older.id)).toMatchObject({
      enabled: true,
      url: s.server.url('/blog/feed.xml'),
    })
    expect(await getFeed(s.db.db, newer.id)).toMatchObject({
      enabled: false,
      disabledReason: `merged into feed ${older.id} (Blog du CM (ancienne adresse))`,
    })
    const events = await s.db.db.select().from(feedEvents)
    expect(events.map((e) => [e.feedId, e.kind, e.detail.role])).toEqual(
      expect.arrayContaining([
        [older.id, 'merged', 'kept'],
        [newer.id, 'merged', 'merged'],
      ]),
    )
    expect(events.find((e) => e.feedId === older.id)?.detail).toMatchObject({
      otherFeedId: newer.id,
      moved: 2,
      removed: 1,
    })

    // The sources page tells the story on both feeds, in French.
    const html = await (await s.request(`/sources?sector=${SECTOR}`)).text()
    const row = (f: Feed) => {
      const at = html.indexOf(`<tr id="feed-${f.id}"`)
      return html.slice(at, html.indexOf('</tr>', at))
    }
    expect(row(older)).toContain('<summary>Historique (1)</summary>')
    expect(row(older)).toContain('Fusion : le flux « Blog du CM » menait à la même adresse')
    expect(row(newer)).toContain('Fusionné avec le flux « Blog du CM (ancienne adresse) »')

    // From now on one feed polls the address: the next crawl fetches it once and adds nothing.
    s.later()
    const hitsBefore = s.server.hits.filter((h) => h === '/blog/feed.xml').length
    const summary = await s.env.crawl({ all: true })
    expect(summary.articlesNew).toBe(0)
    expect(s.server.hits.filter((h) => h === '/blog/feed.xml').length).toBe(hitsBefore + 1)
  })

  it('merges a newer feed that moves onto an older one into it, and stores nothing more under it', async () => {
    let moved = false
    const s = await site(
      {
        '/flux.xml': rss([engagement, moderation]),
        '/nouveau.xml': (req, res) =>
          moved ? movedTo('/flux.xml')(req, res) : rss([creators])(req, res),
      },
      [
        { path: '/flux.xml', name: 'Carnet du social', createdAt: '2024-03-01T08:00:00Z' },
        {
          path: '/nouveau.xml',
          name: 'Carnet du social (nouveau)',
          createdAt: '2026-09-01T08:00:00Z',
        },
      ],
    )
    const older = s.byName['Carnet du social']!
    const newer = s.byName['Carnet du social (nouveau)']!
    await s.env.crawl({ all: true })
    moved = true
    s.later()
    const res = await s.request(`/api/feeds/${newer.id}/fetch`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ outcome: 'ok', articlesNew: 0 })
    expect((await s.articlesOf(older.id)).map((a) => a.title).sort()).toEqual(
      [engagement.title, moderation.title, creators.title].sort(),
    )
    expect(await getFeed(s.db.db, newer.id)).toMatchObject({ enabled: false })
    const history = await (await s.request(`/api/feeds/${older.id}/events`)).json()
    expect(history.events).toEqual([
      expect.objectContaining({
        kind: 'merged',
        detail: expect.objectContaining({ role: 'kept', otherFeedId: newer.id }),
      }),
    ])
  })
})

describe('fetch now', () => {
  it('crawls one feed at once and says how it went, in words, beside the feed', async () => {
    const s = await site({ '/blog/feed.xml': rss([engagement, veille]) }, [
      { path: '/blog/feed.xml', name: 'Blog du CM', createdAt: '2026-01-01T00:00:00Z' },
      { path: '/disparu/feed.xml', name: 'Blog disparu', createdAt: '2026-01-01T00:00:00Z' },
    ])
    const good = s.byName['Blog du CM']!
    const gone = s.byName['Blog disparu']!
    const res = await s.request(`/sources/${good.id}/fetch`, post())
    expect(res.status).toBe(303)
    const page = await (await s.request(res.headers.get('location')!)).text()
    expect(page).toContain('Blog du CM : collecté, 2 nouveaux articles.')
    // Only that feed was fetched.
    expect(s.server.hits).not.toContain('/disparu/feed.xml')
    expect((await s.articlesOf(good.id)).length).toBe(2)

    const failed = await s.request(`/sources/${gone.id}/fetch`, post())
    const failedPage = await (await s.request(failed.headers.get('location')!)).text()
    expect(failedPage).toContain(
      'Blog disparu : la collecte a échoué. Le flux n’existe plus à cette adresse (erreur 404).',
    )
    // In English for a curator who chose English, with the code beside the sentence.
    const locale = await s.request('/account/locale', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'en' }),
    })
    expect(locale.status).toBe(303)
    const en = await s.request(`/api/feeds/${gone.id}/fetch`, { method: 'POST' })
    const body = await en.json()
    expect(body).toMatchObject({ outcome: 'failed' })
    expect(body.feed).toMatchObject({
      lastErrorCode: 'http_not_found',
      lastErrorText: 'The feed is no longer at this address (error 404).',
    })
  })

  it('leaves a feed another crawler holds to it, and refuses viewers', async () => {
    const s = await site({ '/blog/feed.xml': rss([engagement]) }, [
      { path: '/blog/feed.xml', name: 'Blog du CM', createdAt: '2026-01-01T00:00:00Z' },
    ])
    const feed = s.byName['Blog du CM']!
    await s.db.db
      .update(feeds)
      .set({
        leaseOwner: 'another-machine:4242:0a1b2c3d',
        leaseUntil: new Date(Date.now() + 600_000),
      })
      .where(eq(feeds.id, feed.id))
    const res = await s.request(`/api/feeds/${feed.id}/fetch`, { method: 'POST' })
    expect(await res.json()).toMatchObject({ outcome: 'leased', articlesNew: 0 })
    expect(s.server.hits).toEqual([])
    const viewer = await s.signIn('viewer')
    expect((await viewer.request(`/sources/${feed.id}/fetch`, post())).status).toBe(403)
    expect((await viewer.request(`/api/feeds/${feed.id}/fetch`, { method: 'POST' })).status).toBe(
      403,
    )
    const page = await (await viewer.request(`/sources?sector=${SECTOR}`)).text()
    expect(page).not.toContain('/fetch"')
  })
})
