import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { NOW, SECTOR } from '../fixtures/http/curator-articles.ts'
import type { SeedArticle } from '../helpers/seed.ts'
import { testApp } from '../helpers/app.ts'
import { createIndexCatchUp, createSearchIndex, syncIndex } from '../../src/search/index.ts'
import { PACKED_DOC_SHARE } from '../../src/search/packed-index.ts'
import { insertFeed, insertManyArticles } from '../search/helpers.ts'

const resultIds = (html: string) =>
  [...html.matchAll(/<li class="result"><h2><a href="\/articles\/(\d+)">/g)].map((m) =>
    Number(m[1]),
  )
const facet = (html: string, key: string) => {
  const start = html.indexOf(`<section class="facet facet-${key}">`)
  if (start < 0) return {}
  const section = html.slice(start, html.indexOf('</section>', start))
  return Object.fromEntries(
    [...section.matchAll(/>([^<>]+)<\/a> <span class="count">(\d+)<\/span>/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]),
  )
}
const search = (q: string, more = '') => `/search?q=${encodeURIComponent(q)}${more}`

describe('GET /search', () => {
  it('marks the matched words in titles and snippets, stems and elisions included', async () => {
    const t = await curatorApp()
    const html = await (await t.request(search('carrousel engagement'))).text()
    expect(resultIds(html).sort()).toEqual([t.ids.carrouselBlog, t.ids.carrouselMedia].sort())
    expect(html).toContain(
      'LinkedIn : le taux <mark>d’engagement</mark> des <mark>carrousels</mark> progresse de 35 %</a>',
    )
    expect(html).toMatch(/<p class="snippet">Les <mark>carrousels<\/mark> LinkedIn retrouvent/)
    // Words that are not searched for are left alone.
    expect(html).not.toContain('<mark>LinkedIn</mark>')
    const en = await (await t.request(search('creator'))).text()
    expect(en).toContain('Instagram rolls out a new feature for Reels <mark>creators</mark>')
  })

  it('cuts the snippet of a long article around its first matched word, wherever it is', async () => {
    const filler =
      'La veille quotidienne demande de la méthode : des sources choisies, un tri rapide, des notes courtes. '
    const t = await curatorApp('curator', {
      extra: [
        {
          title: 'Organiser sa semaine de veille',
          text: `${filler.repeat(40)}Le podcast hebdomadaire de l’équipe résume les tendances. ${filler.repeat(10)}Un second podcast suivra.`,
          publishedAt: new Date(NOW.getTime() - 3_600_000),
        },
      ],
    })
    const html = await (await t.request(search('podcasts'))).text()
    const snippet = /<p class="snippet">(.*?)<\/p>/s.exec(html)?.[1] ?? ''
    expect(snippet).toMatch(
      /^… .*méthode.*Le <mark>podcast<\/mark> hebdomadaire de l’équipe résume/,
    )
    expect(snippet).toMatch(/ …$/)
    expect(snippet.length).toBeLessThan(400)
  })

  it('escapes hostile titles around the marks', async () => {
    const t = await curatorApp()
    const html = await (await t.request(search('modération threads'))).text()
    expect(resultIds(html)).toContain(t.ids.hostile)
    expect(html).toContain(
      '&lt;img src=x onerror=alert(1)&gt; <mark>Modération</mark> &quot;&gt;&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt; sur <mark>Threads</mark>',
    )
    expect(html).toContain('&lt;b onmouseover=alert(6)&gt;Veille&lt;/b&gt;')
    expect(html).not.toMatch(/<img src=x|<script>alert|<b onmouseover/)
  })

  it('counts facets and turns them into links that add a filter', async () => {
    const t = await curatorApp()
    const html = await (await t.request(search('commentaires'))).text()
    expect(resultIds(html)).toHaveLength(3)
    expect(html).toContain('3 résultats')
    expect(facet(html, 'source')).toEqual({
      'Blog du Community Manager': 2,
      'Journal des Réseaux': 1,
    })
    expect(facet(html, 'lang')).toEqual({ FR: 3 })
    expect(facet(html, 'status')).toEqual({ 'À traiter': 3 })
    expect(facet(html, 'sector')).toEqual({ 'Community management &amp; social media': 3 })
    expect(html).toContain(
      '<a href="/search?q=commentaires&amp;source=Journal+des+R%C3%A9seaux">Journal des Réseaux</a>',
    )
    const one = await (
      await t.request(search('commentaires', '&source=Journal+des+R%C3%A9seaux'))
    ).text()
    expect(resultIds(one)).toEqual([t.ids.carrouselMedia])
    // The active filter links to its own removal, keeping the query.
    expect(one).toContain('<a href="/search?q=commentaires" class="remove">(retirer)</a>')
  })

  it('leaves out the articles with a word written after a dash, and says how on the page', async () => {
    const t = await curatorApp()
    const all = resultIds(await (await t.request(search('commentaires'))).text())
    expect(all).toContain(t.ids.carrouselMedia)
    // Both carousel articles say "carrousels"; the moderation one does not.
    const left = all.filter((id) => id !== t.ids.carrouselMedia && id !== t.ids.carrouselBlog)
    expect(left).toContain(t.ids.moderationFr)
    const html = await (await t.request(search('commentaires -carrousel'))).text()
    expect(resultIds(html).sort()).toEqual(left.sort())
    expect(html).toContain(left.length === 1 ? '1 résultat' : `${left.length} résultats`)
    expect(html).not.toContain('<mark>carrousel')
    expect(html).toContain('value="commentaires -carrousel"')
    expect(html).toContain('aria-describedby="search-tip"')
    expect(html).toContain('Un mot précédé d’un tiret (-recrutement) écarte les articles')
    const api = async (q: string) =>
      (
        (await (
          await t.request(`/api/search?sector=${SECTOR}&q=${encodeURIComponent(q)}`)
        ).json()) as { hits: { id: number }[] }
      ).hits.map((h) => h.id)
    expect(await api('commentaires')).toContain(t.ids.carrouselMedia)
    const apiLeft = await api('commentaires -carrousel')
    expect(apiLeft).toContain(t.ids.moderationFr)
    expect(apiLeft).not.toContain(t.ids.carrouselMedia)
    expect(apiLeft).not.toContain(t.ids.carrouselBlog)
  })

  it('filters by sector, language, state and dates', async () => {
    const t = await curatorApp()
    const ids = async (q: string, more: string) =>
      resultIds(await (await t.request(search(q, more))).text())
    expect(await ids('feature', '&lang=en')).toEqual([t.ids.reelsEn])
    expect(await ids('feature', '&lang=fr')).toEqual([])
    expect(await ids('commentaires', `&sector=${SECTOR}`)).toHaveLength(3)
    // moderationFr was published the day before.
    expect(await ids('commentaires', '&from=2026-11-20')).not.toContain(t.ids.moderationFr)
    expect(await ids('commentaires', '&to=2026-11-19')).toEqual([t.ids.moderationFr])
    await t.request(`/queue/${t.ids.moderationFr}/decision`, form({ action: 'approve' }))
    await t.reindex()
    expect(await ids('commentaires', '&status=approved')).toEqual([t.ids.moderationFr])
    const page = await (await t.request(search('commentaires', '&status=approved'))).text()
    expect(page).toContain('<span class="status-badge status-approved">Approuvé</span>')
    expect((await t.request(search('x', '&from=hier'))).status).toBe(400)
  })

  it('pages through many results', async () => {
    const extra: SeedArticle[] = Array.from({ length: 27 }, (_, i) => ({
      title: `TikTok, semaine ${i + 1} : ce que publient les marques`,
      // Texts of different lengths: distinct scores (ties across pages are the search stage's business).
      text: `Relevé numéro ${i + 1} des formats TikTok utilisés par les marques françaises cette semaine.${' Encore TikTok.'.repeat(i)}`,
      lang: 'fr',
      publishedAt: new Date(NOW.getTime() - (i + 30) * 3_600_000),
      source: `Observatoire ${i % 3}`,
    }))
    const t = await curatorApp('curator', { extra })
    const first = await (await t.request(search('tiktok'))).text()
    expect(first).toContain('27 résultats')
    expect(resultIds(first)).toHaveLength(20)
    expect(first).toContain('Page 1 sur 2')
    expect(first).toContain('<a href="/search?q=tiktok&amp;page=2" rel="next">')
    const second = await (await t.request(search('tiktok', '&page=2'))).text()
    expect(resultIds(second)).toHaveLength(7)
    expect(second).toContain('<a href="/search?q=tiktok" rel="prev">')
    expect(new Set([...resultIds(first), ...resultIds(second)]).size).toBe(27)
  })

  it('says so when the server runs without a search index, and shows just the form without a query', async () => {
    const off = await curatorApp('curator', { deps: { search: null } })
    const res = await off.request(search('linkedin'))
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('La recherche n’est pas disponible')
    const t = await curatorApp()
    const empty = await (await t.request('/search')).text()
    expect(empty).toContain('id="search-q"')
    expect(resultIds(empty)).toEqual([])
    expect(empty).not.toContain('résultats')
  })
})

