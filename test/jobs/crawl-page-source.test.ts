import { afterAll, describe, expect, it } from 'vitest'
import { articles, feeds } from '../../db/schema.ts'
import { feedErrorCode } from '../../src/crawl/index.ts'
import { closeSharedExtractor, crawlEnv } from '../helpers/crawl-env.ts'
import { SITE_NAME, siteWithoutFeed } from '../fixtures/http/site-without-feed.ts'
import { articlesEn, articlesFr } from '../helpers/fixture-content.ts'
import { tempDb } from '../helpers/temp-db.ts'

afterAll(closeSharedExtractor)

const all = [...articlesFr, ...articlesEn]

describe('a site without a feed, followed through its blog page', () => {
  it('stores the articles its page lists, read from their own pages, once', async () => {
    const db = await tempDb()
    let listed = all.slice(1)
    const site = await siteWithoutFeed(() => listed)
    const env = await crawlEnv(db, [{ url: site.url('/blog/'), noFeed: true }])

    expect(await env.crawl()).toMatchObject({ feedsOk: 1, feedsFailed: 0, articlesNew: 3 })
    const rows = await db.db.select().from(articles).orderBy(articles.id)
    expect(rows.map((r) => r.url).sort()).toEqual(
      all
        .slice(1)
        .map((a) => site.url(`/${a.slug}/`))
        .sort(),
    )
    for (const r of rows) {
      const a = all.find((x) => r.url.endsWith(`/${x.slug}/`))!
      expect(r).toMatchObject({ extractState: 'ok', title: a.title })
      // The listing gave no date: the article page's own is kept.
      expect(r.publishedAt.toISOString()).toBe(a.date)
      expect(r.text).toContain(a.paragraphs[1]!.slice(0, 40))
    }
    const [source] = await db.db.select().from(feeds)
    expect(source).toMatchObject({
      sourceType: 'page',
      title: SITE_NAME,
      lastError: null,
    })

    // Unchanged page (304), then a new post at the top: only that one comes in.
    env.clock.advance(2 * 3_600_000)
    expect(await env.crawl({ all: true })).toMatchObject({ feedsNotModified: 1, articlesNew: 0 })
    // The listing rewords its older posts as it adds one: they are not read again.
    listed = [all[0]!, ...all.slice(1).map((a) => ({ ...a, title: `${a.title} (à relire)` }))]
    env.clock.advance(2 * 3_600_000)
    expect(await env.crawl({ all: true })).toMatchObject({
      feedsOk: 1,
      articlesNew: 1,
      articlesUpdated: 0,
    })
    const after = await db.db.select().from(articles)
    expect(after).toHaveLength(4)
    expect(after.map((r) => r.title).sort()).toEqual(all.map((a) => a.title).sort())
    expect(after.find((r) => r.url.endsWith(`/${all[0]!.slug}/`))).toMatchObject({
      extractState: 'ok',
      title: all[0]!.title,
    })
    await env.close()
  })

  it('says so when its page lists no article any more, and keeps what it had', async () => {
    const db = await tempDb()
    let listed = all.slice(0, 2)
    const site = await siteWithoutFeed(() => listed)
    const env = await crawlEnv(db, [{ url: site.url('/blog/'), noFeed: true }])
    expect(await env.crawl()).toMatchObject({ articlesNew: 2 })

    listed = []
    env.clock.advance(2 * 3_600_000)
    expect(await env.crawl({ all: true })).toMatchObject({
      feedsOk: 0,
      feedsFailed: 1,
      articlesNew: 0,
    })
    const [source] = await db.db.select().from(feeds)
    expect(feedErrorCode(source!.lastError)).toBe('no_articles_listed')
    expect(source!.enabled).toBe(true)
    expect(await db.db.select().from(articles)).toHaveLength(2)
    await env.close()
  })
})
