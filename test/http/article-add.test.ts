// "Ajouter un article": a page the curator saw elsewhere, added by its address (typed, from the
// bookmarklet, or shared from a phone), fetched from a real server on 127.0.0.1 and extracted by the
// real workers, filed under its site's source, searchable, scored, and opened in the reader.
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { articles, articleScores, feeds } from '../../db/schema.ts'
import { addOneFeed } from '../../src/jobs/feed-add.ts'
import { ADDED_BY_HAND, addFeeds, feedHealth } from '../../src/store/index.ts'
import { articleAdder, blogSite, POST_PATH, TITLE } from '../fixtures/http/blog-site.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { NOW, SECTOR } from '../fixtures/http/curator-articles.ts'
import { closeSharedExtractor } from '../helpers/crawl-env.ts'

afterAll(() => closeSharedExtractor())

/** The curator fixtures, with articles added through a real fetcher that may reach 127.0.0.1 only. */
async function addingApp(opts: { allowHosts?: string[] } = {}) {
  const site = await blogSite()
  const t: Awaited<ReturnType<typeof curatorApp>> = await curatorApp('curator', {
    deps: { addArticle: articleAdder(() => ({ ...t.deps, clock: t.clock }), opts.allowHosts) },
  })
  const add = (url: string, approve = true) =>
    t.request('/articles/add', form({ sector: SECTOR, url, ...(approve && { approve: '1' }) }))
  const count = async () => (await t.db.db.select({ id: articles.id }).from(articles)).length
  return { ...t, site, add, count }
}