describe('search while the index catches up with the database', () => {
  it('says how far it is and that results are incomplete, then stops saying it', async () => {
    const index = createSearchIndex({ dir: null })
    let catchUp: ReturnType<typeof createIndexCatchUp> | null = null
    const t = await testApp({
      deps: { search: index, searchCatchUp: () => catchUp?.status() ?? null },
      seed: async ({ db }) =>
        insertManyArticles(db, await insertFeed(db, 'community-management', 'Le Blog du CM'), 1500),
    })
    catchUp = createIndexCatchUp(index, t.db.db)
    const ask = () =>
      Promise.all([
        t.request(search('modération')).then((r) => r.text()),
        t.request('/api/search?q=moderation').then((r) => r.json()),
      ])
    // Asked as the first batch of 500 is indexed, two more to go.
    let during: ReturnType<typeof ask> | null = null
    await catchUp.run(() => void (during ??= ask()))
    const [html, api] = await during!
    expect(html).toMatch(
      /<p class="notice catching-up" role="status">L’index de recherche rattrape la base : (500|1\u202f000) articles indexés sur 1\u202f500\. Les résultats sont incomplets d’ici là\. <progress value="(500|1000)" max="1500">/,
    )
    expect(api.catchingUp).toMatchObject({ phase: 'indexing', total: 1500 })
    expect(api.total).toBeLessThan(250)

    const [after, apiAfter] = await ask()
    expect(after).not.toContain('catching-up')
    expect(apiAfter.catchingUp).toBeNull()
    // One article in six is about moderation.
    expect(apiAfter.total).toBe(250)
  })
})

