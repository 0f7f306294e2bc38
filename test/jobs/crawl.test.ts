import zlib from 'node:zlib'
import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { articles, feeds } from '../../db/schema.ts'
import { tombstoneArticle } from '../../src/store/index.ts'
import { closeSharedExtractor, crawlEnv } from '../helpers/crawl-env.ts'
import { articlePage, articlesEn, articlesFr, rssFeed } from '../helpers/fixture-content.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { tempDb } from '../helpers/temp-db.ts'

afterAll(closeSharedExtractor)

const all = [...articlesFr, ...articlesEn]

/** A blog: its feed (with ETag support) and its article pages. */
async function blogServer(opts: { feed?: (origin: string) => string; pages?: Record<string, string> } = {}) {
  let origin = ''
  const routes: Record<string, Parameters<typeof fixtureServer>[0][string]> = {
    '/feed/': (req, res) => {
      const body = opts.feed ? opts.feed(origin) : rssFeed(origin, all)
      const etag = `"v${body.length}"`
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end()
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body)
    },
  }
  for (const a of all) {
    routes[`/${a.slug}/`] = (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(opts.pages?.[a.slug] ?? articlePage(a))
  }
  const server = await fixtureServer(routes)
  origin = server.origin
  return server
}

async function storedArticles(db: Awaited<ReturnType<typeof tempDb>>) {
  return db.db.select().from(articles).orderBy(articles.id)
}

describe('crawling a sector blog', () => {
  it('stores every entry with its extracted page, and a second crawl adds nothing (304)', async () => {
    const db = await tempDb()
    const blog = await blogServer()
    const env = await crawlEnv(db, [{ url: blog.url('/feed/') }])

    const first = await env.crawl()
    expect(first).toMatchObject({ feedsOk: 1, feedsFailed: 0, articlesNew: 4, articlesUpdated: 0 })
    const rows = await storedArticles(db)
    expect(rows).toHaveLength(4)
    const fr = rows.find((r) => r.url.endsWith('/taux-engagement-linkedin-2026/'))!
    expect(fr).toMatchObject({ extractState: 'ok', lang: 'fr', author: 'Claire Dumas', extractError: null })
    expect(fr.title).toBe('Taux d’engagement sur LinkedIn : ce qui a changé cette année')
    expect(fr.text).toContain('carrousels documentaires')
    expect(fr.text).not.toContain('Articles populaires')
    expect(fr.wordCount).toBeGreaterThan(80)
    expect(fr.image).toBe(`${blog.origin}/wp-content/uploads/taux-engagement-linkedin-2026.jpg`)
    expect(fr.publishedAt.toISOString()).toBe(articlesFr[0]!.date)
    expect(rows.find((r) => r.url.includes('creator-partnerships'))!.lang).toBe('en')

    env.clock.advance(2 * 86_400_000)
    const second = await env.crawl()
    expect(second).toMatchObject({ feedsNotModified: 1, articlesNew: 0, articlesUpdated: 0 })
    expect(await storedArticles(db)).toHaveLength(4)
    expect(blog.hits.filter((h) => h === '/feed/')).toHaveLength(2)
    await env.close()
  })

  it('does not fetch a feed again before its next check time, which follows how often it publishes', async () => {
    const db = await tempDb()
    const blog = await blogServer()
    const env = await crawlEnv(db, [{ url: blog.url('/feed/') }])
    await env.crawl()
    const [feed] = await db.db.select().from(feeds)
    // The fixture publishes every 16 to 23 hours: half the median gap (18.5 h), jittered by at most 10%.
    const waitH = (feed!.nextCheckAt.getTime() - env.clock.now().getTime()) / 3_600_000
    expect(waitH).toBeGreaterThan(0.9 * 9.25)
    expect(waitH).toBeLessThan(1.1 * 9.25)
    const again = await env.crawl()
    expect(again).toMatchObject({ feedsOk: 0, feedsNotModified: 0, feedsFailed: 0 })
    expect(blog.hits.filter((h) => h === '/feed/')).toHaveLength(1)
    await env.close()
  })

  it('decodes an ISO-8859-1 feed declared only in its XML prolog into correct UTF-8', async () => {
    const db = await tempDb()
    let origin = ''
    const server = await fixtureServer({
      '/latin1.xml': (_req, res) => {
        const xml = rssFeed(origin, articlesFr.slice(1, 2)).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        res.writeHead(200, { 'content-type': 'application/xml' }).end(iconv.encode(xml, 'latin1'))
      },
      '/moderation-communaute-crise/': (_req, res) => {
        const page = articlePage(articlesFr[1]!).replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
        res.writeHead(200, { 'content-type': 'text/html' }).end(iconv.encode(page, 'windows-1252'))
      },
    })
    origin = server.origin
    const env = await crawlEnv(db, [{ url: server.url('/latin1.xml') }])
    await env.crawl()
    const [row] = await storedArticles(db)
    expect(row!.title).toBe('Modération : tenir sa communauté pendant un bad buzz')
    expect(row!.text).toContain('polémique éclate')
    expect(row!.text).toContain('C’est pourtant')
    await env.close()
  })

  it('reads a gzip-compressed feed', async () => {
    const db = await tempDb()
    let origin = ''
    const server = await fixtureServer({
      '/feed.gz': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' })
          .end(zlib.gzipSync(rssFeed(origin, articlesEn))),
    })
    origin = server.origin
    const env = await crawlEnv(db, [{ url: server.url('/feed.gz') }])
    const s = await env.crawl()
    expect(s.articlesNew).toBe(1)
    // The page itself is missing (404): the article keeps the feed's content and says why.
    const [row] = await storedArticles(db)
    expect(row).toMatchObject({ extractState: 'feed_only', title: articlesEn[0]!.title })
    expect(row!.extractError).toMatch(/404/)
    expect(row!.text).toContain('Micro-influencers')
    await env.close()
  })
})