describe('adding an article by its address', () => {
  it('fetches the page, files it under its site, approves it, and opens it in the reader', async () => {
    const t = await addingApp()
    const url = t.site.url(POST_PATH)
    const addPage = await (await t.request(`/articles/add?sector=${SECTOR}&url=${url}`)).text()
    expect(addPage).toContain(`value="${url}"`)
    // The queue links to it.
    expect(await (await t.request(`/queue?sector=${SECTOR}`)).text()).toContain(
      `href="/articles/add?sector=${SECTOR}"`,
    )

    const health = await feedHealth(t.db.db, SECTOR)
    const res = await t.add(url)
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    const id = Number(/^\/articles\/(\d+)\?added=new&done=\1&did=approve$/.exec(location)?.[1])
    expect(id).toBeGreaterThan(0)
    const reader = await (await t.request(location)).text()
    expect(reader).toContain('Article ajouté au secteur.')
    expect(reader).toContain(TITLE)
    expect(reader).toContain('un canal de portée organique')
    expect(reader).toContain('Le Carnet du CM')
    // What the page's scripts and handlers would have run is gone.
    expect(reader).not.toContain('page script')
    expect(reader).not.toMatch(/onerror|alert\('img'\)/)

    const [row] = await t.db.db.select().from(articles).where(eq(articles.id, id))
    expect(row).toMatchObject({
      sectorSlug: SECTOR,
      status: 'approved',
      canonicalUrl: url,
      extractState: 'ok',
      publishedAt: new Date('2026-11-19T06:30:00Z'),
      firstSeenAt: NOW,
    })
    // Its site is followed by no feed: a source of its own, named by the page, never fetched.
    const [source] = await t.db.db.select().from(feeds).where(eq(feeds.id, row!.feedId))
    expect(source).toMatchObject({
      sourceName: 'Le Carnet du CM',
      enabled: false,
      disabledReason: ADDED_BY_HAND,
      siteUrl: `${t.site.origin}/`,
    })
    // The sources page says what that source is; the dashboard counts it as no feed.
    expect(await (await t.request(`/sources?sector=${SECTOR}`)).text()).toContain(
      'Pas un flux : la source des articles de ce site ajoutés à la main',
    )
    expect(await feedHealth(t.db.db, SECTOR)).toEqual(health)
    // It has no feed to fetch: an admin cannot turn it on (no button, and the form is refused).
    const admin = await t.signIn('admin')
    const sources = await (await admin.request(`/sources?sector=${SECTOR}`)).text()
    expect(sources).toContain(`id="feed-${source!.id}"`)
    expect(sources).not.toContain(`action="/sources/${source!.id}" class="feed-toggle"`)
    const enable = await admin.request(`/sources/${source!.id}`, form({ enabled: '1' }))
    expect(enable.status).toBe(400)
    const [still] = await t.db.db.select().from(feeds).where(eq(feeds.id, source!.id))
    expect(still!.enabled).toBe(false)
    // Found by search at once, and scored behind the answer.
    const found = await t.deps.search!.search('newsletter abonnés', { sectorSlug: SECTOR })
    expect(found.hits.map((h) => h.id)).toContain(id)
    await t.deps.scoring.settled()
    const [scored] = await t.db.db
      .select()
      .from(articleScores)
      .where(eq(articleScores.articleId, id))
    // On topic for community management: "LinkedIn", "pages entreprise", "community managers".
    expect(scored!.score).toBeGreaterThan(0.5)
  })

  it('finds an article the sector holds instead of adding it twice', async () => {
    const t = await addingApp()
    const url = t.site.url(POST_PATH)
    const first = await t.add(url, false)
    const id = /^\/articles\/(\d+)\?added=new$/.exec(first.headers.get('location')!)?.[1]
    expect(id).toBeTruthy()
    const before = await t.count()
    const hits = t.site.hits.length
    // The same address, or with tracking parameters: known by its address, not fetched again.
    for (const again of [url, `${url}?utm_source=linkedin&utm_medium=social`]) {
      const res = await t.add(again, false)
      expect(res.headers.get('location')).toBe(`/articles/${id}?added=existing`)
    }
    expect(t.site.hits.length).toBe(hits)
    // Another address of it: fetched, and its page names the canonical the sector holds; asked to,
    // it approves the article held.
    const shared = await t.add(`${url}?partage=1`)
    expect(shared.headers.get('location')).toBe(
      `/articles/${id}?added=existing&done=${id}&did=approve`,
    )
    expect(t.site.hits.length).toBe(hits + 1)
    const [row] = await t.db.db
      .select()
      .from(articles)
      .where(eq(articles.id, Number(id)))
    expect(row!.status).toBe('approved')
    expect(await t.count()).toBe(before)
    expect(await (await t.request(`/articles/${id}?added=existing`)).text()).toContain(
      'Cet article était déjà dans le secteur : le voici.',
    )
  })

  it('files a page of a followed site under that site’s feed', async () => {
    const t = await addingApp()
    await addFeeds(
      t.db.db,
      SECTOR,
      [
        {
          url: t.site.url('/feed.xml'),
          title: 'Carnet du CM (flux)',
          siteUrl: `${t.site.origin}/`,
        },
      ],
      'manual',
      NOW,
    )
    const [followed] = await t.db.db
      .select()
      .from(feeds)
      .where(eq(feeds.url, t.site.url('/feed.xml')))
    const res = await t.add(t.site.url(POST_PATH))
    const id = Number(/\/articles\/(\d+)/.exec(res.headers.get('location')!)?.[1])
    const [row] = await t.db.db.select().from(articles).where(eq(articles.id, id))
    expect(row!.feedId).toBe(followed!.id)
    expect(
      await t.db.db.select().from(feeds).where(eq(feeds.disabledReason, ADDED_BY_HAND)),
    ).toEqual([])
  })

  it('moves the articles added from a site to its feed when the site is followed later', async () => {
    const t = await addingApp()
    const res = await t.add(t.site.url(POST_PATH))
    const id = Number(/\/articles\/(\d+)/.exec(res.headers.get('location')!)?.[1])
    const [hand] = await t.db.db.select().from(feeds).where(eq(feeds.disabledReason, ADDED_BY_HAND))
    expect((await t.db.db.select().from(articles).where(eq(articles.id, id)))[0]!.feedId).toBe(
      hand!.id,
    )

    // An admin follows the site's feed (as the sources form does, which admins only see).
    await addOneFeed(
      { db: t.db.db, allowHosts: ['127.0.0.1'], now: NOW },
      SECTOR,
      { url: t.site.url('/feed.xml'), title: 'Carnet du CM (flux)', siteUrl: null },
      'manual',
    )
    const [feed] = await t.db.db
      .select()
      .from(feeds)
      .where(eq(feeds.url, t.site.url('/feed.xml')))
    const [row] = await t.db.db.select().from(articles).where(eq(articles.id, id))
    expect(row).toMatchObject({ feedId: feed!.id, status: 'approved', title: TITLE })
    // The site is one source: the hand-added one is gone from the sources page.
    const sources = await (await t.request(`/sources?sector=${SECTOR}`)).text()
    expect(sources).toContain('Carnet du CM (flux)')
    expect(sources).not.toContain(`id="feed-${hand!.id}"`)
  })

  it('says why a page cannot be added, keeps the address in the form, and stores nothing', async () => {
    const t = await addingApp()
    const before = await t.count()
    const cases: [string, number, string][] = [
      [t.site.url('/guide.pdf'), 422, 'not an HTML page (application/pdf)'],
      [t.site.url('/disparu'), 422, 'HTTP 404'],
      [t.site.url('/archives-completes'), 422, 'body exceeds 500000 bytes'],
      ['ftp://exemple.fr/article', 400, 'Donnez l’adresse complète d’une page web (https://…).'],
      ['pas une adresse', 400, 'Donnez l’adresse complète'],
    ]
    for (const [url, status, says] of cases) {
      const res = await t.add(url)
      expect(res.status, url).toBe(status)
      const html = await res.text()
      expect(html, url).toContain(says)
      expect(html, url).toContain(`value="${url}"`)
    }
    expect(await t.count()).toBe(before)
  })

  it('refuses a private or local address before fetching anything', async () => {
    const t = await addingApp({ allowHosts: [] })
    const res = await t.add(t.site.url(POST_PATH))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('127.0.0.1 est une adresse privée ou locale')
    expect(t.site.hits).toEqual([])
  })

  it('takes the link a phone shares, in its text, and is for curators only', async () => {
    const t = await addingApp()
    const url = t.site.url(POST_PATH)
    const shared = `/articles/add?title=${encodeURIComponent(TITLE)}&text=${encodeURIComponent(`À lire : ${url}`)}`
    expect(await (await t.request(shared)).text()).toContain(`value="${url}"`)
    const viewer = await t.signIn('viewer')
    expect((await viewer.request('/articles/add')).status).toBe(403)
    expect(await (await viewer.request(`/queue?sector=${SECTOR}`)).text()).not.toContain(
      '/articles/add',
    )
  })

  it('is in the API for scripts and browser extensions', async () => {
    const t = await addingApp()
    const post = (url: string) =>
      t.request('/api/articles', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sector: SECTOR, url, approve: true }),
      })
    const added = await post(t.site.url(POST_PATH))
    expect(added.status).toBe(201)
    const { id, existing } = await added.json()
    expect(existing).toBe(false)
    const article = await (await t.request(`/api/articles/${id}`)).json()
    expect(article).toMatchObject({ title: TITLE, status: 'approved', source: 'Le Carnet du CM' })
    const again = await post(t.site.url(POST_PATH))
    expect(again.status).toBe(200)
    // Approved already: nothing to do.
    expect(await again.json()).toEqual({ id, existing: true, approved: false })
    const refused = await post(t.site.url('/guide.pdf'))
    expect(refused.status).toBe(422)
    expect(await refused.json()).toMatchObject({
      error: 'page_unreadable',
      details: { reason: 'not an HTML page (application/pdf)' },
    })
  })
})