describe('search over more months than the index keeps in memory', () => {
  it('searches the newest months, says how many older articles it left, and searches them on request', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-search-months-'))
    try {
      // Five months of 300 articles; the index keeps a month and a half of them in memory, as
      // months load from their files (packed): the newest month only.
      const index = createSearchIndex({ dir, maxLoadedDocs: 1.5 * 300 * PACKED_DOC_SHARE })
      const t = await testApp({
        deps: { search: index },
        seed: async ({ db }) =>
          insertManyArticles(db, await insertFeed(db, 'community-management', 'Blog'), 1500),
      })
      await syncIndex(index, t.db.db)
      await index.save()
      const html = await (await t.request(search('modération'))).text()
      expect(html).toContain('50 résultats')
      expect(html).toContain(
        'Recherche dans les articles depuis 2025-05 : 1\u202f200 articles plus anciens n’ont pas été parcourus. <a href="/search?q=mod%C3%A9ration&amp;all=1">Les parcourir aussi (plus lent)</a>',
      )
      const all = await (await t.request(search('modération', '&all=1'))).text()
      expect(all).toContain('250 résultats')
      expect(all).not.toContain('older-not-searched')
      // Dates reach the oldest month.
      const january = await (
        await t.request(search('modération', '&from=2025-01-01&to=2025-01-31'))
      ).text()
      expect(january).toContain('50 résultats')
      const api = await (await t.request('/api/search?q=moderation')).json()
      expect(api).toMatchObject({
        total: 50,
        olderNotSearched: { articles: 1200, before: '2025-05' },
      })
      expect(await (await t.request('/api/search?q=moderation&all=1')).json()).toMatchObject({
        total: 250,
      })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
