import { describe, expect, it } from 'vitest'
import { articles, feeds } from '../../db/schema.ts'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import type { Database } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'
import { browserForFile, openPage, screenshot, serveApp } from '../e2e/helpers.ts'

// A sector where a media site is cited by its two blogs and by 23 small ones (more than a page of
// "who cites them"), Claire writes on her blog and as a guest on the agency's, and the agency links
// to one of her posts. Served on 127.0.0.1 and read over HTTP, as a browser would.
const SECTOR = 'community-management'
const NOW = new Date('2026-03-02T08:00:00Z')
const DAY = 86_400_000
const SMALL_BLOGS = 23
const SMT = 'https://www.socialmediatoday.com/news/instagram-reach'

const SITES = [
  {
    key: 'media',
    name: 'Social Media Today',
    site: 'https://www.socialmediatoday.com',
    kind: 'media',
  },
  {
    key: 'claire',
    name: 'Le blog de Claire',
    site: 'https://claire-dupont.fr',
    kind: 'influencer',
  },
  { key: 'agence', name: 'Agence Pixel', site: 'https://agence-pixel.fr', kind: 'blog' },
  ...Array.from({ length: SMALL_BLOGS }, (_, i) => ({
    key: `petit-${i + 1}`,
    name: `Carnet ${String(i + 1).padStart(2, '0')}`,
    site: `https://carnet-${i + 1}.fr`,
    kind: 'blog',
  })),
] as const

const link = (url: string, text: string) => `<a href="${url}">${text}</a>`
const noSignals = {
  relMe: [],
  relAuthor: [],
  twitterSite: [],
  twitterCreator: [],
  fediverseCreator: [],
  articleAuthor: [],
  ldAuthors: [],
}

const ids: Record<string, number> = {}

async function seed(database: Database) {
  const db = database.db
  for (const s of SITES) {
    const [row] = await db
      .insert(feeds)
      .values({
        sectorSlug: SECTOR,
        declaredUrl: `${s.site}/feed`,
        url: `${s.site}/feed`,
        siteUrl: s.site,
        sourceName: s.name,
        kind: s.kind as 'blog' | 'media' | 'influencer',
        origin: 'manual',
        createdAt: NOW,
        people:
          s.key === 'claire' ? [{ name: 'Claire Dupont', handles: { x: '@ClaireDupont' } }] : null,
      })
      .returning({ id: feeds.id })
    ids[s.key] = row!.id
  }
  const site = (key: string) => SITES.find((s) => s.key === key)!.site
  let n = 0
  const article = async (
    key: string,
    author: string,
    daysAgo: number,
    html: string,
    creator: string[] = [],
  ) => {
    n++
    const url = `${site(key)}/articles/${n}`
    const at = new Date(NOW.getTime() - daysAgo * DAY)
    const [row] = await db
      .insert(articles)
      .values({
        sectorSlug: SECTOR,
        feedId: ids[key]!,
        guid: `g${n}`,
        url,
        canonicalUrl: url,
        title: `Article ${n} de ${author}`,
        author,
        publishedAt: at,
        firstSeenAt: at,
        updatedAt: at,
        html: `<p>${html}</p>`,
        text: 'texte',
        extractState: 'ok',
        profileSignals: {
          ...noSignals,
          twitterCreator: creator,
          // The blog's own account, on its pages: the source's handle.
          twitterSite: key === 'claire' ? ['@BlogDeClaire'] : [],
        },
      })
      .returning({ id: articles.id })
    return { id: row!.id, url }
  }
  const first = await article(
    'claire',
    'Claire Dupont',
    2,
    `Selon ${link(SMT, 'SMT')}, la portée baisse.`,
    ['@clairedupont'],
  )
  await article(
    'claire',
    'Claire Dupont',
    9,
    `Voir ${link('https://agence-pixel.fr/articles/99', 'Pixel')}.`,
  )
  await article(
    'agence',
    'C. Dupont',
    3,
    `Invitée : ${link(SMT, 'SMT')} et ${link(`${first.url}/`, 'son blog')}.`,
    ['@ClaireDupont'],
  )
  await article('agence', 'Thomas Martin', 5, 'Rien à citer.')
  await article('media', 'Jane Doe', 4, 'No links here.')
  for (let i = 1; i <= SMALL_BLOGS; i++)
    await article(
      `petit-${i}`,
      `Auteur ${i}`,
      i % 20,
      // The first small blog links the media site twice in one article: one citation, two links.
      i === 1
        ? `${link(SMT, 'ici')} et ${link('https://socialmediatoday.com/', 'là')}`
        : `Lu chez ${link(SMT, 'SMT')}.`,
    )
}

const browser = browserForFile()

async function site() {
  const t = await testApp({ role: 'viewer', clock: fixedClock(NOW), seed })
  await recomputeDirectory({ db: t.db.db, clock: fixedClock(NOW), log: silentLog }, SECTOR)
  const server = await serveApp(t.app)
  const get = (path: string) => fetch(`${server.origin}${path}`, { headers: { cookie: t.cookie } })
  return { t, server, get }
}