describe('feeds that fail', () => {
  it('records each failure with a clear error and backs off, without dropping the feed', async () => {
    const db = await tempDb()
    const server = await fixtureServer({
      '/gone': (_req, res) => void res.writeHead(410).end(),
      '/missing': (_req, res) => void res.writeHead(404).end(),
      '/broken': (_req, res) => void res.writeHead(500).end('boom'),
      '/busy': (_req, res) => void res.writeHead(429, { 'retry-after': '7200' }).end(),
      '/malformed': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Cassé</title><item><title>x</ti'),
      '/html': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Bienvenue</h1></body></html>'),
      '/slow': async (_req, res) => {
        await new Promise((r) => setTimeout(r, 3000))
        res.writeHead(200).end('<rss/>')
      },
      '/huge': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' })
        res.end('<rss version="2.0"><channel>' + '<item><title>spam</title></item>'.repeat(20_000) + '</channel></rss>')
      },
      '/billion-laughs': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title><link>http://127.0.0.1:1/x</link></item></channel></rss>`),
    })
    const paths = ['/gone', '/missing', '/broken', '/busy', '/malformed', '/html', '/slow', '/huge', '/billion-laughs']
    const env = await crawlEnv(db, paths.map((p) => ({ url: server.url(p) })), { timeoutMs: 1000, maxFeedBytes: 200_000 })
    const summary = await env.crawl()
    const rows = await db.db.select().from(feeds)
    const byPath = Object.fromEntries(rows.map((f) => [new URL(f.url).pathname, f]))
    const now = env.clock.now().getTime()

    expect(byPath['/gone']).toMatchObject({ enabled: false, lastStatus: 410 })
    for (const p of ['/missing', '/broken', '/busy', '/malformed', '/html', '/slow', '/huge']) {
      expect(byPath[p], p).toMatchObject({ enabled: true, errorCount: 1 })
      expect(byPath[p]!.lastError, p).toBeTruthy()
      expect(byPath[p]!.nextCheckAt.getTime(), p).toBeGreaterThan(now)
    }
    expect(byPath['/missing']!.lastError).toMatch(/404/)
    expect(byPath['/broken']!.lastError).toMatch(/500/)
    expect(byPath['/busy']!.nextCheckAt.getTime()).toBeGreaterThanOrEqual(now + 7_200_000)
    expect(byPath['/malformed']!.lastError).toMatch(/xml|parse|feed/i)
    expect(byPath['/html']!.lastError).toMatch(/html|not a feed/i)
    expect(byPath['/slow']!.lastError).toMatch(/^timeout/)
    expect(byPath['/huge']!.lastError).toMatch(/^too_large/)
    // Entities are not expanded: whatever was stored holds no "lollol...".
    const stored = await storedArticles(db)
    expect(JSON.stringify(stored)).not.toMatch(/(lol){4}/)
    expect(summary.errors.map((e) => new URL(e.feedUrl).pathname).sort()).toEqual(
      expect.arrayContaining(['/broken', '/busy', '/gone', '/html', '/huge', '/malformed', '/missing', '/slow']),
    )

    // A second failure doubles the wait.
    env.clock.set(byPath['/missing']!.nextCheckAt)
    await env.crawl()
    const [missing] = await db.db.select().from(feeds).where(eq(feeds.id, byPath['/missing']!.id))
    expect(missing!.errorCount).toBe(2)
    const wait2 = missing!.nextCheckAt.getTime() - env.clock.now().getTime()
    const wait1 = byPath['/missing']!.nextCheckAt.getTime() - now
    expect(wait2).toBe(2 * wait1)
    await env.close()
  })

  it('follows a permanent redirect and stores the feed under its new URL', async () => {
    const db = await tempDb()
    let origin = ''
    const server = await fixtureServer({
      '/old-feed': (_req, res) => void res.writeHead(301, { location: '/new-feed' }).end(),
      '/new-feed': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(origin, articlesEn)),
      '/loop-a': (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end(),
      '/loop-b': (_req, res) => void res.writeHead(302, { location: '/loop-a' }).end(),
    })
    origin = server.origin
    const env = await crawlEnv(db, [{ url: server.url('/old-feed') }, { url: server.url('/loop-a') }])
    await env.crawl()
    const rows = await db.db.select().from(feeds).orderBy(feeds.id)
    expect(rows[0]!.url).toBe(server.url('/new-feed'))
    expect(rows[0]!.declaredUrl).toBe(server.url('/old-feed'))
    expect(rows[1]!.url).toBe(server.url('/loop-a'))
    expect(rows[1]!.lastError).toMatch(/redirect/i)
    await env.close()
  })
})

