import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Parser from 'rss-parser'
import { afterEach, describe, expect, test } from 'vitest'
import { parseFeed } from '../../src/crawl/index.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'

const T = { timeout: 60_000 }
const SECTOR = 'community-management'
const NOW = new Date('2026-11-20T09:00:00Z')
const shipped = path.resolve(import.meta.dirname, '../../feeds')
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const ARTICLES = [
  {
    title: 'Algorithme LinkedIn : ce qui change pour les pages entreprises',
    text: 'Le réseau favorise désormais les conversations longues et les documents.',
  },
  {
    title: 'Modérer une communauté en période de crise',
    text: 'Une charte claire, des réponses rapides et une escalade prévue.',
  },
  {
    title: 'Les Reels ne suffisent plus : Instagram mise sur les carrousels',
    text: 'Les carrousels retrouvent de la portée organique selon plusieurs études.',
  },
  { title: 'Recette de la tarte aux pommes', text: 'Sans rapport avec le secteur.' },
]

async function setup() {
  const feedsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-public-'))
  dirs.push(feedsDir)
  fs.cpSync(shipped, feedsDir, { recursive: true })
  let ids: number[] = []
  const clock = fixedClock(NOW)
  const t = await testApp({
    role: 'admin',
    clock,
    deps: { config: { feedsDir } },
    seed: async (db) =>
      (ids = await seedArticles(
        db,
        SECTOR,
        ARTICLES.map((a, i) => ({
          ...a,
          publishedAt: new Date(NOW.getTime() - (i + 1) * 3_600_000),
          source: i % 2 ? 'Blog du Modérateur' : 'Le Journal du CM',
        })),
      )),
  })
  const decide = (id: number, action: string) =>
    t.request(`/api/articles/${id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action }),
    })
  const annotate = (id: number, note: string, commentary: string) =>
    t.request(`/api/articles/${id}/annotation`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note, tags: ['privé-interne'], commentary, baseVersion: 0 }),
    })
  await annotate(
    ids[0]!,
    'NOTE PRIVÉE : client X',
    'À lire avant de revoir votre calendrier éditorial.',
  )
  await annotate(ids[1]!, 'NOTE PRIVÉE : ne pas partager', 'Une méthode simple pour les crises.')
  await annotate(ids[3]!, 'NOTE PRIVÉE : hors sujet', 'Rejeté.')
  expect((await decide(ids[0]!, 'approve')).status).toBe(200)
  expect((await decide(ids[1]!, 'reshare')).status).toBe(200)
  expect((await decide(ids[3]!, 'reject')).status).toBe(200)
  const anonymous = (p: string, init?: RequestInit) => t.app.request(p, init)
  const setPublic = (value: '0' | '1') =>
    t.request('/sources/public', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sector: SECTOR, public: value }),
    })
  return { t, ids, feedsDir, anonymous, setPublic, decide, clock }
}

describe('the public curated page and feeds', () => {
  test('a pick is dated in the sector’s time zone, not in UTC', T, async () => {
    const s = await setup()
    await s.setPublic('1')
    // 23:30 in UTC is already the next day in Paris, the sector's zone.
    s.clock.set(new Date('2026-11-20T23:30:00Z'))
    expect((await s.decide(s.ids[2]!, 'approve')).status).toBe(200)
    const html = await (await s.anonymous(`/p/${SECTOR}`)).text()
    const pick = html.slice(html.indexOf(ARTICLES[2]!.title))
    expect(pick.slice(0, pick.indexOf('</li>'))).toContain('choisi le 21 nov. 2026')
  })

  test('a private sector answers 404 everywhere, like an unknown one', T, async () => {
    const { anonymous } = await setup()
    for (const p of ['', '/feed.atom', '/feed.rss', '/feed.json']) {
      expect((await anonymous(`/p/${SECTOR}${p}`)).status, p).toBe(404)
      expect((await anonymous(`/p/inconnu${p}`)).status, p).toBe(404)
    }
  })

  test(
    'the switch writes `public: true` in the sector file and opens the page to anyone',
    T,
    async () => {
      const s = await setup()
      const res = await s.setPublic('1')
      expect(res.status).toBe(303)
      const yaml = fs.readFileSync(path.join(s.feedsDir, `${SECTOR}.yaml`), 'utf8')
      expect(yaml).toMatch(/^public: true$/m)
      // Every comment of the file is still there.
      expect(yaml.split('\n').filter((l) => l.startsWith('#'))).toEqual(
        fs
          .readFileSync(path.join(shipped, `${SECTOR}.yaml`), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('#')),
      )
      const page = await s.anonymous(`/p/${SECTOR}`)
      expect(page.status).toBe(200)
      const html = await page.text()
      // The picks, newest pick first, with their public commentary, source and link.
      expect(html.indexOf(ARTICLES[1]!.title)).toBeGreaterThan(-1)
      expect(html.indexOf(ARTICLES[1]!.title)).toBeLessThan(html.indexOf(ARTICLES[0]!.title))
      expect(html).toContain('À lire avant de revoir votre calendrier éditorial.')
      expect(html).toContain('Blog du Modérateur')
      expect(html).toContain('rel="alternate" type="application/atom+xml"')
      // Nothing that was not picked, and nothing private.
      expect(html).not.toContain(ARTICLES[2]!.title)
      expect(html).not.toContain(ARTICLES[3]!.title)
      expect(html).not.toMatch(/NOTE PRIVÉE|privé-interne|score|csrf/i)
      // The sources page says where it is; closing it brings the 404 back.
      expect(await (await s.t.request(`/sources?sector=${SECTOR}`)).text()).toContain(
        `/p/${SECTOR}`,
      )
      await s.setPublic('0')
      expect((await s.anonymous(`/p/${SECTOR}`)).status).toBe(404)
    },
  )

  test(
    'Atom, RSS and JSON Feed parse back with every field, in rss-parser and our own parser',
    T,
    async () => {
      const s = await setup()
      await s.setPublic('1')
      const parser = new Parser()
      for (const format of ['atom', 'rss', 'json'] as const) {
        const res = await s.anonymous(`/p/${SECTOR}/feed.${format}`)
        expect(res.status, format).toBe(200)
        const text = await res.text()
        expect(text, format).not.toMatch(/NOTE PRIVÉE|privé-interne/)
        const ours = await parseFeed(text, {
          url: `http://localhost/p/${SECTOR}/feed.${format}`,
          now: NOW,
        })
        expect(ours.format, format).toContain(format === 'json' ? 'json' : format)
        expect(
          ours.entries.map((e) => e.title),
          format,
        ).toEqual([ARTICLES[1]!.title, ARTICLES[0]!.title])
        const first = ours.entries[0]!
        expect(first.link).toMatch(/^https:\/\/blog-du-mod/)
        expect(first.publishedAt, format).not.toBeNull()
        expect(`${first.summary} ${first.contentHtml}`, format).toContain(
          'Une méthode simple pour les crises.',
        )
        if (format !== 'json') {
          const feed = await parser.parseString(text)
          expect(feed.title).toContain('Community management')
          expect(feed.items.map((i) => i.title)).toEqual([ARTICLES[1]!.title, ARTICLES[0]!.title])
          expect(feed.items[1]!.link).toMatch(/^https:\/\/le-journal-du-cm/)
          expect(feed.items[1]!.content ?? feed.items[1]!.contentSnippet).toContain(
            'calendrier éditorial',
          )
        } else {
          const json = JSON.parse(text)
          expect(json.version).toBe('https://jsonfeed.org/version/1.1')
          expect(json.feed_url).toBe(`http://localhost/p/${SECTOR}/feed.json`)
          expect(json.items[0].date_published).toMatch(/^2026-11-20T/)
        }
      }
      expect((await s.anonymous(`/p/${SECTOR}/feed.atom`)).headers.get('content-type')).toContain(
        'application/atom+xml',
      )
    },
  )

  test('conditional GET: the same ETag answers 304, a new pick changes it', T, async () => {
    const s = await setup()
    await s.setPublic('1')
    const first = await s.anonymous(`/p/${SECTOR}/feed.rss`)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await s.anonymous(`/p/${SECTOR}/feed.rss`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    await s.t.request(`/api/articles/${s.ids[2]}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve' }),
    })
    const changed = await s.anonymous(`/p/${SECTOR}/feed.rss`, {
      headers: { 'if-none-match': etag },
    })
    expect(changed.status).toBe(200)
    expect(await changed.text()).toContain(ARTICLES[2]!.title)
  })

  test('the page is paginated, 20 picks a page', T, async () => {
    const s = await setup()
    await s.setPublic('1')
    const more = await seedArticles(
      s.t.db,
      SECTOR,
      Array.from({ length: 25 }, (_, i) => ({
        title: `Veille réseaux sociaux n°${i + 1}`,
        text: 'Un article du secteur.',
        publishedAt: new Date(NOW.getTime() - i * 60_000),
      })),
    )
    for (const id of more)
      await s.t.request(`/api/articles/${id}/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'approve' }),
      })
    const one = await (await s.anonymous(`/p/${SECTOR}`)).text()
    const two = await (await s.anonymous(`/p/${SECTOR}?page=2`)).text()
    const count = (html: string) => (html.match(/class="public-pick"/g) ?? []).length
    expect(count(one)).toBe(20)
    expect(count(two)).toBe(27 - 20)
    expect(one).toContain('rel="next"')
    expect(two).toContain('rel="prev"')
    expect(two).not.toContain('rel="next"')
    expect((await s.anonymous(`/p/${SECTOR}?page=abc`)).status).toBe(400)
  })
})
