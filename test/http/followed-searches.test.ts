// Followed searches ("Recherches suivies"): a curator follows a search (a brand, a network, a law),
// and the queue and the search page count what it finds after each visit.
import { describe, expect, it } from 'vitest'
import { seedArticles } from '../helpers/seed.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { NOW, SECTOR } from '../fixtures/http/curator-articles.ts'

const SEARCH = `/search?sector=${SECTOR}&q=carrousels`
const followedNav = (html: string) =>
  html.match(/<nav class="followed-searches"[\s\S]*?<\/nav>/)?.[0] ?? null
const newPills = (html: string) =>
  [...html.matchAll(/<li class="result">[\s\S]*?<\/li>/g)]
    .filter((m) => m[0].includes('class="new-pill"'))
    .map((m) => m[0].match(/href="\/articles\/(\d+)"/)![1])
    .map(Number)

const laterCarousel = (hours: number, title: string) => ({
  title,
  text: 'Les carrousels restent le format le plus commenté sur LinkedIn, selon une nouvelle étude sur les pages entreprise.',
  lang: 'fr' as const,
  publishedAt: new Date(NOW.getTime() + hours * 3_600_000),
  source: 'Veille sociale',
})

describe('following a search', () => {
  it('counts in the queue what the search finds after each visit, marks it on the search page, and stops on request', async () => {
    const t = await curatorApp()
    const first = await (await t.request(SEARCH)).text()
    expect(first).toContain('action="/search/follow"')
    expect(first).toContain('Suivre cette recherche')
    expect(followedNav(await (await t.request('/queue')).text())).toBeNull()
    // A query too long to follow (a search may be longer) offers no button that would fail.
    const long = `carrousels ${'linkedin '.repeat(25)}`
    const longPage = await (
      await t.request(`/search?sector=${SECTOR}&q=${encodeURIComponent(long)}`)
    ).text()
    expect(longPage).not.toContain('action="/search/follow"')

    // Followed with extra spaces: one search, as it was typed without them.
    const res = await t.request('/search/follow', form({ sector: SECTOR, q: '  carrousels ' }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(SEARCH)
    const followed = await (await t.request(SEARCH)).text()
    expect(followed).toContain('Recherche suivie')
    expect(followed).not.toContain('action="/search/follow"')
    // What existed before it was followed is not new.
    expect(newPills(followed)).toEqual([])
    const queueNav = followedNav(await (await t.request('/queue')).text())!
    expect(queueNav).toContain('Recherches suivies')
    expect(queueNav).toContain(`href="${SEARCH.replace(/&/g, '&amp;')}"`)
    expect(queueNav).not.toContain('new-pill')

    // Two articles come out later; one of them matches.
    t.clock.set(new Date(NOW.getTime() + 6 * 3_600_000))
    const [match] = await seedArticles(t.db, SECTOR, [
      laterCarousel(4, 'Carrousels LinkedIn : une étude confirme leur avance'),
      { ...laterCarousel(5, 'Recette du clafoutis aux cerises'), text: 'Une recette de saison.' },
    ])
    await t.reindex()
    expect(followedNav(await (await t.request('/queue')).text())).toContain(
      '<span class="new-pill">1 nouveau</span>',
    )
    const api = await (await t.request(`/api/searches/followed?sector=${SECTOR}`)).json()
    expect(api.searches).toMatchObject([{ sector: SECTOR, query: 'carrousels', newResults: 1 }])

    // Opened: the new one is marked, and the queue counts nothing new any more.
    const visit = await (await t.request(SEARCH)).text()
    expect(newPills(visit)).toEqual([match])
    expect(followedNav(await (await t.request('/queue')).text())).not.toContain('new-pill')
    // The marks stay for the rest of the visit (a reload, the next page of results)...
    t.clock.set(new Date(NOW.getTime() + 6 * 3_600_000 + 10 * 60_000))
    expect(newPills(await (await t.request(SEARCH)).text())).toEqual([match])
    // ...and a later visit starts from the last one: nothing new since.
    t.clock.set(new Date(NOW.getTime() + 8 * 3_600_000))
    expect(newPills(await (await t.request(SEARCH)).text())).toEqual([])

    const id = api.searches[0].id
    const stop = await t.request(`/search/followed/${id}/delete`, form({}))
    expect(stop.status).toBe(303)
    expect(stop.headers.get('location')).toBe(SEARCH)
    expect(followedNav(await (await t.request('/queue')).text())).toBeNull()
    // Stopped again (another tab): nothing left to stop, and no error.
    const again = await t.request(`/search/followed/${id}/delete`, form({}))
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe('/search')
  })

  it('counts and marks an article crawled after the last visit with an older date', async () => {
    const t = await curatorApp()
    await t.request('/search/follow', form({ sector: SECTOR, q: 'carrousels' }))
    await t.request(SEARCH)
    // Published an hour before that visit, but Vigie saw it only five hours after (a feed polled late).
    t.clock.set(new Date(NOW.getTime() + 6 * 3_600_000))
    const [late] = await seedArticles(t.db, SECTOR, [
      {
        ...laterCarousel(-1, 'Carrousels : ce que les marques B2B en tirent'),
        firstSeenAt: new Date(NOW.getTime() + 5 * 3_600_000),
      },
    ])
    await t.reindex()
    expect(followedNav(await (await t.request('/queue')).text())).toContain(
      '<span class="new-pill">1 nouveau</span>',
    )
    expect(newPills(await (await t.request(SEARCH)).text())).toEqual([late])
  })

  it('is for curators: a viewer sees the followed searches but cannot follow or stop one', async () => {
    const viewer = await curatorApp('viewer')
    const page = await (await viewer.request(SEARCH)).text()
    expect(page).not.toContain('action="/search/follow"')
    expect(
      (await viewer.request('/search/follow', form({ sector: SECTOR, q: 'carrousels' }))).status,
    ).toBe(403)
    expect(
      (
        await viewer.request('/api/searches/followed', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sector: SECTOR, query: 'carrousels' }),
        })
      ).status,
    ).toBe(403)
  })

  it('through the API: one search per query, a clear error for a bad one, unfollowed once', async () => {
    const t = await curatorApp()
    const follow = (body: unknown) =>
      t.request('/api/searches/followed', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const a = await (await follow({ sector: SECTOR, query: 'Instagram  Reels' })).json()
    const b = await (await follow({ sector: SECTOR, query: 'Instagram Reels' })).json()
    expect(a.search).toMatchObject({ query: 'Instagram Reels', newResults: 0 })
    expect(b.search.id).toBe(a.search.id)
    for (const bad of [
      { sector: SECTOR, query: '   ' },
      { sector: SECTOR, query: 'x'.repeat(201) },
      { sector: SECTOR },
    ])
      expect((await follow(bad)).status).toBe(400)
    expect((await follow({ sector: 'inconnu', query: 'reels' })).status).toBe(404)
    // A bound: each followed search is a search when the queue counts them.
    for (let i = 1; i < 30; i++)
      expect((await follow({ sector: SECTOR, query: `marque ${i}` })).status).toBe(200)
    const full = await follow({ sector: SECTOR, query: 'une de trop' })
    expect(full.status).toBe(409)
    expect((await full.json()).error).toBe('too_many_followed')
    // Following one already followed is still fine, and the page says why it offers no button.
    expect((await follow({ sector: SECTOR, query: 'marque 3' })).status).toBe(200)
    const page = await (await t.request(`/search?sector=${SECTOR}&q=une+de+trop`)).text()
    expect(page).not.toContain('action="/search/follow"')
    expect(page).toContain('Ce secteur suit déjà 30 recherches')
    const { searches } = await (await t.request(`/api/searches/followed?sector=${SECTOR}`)).json()
    for (const s of searches.filter((s: { id: number }) => s.id !== a.search.id))
      await t.request(`/api/searches/followed/${s.id}`, { method: 'DELETE' })
    const del = () => t.request(`/api/searches/followed/${a.search.id}`, { method: 'DELETE' })
    expect(await (await del()).json()).toEqual({ id: a.search.id, unfollowed: true })
    expect(await (await del()).json()).toEqual({ id: a.search.id, unfollowed: false })
    const list = await (await t.request(`/api/searches/followed?sector=${SECTOR}`)).json()
    expect(list.searches).toEqual([])
  })
})