type Detail = {
  source: { name: string; rank: number; rankOf: number; citations: number; citingSources: number }
  writers: { id: number; name: string }[]
  articles: { id: number; title: string; authors: { name: string; personId: number | null }[] }[]
  citedBy: {
    rows: { feedId: number; name: string; citations: number; links: number }[]
    total: number
  }
  cites: {
    rows: { host: string; citations: number; source: { id: number; name: string } | null }[]
    total: number
  }
}

describe('a source of the directory', () => {
  it('has a page and a JSON twin: figures, rank, writers, who cites it and whom it cites, paged', async () => {
    const { server, get } = await site()
    try {
      const api = (id: number, q = '') => get(`/api/sectors/${SECTOR}/sources/${id}${q}`)
      const media = (await (await api(ids.media!)).json()) as Detail
      const all = (await (await get(`/api/sectors/${SECTOR}/sources/stats`)).json()) as {
        sources: unknown[]
      }
      expect(media.source).toMatchObject({
        name: 'Social Media Today',
        rank: 1,
        rankOf: all.sources.length,
        citations: SMALL_BLOGS + 2,
        citingSources: SMALL_BLOGS + 2,
      })
      // Who cites it: 25 sources, 20 a page, the one with two links first.
      expect(media.citedBy.total).toBe(SMALL_BLOGS + 2)
      expect(media.citedBy.rows).toHaveLength(20)
      expect(media.citedBy.rows[0]).toMatchObject({ name: 'Carnet 01', citations: 1, links: 2 })
      const second = (await (await api(ids.media!, '?citedBy=2')).json()) as Detail
      expect(second.citedBy.rows).toHaveLength(5)
      const names = [...media.citedBy.rows, ...second.citedBy.rows].map((r) => r.name)
      expect(new Set(names).size).toBe(SMALL_BLOGS + 2)
      expect(names).toEqual(expect.arrayContaining(['Le blog de Claire', 'Agence Pixel']))
      expect(media.cites).toEqual({ rows: [], total: 0, page: 1, pageSize: 20 })

      // Claire's blog: she writes there; the agency cites it; it cites the media site and the agency.
      const blog = (await (await api(ids.claire!)).json()) as Detail
      expect(blog.writers.map((w) => w.name)).toEqual(['Claire Dupont'])
      expect(blog.articles[0]!.authors).toEqual([
        { name: 'Claire Dupont', personId: blog.writers[0]!.id },
      ])
      expect(blog.citedBy.rows).toEqual([
        { feedId: ids.agence, name: 'Agence Pixel', citations: 1, links: 1 },
      ])
      expect(blog.cites.rows.map((r) => [r.host, r.citations, r.source?.id])).toEqual([
        ['agence-pixel.fr', 1, ids.agence],
        ['socialmediatoday.com', 1, ids.media],
      ])

      // The page says the same, links each source and person to its page, and draws its charts.
      const page = await get(`/directory/sources/${ids.claire}`)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('<h1>Le blog de Claire')
      expect(html).toContain(`href="/directory/people/${blog.writers[0]!.id}">Claire Dupont</a>`)
      expect(html).toContain(`href="/directory/sources/${ids.agence}">Agence Pixel</a>`)
      expect(html).toContain(`href="/directory/sources/${ids.media}">Social Media Today</a>`)
      expect(html.match(/<svg class="sparkline"/g)).toHaveLength(2)
      expect(html).toContain('<svg class="share-bar"')
      expect(html).toContain(`rang ${blog.source.rank} sur ${blog.source.rankOf}`)
      // Figures are written the French way on a French page: "12,34", not "12.34".
      expect(html).toMatch(/\d,\d\d — rang/)
      expect(html).not.toMatch(/\d\.\d\d — rang/)
      expect(html).toContain(
        '<a href="https://x.com/blogdeclaire" rel="nofollow noopener noreferrer">',
      )

      // The sources tab links each row to its page.
      const tab = await (await get(`/directory?sector=${SECTOR}`)).text()
      expect(tab).toContain(`<a href="/directory/sources/${ids.media}">Social Media Today</a>`)
    } finally {
      await server.close()
    }
  })

  it('shows who cites a person and whom they cite', async () => {
    const { server, get } = await site()
    try {
      const people = (await (await get(`/api/sectors/${SECTOR}/people`)).json()) as {
        people: { id: number; name: string }[]
      }
      const claire = people.people.find((p) => p.name === 'Claire Dupont')!
      const html = await (await get(`/directory/people/${claire.id}`)).text()
      const section = (id: string) => html.slice(html.indexOf(`id="${id}"`)).split('</section>')[0]!
      // The agency links to her post (with a trailing slash): her blog is not among her citers.
      expect(section('cited-by')).toContain(
        `<a href="/directory/sources/${ids.agence}">Agence Pixel</a> — articles : 1, liens : 1`,
      )
      expect(section('cited-by')).not.toContain('Le blog de Claire')
      // Her articles on both sources link the media site twice, the agency once, her blog once.
      const cites = section('cites')
      expect(cites).toContain(
        `<a href="/directory/sources/${ids.media}">Social Media Today</a> — articles : 2, liens : 2`,
      )
      expect(cites).toContain(`<a href="/directory/sources/${ids.agence}">Agence Pixel</a>`)
      expect(cites).toContain(`<a href="/directory/sources/${ids.claire}">Le blog de Claire</a>`)
      // The API gives the same lists.
      const json = (await (
        await get(`/api/sectors/${SECTOR}/people/${claire.id}`)
      ).json()) as Detail
      expect(json.citedBy).toMatchObject({
        rows: [{ feedId: ids.agence, name: 'Agence Pixel', citations: 1, links: 1 }],
        total: 1,
      })
      expect(json.cites.rows.map((r) => [r.host, r.citations, r.source?.id])).toEqual([
        ['socialmediatoday.com', 2, ids.media],
        ['agence-pixel.fr', 1, ids.agence],
        ['claire-dupont.fr', 1, ids.claire],
      ])
    } finally {
      await server.close()
    }
  })

  it('refuses an unknown source, a source of another sector and a bad page by name', async () => {
    const { server, get } = await site()
    try {
      expect((await get('/directory/sources/999999')).status).toBe(404)
      expect((await get(`/api/sectors/${SECTOR}/sources/999999`)).status).toBe(404)
      expect((await get(`/api/sectors/autre-secteur/sources/${ids.media}`)).status).toBe(404)
      const bad = await get(`/api/sectors/${SECTOR}/sources/${ids.media}?citedBy=0`)
      expect(bad.status).toBe(400)
      expect(JSON.stringify(await bad.json())).toContain('citedBy')
      for (const value of ['', '-1', '1.5', '1e309', '9'.repeat(400), 'NaN'])
        for (const path of [
          `/directory/sources/${ids.media}?citedBy=${value}`,
          `/api/sectors/${SECTOR}/sources/${ids.media}?cites=${value}`,
          `/api/sectors/${SECTOR}/people/1?citedBy=${value}`,
          `/directory/sources/${encodeURIComponent(value)}`,
        ])
          // An empty value on a page means "the default" (as the forms send it); never a 500.
          expect(value === '' ? [200, 400, 404] : [400, 404], path).toContain(
            (await get(path)).status,
          )
      const badPage = await get(`/directory/sources/${ids.media}?cites=abc`)
      expect(badPage.status).toBe(400)
      expect(await badPage.text()).toContain('cites')
    } finally {
      await server.close()
    }
  })

  it('links the authors of queue cards and of the reader to their entry', async () => {
    const { t, server, get } = await site()
    try {
      await t.deps.scoring.rescoreSector(SECTOR)
      const people = (await (await get(`/api/sectors/${SECTOR}/people`)).json()) as {
        people: { id: number; name: string; sources: string[] }[]
      }
      const claire = people.people.find((p) => p.name === 'Claire Dupont')!
      const thomas = people.people.find((p) => p.name === 'Thomas Martin')!
      const queue = await (await get(`/queue?sector=${SECTOR}`)).text()
      expect(queue).toContain(
        `par <a class="author-link" href="/directory/people/${claire.id}">Claire Dupont</a>`,
      )
      expect(queue).toContain(
        `par <a class="author-link" href="/directory/people/${thomas.id}">Thomas Martin</a>`,
      )
      // In the reader too; her byline on the agency's blog ("C. Dupont") leads to her one entry.
      const latest = async (feedId: number) =>
        ((await (await get(`/api/sectors/${SECTOR}/sources/${feedId}`)).json()) as Detail).articles
      const own = (await latest(ids.claire!))[0]!
      const guest = (await latest(ids.agence!)).find((a) => a.authors[0]?.name === 'C. Dupont')!
      for (const [article, name] of [
        [own, 'Claire Dupont'],
        [guest, 'C. Dupont'],
      ] as const)
        expect(await (await get(`/articles/${article.id}`)).text()).toContain(
          `<dd><a class="author-link" href="/directory/people/${claire.id}">${name}</a></dd>`,
        )
    } finally {
      await server.close()
    }
  })

  it('pages "who cites them" in a browser, without script errors', async () => {
    const { t, server } = await site()
    try {
      const { page, problems, blocked } = await openPage(browser(), server.origin, {
        cookie: t.cookie,
      })
      await page.goto(`${server.origin}/directory/sources/${ids.media}`)
      await expect.poll(() => page.locator('#cited-by li').count()).toBe(20)
      await screenshot(page, 'directory-source')
      await page.locator('#cited-by nav.pager a', { hasText: '2' }).first().click()
      await page.waitForURL(/citedBy=2/)
      expect(await page.locator('#cited-by li').count()).toBe(SMALL_BLOGS + 2 - 20)
      expect(await page.locator('#cited-by ol').getAttribute('start')).toBe('21')
      expect(problems).toEqual([])
      expect(blocked).toEqual([])
    } finally {
      await server.close()
    }
  })
})