describe('safety and hostile content', () => {
  it('never fetches an entry link that points to a non-allowed address, and keeps the feed content', async () => {
    const db = await tempDb()
    const server = await fixtureServer({
      '/feed': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rssFeed('http://127.0.0.2:9', articlesFr.slice(0, 1))),
    })
    const env = await crawlEnv(db, [{ url: server.url('/feed') }, { url: 'http://127.0.0.2:9/feed' }])
    const summary = await env.crawl()
    const [row] = await storedArticles(db)
    expect(row).toMatchObject({ extractState: 'feed_only' })
    expect(row!.extractError).toMatch(/blocked_address/)
    expect(summary.errors.find((e) => e.feedUrl.startsWith('http://127.0.0.2'))?.error).toMatch(/blocked_address/)
    await env.close()
  })

  it('stores hostile pages only sanitised', async () => {
    const db = await tempDb()
    const evil = `<p>Lisez <a href="javascript:alert(1)">ceci</a></p><img src="x" onerror="alert(2)"><script>alert(3)</script>
<iframe src="https://evil.example/"></iframe><svg onload="alert(4)"></svg><img src="https://stats.example/pixel.gif" width="1" height="1">`
    const blog = await blogServer({ pages: { [articlesFr[0]!.slug]: articlePage(articlesFr[0]!, { extraBody: evil }) } })
    const env = await crawlEnv(db, [{ url: blog.url('/feed/') }])
    await env.crawl()
    const row = (await storedArticles(db)).find((r) => r.url.includes(articlesFr[0]!.slug))!
    expect(row.extractState).toBe('ok')
    expect(row.html).toContain('carrousels documentaires')
    for (const bad of [/<script/i, /onerror/i, /onload/i, /javascript:/i, /<iframe/i, /pixel\.gif/]) {
      expect(row.html).not.toMatch(bad)
    }
    await env.close()
  })
})

describe('idempotency', () => {
  it('keeps one article for the same story in two feeds of a sector, tracking parameters or not', async () => {
    const db = await tempDb()
    let origin = ''
    const server = await fixtureServer({
      '/a.xml': (_req, res) => void res.writeHead(200).end(rssFeed(origin, articlesEn, { title: 'A' })),
      '/b.xml': (_req, res) =>
        void res.writeHead(200).end(
          rssFeed(origin, articlesEn, { title: 'B', link: (a) => `${origin}/${a.slug}/?utm_source=rss&utm_medium=feed` }),
        ),
      [`/${articlesEn[0]!.slug}/`]: (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(articlesEn[0]!)),
    })
    origin = server.origin
    const env = await crawlEnv(db, [{ url: server.url('/a.xml') }, { url: server.url('/b.xml') }])
    await env.crawl()
    expect(await storedArticles(db)).toHaveLength(1)
    await env.close()
  })

  it('merges an article whose page declares the canonical URL of one already stored', async () => {
    const db = await tempDb()
    let origin = ''
    const a = articlesEn[0]!
    const server = await fixtureServer({
      '/a.xml': (_req, res) => void res.writeHead(200).end(rssFeed(origin, [a])),
      '/b.xml': (_req, res) => void res.writeHead(200).end(rssFeed(origin, [a], { link: () => `${origin}/amp/${a.slug}` })),
      [`/${a.slug}/`]: (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(a)),
      [`/amp/${a.slug}`]: (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(a, { canonical: `${origin}/${a.slug}/` })),
    })
    origin = server.origin
    const env = await crawlEnv(db, [{ url: server.url('/a.xml') }, { url: server.url('/b.xml') }])
    await env.crawl()
    const rows = await storedArticles(db)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.canonicalUrl).toBe(`${origin}/${a.slug}/`)
    // The merged copy does not come back on the next crawl.
    env.clock.advance(3 * 86_400_000)
    await env.crawl({ all: true })
    expect(await storedArticles(db)).toHaveLength(1)
    await env.close()
  })

  it('does not bring back a deleted article', async () => {
    const db = await tempDb()
    const blog = await blogServer({ feed: (o) => rssFeed(o, all).replace(/<pubDate>/g, '<pubDate>') })
    const env = await crawlEnv(db, [{ url: blog.url('/feed/') }])
    await env.crawl()
    const before = await storedArticles(db)
    await tombstoneArticle(db.db, before[0]!.id, 'rejected', env.clock.now())
    // Change the ETag so the feed is parsed again.
    await db.db.update(feeds).set({ etag: null })
    env.clock.advance(86_400_000)
    const s = await env.crawl({ all: true })
    expect(s.feedsOk).toBe(1)
    const after = await storedArticles(db)
    expect(after.map((r) => r.guid)).toEqual(before.slice(1).map((r) => r.guid))
    await env.close()
  })

  it('updates an entry whose content changed, without duplicating it', async () => {
    const db = await tempDb()
    let version = 1
    const blog = await blogServer({
      feed: (o) => rssFeed(o, all).replace('Taux d’engagement sur LinkedIn', version === 1 ? 'Taux d’engagement sur LinkedIn' : 'Engagement LinkedIn (mis à jour)'),
    })
    const env = await crawlEnv(db, [{ url: blog.url('/feed/') }])
    await env.crawl()
    version = 2
    env.clock.advance(3_600_000)
    const s = await env.crawl({ all: true })
    expect(s).toMatchObject({ articlesNew: 0, articlesUpdated: 1 })
    const rows = await storedArticles(db)
    expect(rows).toHaveLength(4)
    expect(rows.some((r) => r.title.startsWith('Engagement LinkedIn (mis à jour)'))).toBe(true)
    await env.close()
  })
})

describe('the four feed formats over HTTP', () => {
  it('crawls RSS 2.0, Atom 1.0, RSS 1.0 (RDF) and JSON Feed and stores every entry with its page', async () => {
    const fs = await import('node:fs')
    const db = await tempDb()
    let origin = ''
    // The fixture feeds name made-up hosts: point them at this server so nothing leaves loopback.
    const local = (file: string) =>
      fs.readFileSync(new URL(`../fixtures/feeds/${file}`, import.meta.url), 'utf8').replace(/https?:\/\/[a-z0-9.-]+\.example\.[a-z]+/g, origin)
    const formats: Record<string, [string, string]> = {
      '/rss': ['rss2-fr-content.xml', 'application/rss+xml'],
      '/atom': ['atom-xml-base.xml', 'application/atom+xml'],
      '/rdf': ['rdf-dc-date.xml', 'application/rdf+xml'],
      '/json': ['json-feed-1.1.json', 'application/feed+json'],
    }
    const routes: Parameters<typeof fixtureServer>[0] = {}
    for (const [path, [file, type]] of Object.entries(formats)) {
      routes[path] = (_req, res) => void res.writeHead(200, { 'content-type': type }).end(local(file))
    }
    const server = await fixtureServer(routes, (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(articlesFr[2]!)),
    )
    origin = server.origin
    const { parseFeed } = await import('../../src/crawl/index.ts')
    const expected = await Promise.all(
      Object.entries(formats).map(async ([path, [file]]) => (await parseFeed(local(file), { url: origin + path })).entries.length),
    )
    const env = await crawlEnv(db, Object.keys(formats).map((p) => ({ url: server.url(p) })))
    const summary = await env.crawl()
    expect(summary).toMatchObject({ feedsOk: 4, feedsFailed: 0 })
    const rows = await storedArticles(db)
    const byFeed = new Map<number, number>()
    for (const r of rows) byFeed.set(r.feedId, (byFeed.get(r.feedId) ?? 0) + 1)
    const feedRows = await db.db.select().from(feeds).orderBy(feeds.id)
    expect(feedRows.map((f) => byFeed.get(f.id) ?? 0)).toEqual(expected)
    expect(rows.filter((r) => !r.url.startsWith(origin) || r.extractState !== 'ok').map((r) => [r.url, r.extractState, r.extractError])).toEqual([])
    await env.close()
  })
})
