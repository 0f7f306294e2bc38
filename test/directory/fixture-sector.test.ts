import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type http from 'node:http'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { runCrawl } from '../../src/jobs/crawl.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { createSourceDiscovery } from '../../src/jobs/source-discovery.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { createHostLimiter } from '../../src/lib/host-limiter.ts'
import { silentLog } from '../../src/lib/log.ts'
import { createSafeFetch } from '../../src/lib/safe-fetch.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import { and, eq, sql } from 'drizzle-orm'
import { articles, citations, feeds } from '../../db/schema.ts'
import {
  editPerson,
  listFeeds,
  listSuggestions,
  readDirectory,
  sourcesCitingHost,
  syncSectors,
} from '../../src/store/index.ts'
import { closeSharedExtractor, sharedExtractor } from '../helpers/crawl-env.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { tempDb } from '../helpers/temp-db.ts'
import { armTripwire } from '../helpers/tripwire.ts'

// A whole sector crawled through the real pipeline (feeds, pages, extraction) from linked fixture
// blogs under .test names, all served by one 127.0.0.1 server routing on the Host header.
const SECTOR = 'community-management'
const NOW = new Date('2026-03-02T08:00:00Z')
const HOSTS = {
  claire: 'claire-dupont.test',
  agence: 'agence-pixel.test',
  media: 'media-social.test',
  outil: 'outil-veille.test',
} as const

const targets: string[] = []
beforeEach(() => {
  targets.length = 0
  armTripwire((host) => host === '127.0.0.1', targets)
})
afterEach(() => vi.restoreAllMocks())
afterAll(() => closeSharedExtractor())

const prose = (topic: string) =>
  `<p>Le community manager qui travaille ${topic} doit d’abord écouter sa communauté, mesurer ce qui la fait réagir et tenir un calendrier éditorial réaliste.</p>`.repeat(
    4,
  )

interface Post {
  slug: string
  title: string
  author: string
  date: string
  head: string
  body: string
}

function sites(port: number) {
  const at = (host: string, p = '') => `http://${host}:${port}/${p}`
  const link = (host: string, p: string, text: string) => `<a href="${at(host, p)}">${text}</a>`
  // Links inside a paragraph of substance: a short "Lire aussi" line is boilerplate to extraction.
  const cite = (links: string) =>
    `<p>Pour préparer ce billet, nous avons croisé nos propres mesures avec ${links}, qui éclairent bien la façon dont les communautés réagissent aux publications des marques.</p>`
  const jsonLd = (o: object) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`
  const posts: Record<string, Post[]> = {
    [HOSTS.claire]: [
      {
        slug: 'moderation',
        title: 'Modérer sans censurer : ma méthode',
        author: 'Claire Dupont',
        date: 'Mon, 23 Feb 2026 08:00:00 +0000',
        head: '<meta name="twitter:creator" content="@ClaireDupont">',
        body:
          prose('la modération') +
          cite(
            `${link(HOSTS.media, 'etudes/moderation', 'l’étude du Média Social')} et ${link(HOSTS.outil, 'guide', 'ce guide')}`,
          ),
      },
      {
        slug: 'calendrier',
        title: 'Mon calendrier éditorial de mars',
        author: 'Claire Dupont',
        date: 'Wed, 25 Feb 2026 08:00:00 +0000',
        head: '<meta name="twitter:creator" content="@ClaireDupont">',
        body:
          prose('son calendrier') +
          cite(
            `les chiffres de ${link(HOSTS.media, 'etudes/calendrier', 'Média Social')} et ${link(HOSTS.outil, 'modeles', 'des modèles')}`,
          ),
      },
    ],
    [HOSTS.agence]: [
      {
        // Claire as a guest: spelled without accent or capitals, joined through her X handle.
        slug: 'invitee-claire',
        title: 'Invitée : trois erreurs de community management',
        author: 'claire dupont',
        date: 'Tue, 24 Feb 2026 08:00:00 +0000',
        head: jsonLd({
          '@context': 'https://schema.org',
          '@type': 'BlogPosting',
          author: {
            '@type': 'Person',
            name: 'claire dupont',
            sameAs: ['https://x.com/clairedupont', 'https://bsky.app/profile/claire.bsky.social'],
          },
        }),
        body:
          prose('en agence') +
          cite(
            `${link(HOSTS.media, 'etudes/erreurs', 'Média Social')} et ${link(HOSTS.claire, 'moderation', 'le blog de Claire')}`,
          ),
      },
      {
        slug: 'linkedin',
        title: 'LinkedIn : ce que les pages d’entreprise doivent savoir',
        author: 'Thomas Martin',
        date: 'Thu, 26 Feb 2026 08:00:00 +0000',
        head:
          '<meta property="article:author" content="https://www.linkedin.com/in/thomas-martin-pixel/">' +
          '<meta name="twitter:creator" content="@ThomasPixel">',
        body:
          prose('sur LinkedIn') +
          cite(
            `${link(HOSTS.media, 'etudes/linkedin', 'Média Social')} et ${link(HOSTS.outil, 'comparatif', 'Outil Veille')}`,
          ),
      },
    ],
    [HOSTS.media]: [
      {
        // A namesake: another Thomas Martin, with other handles. The feed names him (dc:creator).
        slug: 'etudes/moderation',
        title: 'Étude : la modération des réseaux sociaux en 2026',
        author: 'Thomas Martin',
        date: 'Fri, 20 Feb 2026 08:00:00 +0000',
        head:
          '<meta name="fediverse:creator" content="@tmartin@piaille.fr">' +
          '<meta name="twitter:creator" content="@TMartinJournal">',
        body: prose('en rédaction'),
      },
      {
        slug: 'etudes/calendrier',
        title: 'Étude : quand publier sur Instagram',
        author: 'Thomas Martin',
        date: 'Sat, 21 Feb 2026 08:00:00 +0000',
        head: '<meta name="fediverse:creator" content="@tmartin@piaille.fr">',
        body: prose('sur Instagram'),
      },
    ],
  }
  // Claire's blog has one author: the site's rel="me" links are hers.
  const footer: Record<string, string> = {
    [HOSTS.claire]:
      '<footer><a rel="me" href="https://piaille.fr/@clairedupont">Mastodon</a></footer>',
  }
  const page = (host: string, p: Post) =>
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${p.title}</title>${p.head}</head>` +
    `<body><article><h1>${p.title}</h1>${host === HOSTS.media ? '' : `<p class="byline">Par ${p.author}</p>`}${p.body}</article>${footer[host] ?? ''}</body></html>`
  const feed = (host: string, list: Post[]) =>
    `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${host}</title><link>${at(host)}</link><language>fr</language>
${list
  .map(
    (p) =>
      `<item><title>${p.title}</title><link>${at(host, p.slug)}</link><guid>${at(host, p.slug)}</guid><pubDate>${p.date}</pubDate><dc:creator>${p.author}</dc:creator><description>${p.title}</description></item>`,
  )
  .join('\n')}
</channel></rss>`
  return { posts, page, feed, at }
}

async function setup() {
  const database = await tempDb()
  const hits: string[] = []
  let content: ReturnType<typeof sites> | null = null
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '')
    const p = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\//, '')
    hits.push(`${host} /${p}`)
    const c = content!
    const html = (body: string) =>
      void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body)
    if (host === HOSTS.outil) {
      // Followed by no one: a home page announcing its feed, and the feed.
      if (p === '')
        return html(
          '<!doctype html><html><head><title>Outil Veille</title><link rel="alternate" type="application/rss+xml" href="/rss/veille.xml"></head><body><p>Outils</p></body></html>',
        )
      if (p === 'rss/veille.xml')
        return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
          c.feed(HOSTS.outil, [
            {
              slug: 'guide',
              title: 'Guide du community manager',
              author: 'Outil',
              date: 'Mon, 16 Feb 2026 08:00:00 +0000',
              head: '',
              body: '',
            },
          ]),
        )
    }
    const list = c.posts[host]
    if (list && p === 'feed.xml')
      return void res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(c.feed(host, list))
    const post = list?.find((x) => x.slug === p)
    if (post) return html(c.page(host, post))
    res.writeHead(404, { 'content-type': 'text/plain' }).end('introuvable')
  }
  const server = await fixtureServer({}, handler)
  content = sites(server.port)
  const c = content
  const clock = fixedClock(NOW)
  const fetch = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    userAgent: 'Vigie-test',
    timeoutMs: 5000,
    connectTimeoutMs: 2000,
    resolve: async (name) => {
      if (name.endsWith('.test')) return [{ address: '127.0.0.1', family: 4 }]
      throw new Error(`test resolver: ${name} is not a fixture host`)
    },
  })
  const hostLimiter = createHostLimiter({ perHost: 2, delayMs: 0 })
  // The sector file, written in a temp folder: the curator's people with their handles.
  const sectorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-fixture-sector-'))
  const yaml = `name: Community management
language: fr
profile:
  topics:
    - name: Community management
      terms:
        - community manager
sources:
  - name: Le blog de Claire
    feed: ${c.at(HOSTS.claire, 'feed.xml')}
    site: ${c.at(HOSTS.claire)}
    kind: influencer
    people:
      - name: Claire Dupont
        handles:
          linkedin: claire-dupont-cm
  - name: Agence Pixel
    feed: ${c.at(HOSTS.agence, 'feed.xml')}
    site: ${c.at(HOSTS.agence)}
  - name: Média Social
    feed: ${c.at(HOSTS.media, 'feed.xml')}
    site: ${c.at(HOSTS.media)}
    kind: media
`
  const sectorFile = path.join(sectorDir, `${SECTOR}.yaml`)
  fs.writeFileSync(sectorFile, yaml)
  const reload = async () => {
    const { sectors, errors } = await loadSectors(sectorDir)
    expect(errors).toEqual([])
    await syncSectors(database.db, sectors, clock.now())
  }
  await reload()
  const deps = {
    db: database.db,
    fetch,
    hostLimiter,
    extractor: sharedExtractor(),
    clock,
    log: silentLog,
    limits: { maxFeedBytes: 1_000_000, maxPageBytes: 1_000_000, concurrency: 2 },
  }
  const scoring = createScoring({ db: database.db, clock, log: silentLog })
  const discovery = createSourceDiscovery({
    db: database.db,
    clock,
    log: silentLog,
    scoring,
    allowHosts: ['127.0.0.1'],
    discovery: {
      fetch,
      hostLimiter,
      maxPageBytes: 1_000_000,
      maxFeedBytes: 1_000_000,
      now: () => clock.now(),
    },
  })
  const crawl = () => runCrawl(deps, { sectorSlug: SECTOR, all: true })
  const compute = () => recomputeDirectory({ db: database.db, clock, log: silentLog }, SECTOR)
  const crawlAndCompute = async () => {
    const summary = await crawl()
    await compute()
    return summary
  }
  return {
    database,
    db: database.db,
    c,
    hits,
    clock,
    crawl,
    compute,
    crawlAndCompute,
    discovery,
    reload,
    sectorFile,
    yaml,
    close: () => Promise.all([fetch.close(), scoring.close()]),
  }
}

const handlesOf = (p: { handles: { network: string; handle: string }[] }) =>
  p.handles.map((h) => `${h.network}:${h.handle}`).sort()

describe('a fixture sector crawled end to end', { timeout: 120_000 }, () => {
  it('ranks influence, merges one author, keeps namesakes apart, reads every markup, suggests and keeps edits', async () => {
    const s = await setup()
    try {
      await s.crawlAndCompute()
      let dir = await readDirectory(s.db, SECTOR)
      expect(dir.sources.map((x) => x.name)).toEqual([
        'Média Social',
        'Le blog de Claire',
        'Agence Pixel',
      ])
      const influence = dir.sources.map((x) => x.figures!.influence)
      expect(influence[0]).toBeGreaterThan(influence[1]!)
      expect(influence[1]).toBeGreaterThan(influence[2]!)
      expect(dir.sources[0]!.figures).toMatchObject({ citingSources: 2, articles: 2 })

      // Claire, on her blog and as a guest of the agency: one person with the handles of both pages.
      const claire = dir.people.filter((p) => p.name.toLowerCase() === 'claire dupont')
      expect(claire).toHaveLength(1)
      expect(claire[0]!.sources.sort()).toEqual(['Agence Pixel', 'Le blog de Claire'])
      expect(claire[0]!.figures!.articles).toBe(3)
      const claireHandles = claire[0]!.handles.map((h) => `${h.signal} ${h.network}:${h.handle}`)
      expect(claireHandles).toEqual(
        expect.arrayContaining([
          'twitter:creator x:@clairedupont',
          'json-ld:sameAs bluesky:claire.bsky.social',
          'rel-me mastodon:@clairedupont@piaille.fr',
          'sector-file linkedin:in/claire-dupont-cm',
        ]),
      )
      // Two Thomas Martin whose handles disagree: two people, each with their own.
      const thomas = dir.people.filter((p) => p.name === 'Thomas Martin')
      expect(thomas).toHaveLength(2)
      const bySource = Object.fromEntries(thomas.map((t) => [t.sources.join(), t]))
      expect(handlesOf(bySource['Agence Pixel']!)).toEqual([
        'linkedin:in/thomas-martin-pixel',
        'x:@thomaspixel',
      ])
      expect(handlesOf(bySource['Média Social']!)).toEqual([
        'mastodon:@tmartin@piaille.fr',
        'x:@tmartinjournal',
      ])
      expect(bySource['Média Social']!.handles.find((h) => h.network === 'x')!.signal).toBe(
        'twitter:creator',
      )
      expect(bySource['Agence Pixel']!.handles.find((h) => h.network === 'linkedin')!.signal).toBe(
        'article:author',
      )
      // The Média Social pages carry no byline: its author's name came from the feed's dc:creator.
      expect(bySource['Média Social']!.figures!.articles).toBe(2)

      // The tool site is cited by two sources but followed by no one: suggested with its feed.
      const run = await s.discovery.discover(SECTOR)
      expect(run.found).toBeGreaterThanOrEqual(1)
      const suggestions = await listSuggestions(s.db, SECTOR)
      expect(suggestions.map((x) => x.host)).toEqual([HOSTS.outil])
      expect(suggestions[0]).toMatchObject({
        citingSources: 2,
        feedUrl: s.c.at(HOSTS.outil, 'rss/veille.xml'),
      })
      expect(new Set(targets)).toEqual(new Set(['127.0.0.1']))

      // A curator renames the agency's Thomas; a new article and a re-crawl keep the edit and the ids.
      const agencyThomas = bySource['Agence Pixel']!
      await editPerson(s.db, SECTOR, agencyThomas.id, { curatorName: 'Thomas Martin (Pixel)' }, NOW)
      s.c.posts[HOSTS.agence]!.push({
        slug: 'tiktok',
        title: 'TikTok pour les marques B2B',
        author: 'Thomas Martin',
        date: 'Sun, 01 Mar 2026 08:00:00 +0000',
        head: '<meta name="twitter:creator" content="@ThomasPixel">',
        body: prose('sur TikTok'),
      })
      s.clock.set(new Date(NOW.getTime() + 3_600_000))
      await s.crawlAndCompute()
      dir = await readDirectory(s.db, SECTOR)
      const renamed = dir.people.find((p) => p.id === agencyThomas.id)!
      expect(renamed.name).toBe('Thomas Martin (Pixel)')
      expect(renamed.figures!.articles).toBe(2)
      expect(dir.people.filter((p) => p.name === 'Thomas Martin')).toHaveLength(1)
      expect(dir.people.find((p) => p.id === claire[0]!.id)?.figures!.articles).toBe(3)

      // Following the suggestion adds the feed as an added source (the database's, origin manual):
      // the sector file is not written, and reloading it keeps the followed feed.
      const followed = await s.discovery.follow(SECTOR, HOSTS.outil)
      expect(followed.feedUrl).toBe(s.c.at(HOSTS.outil, 'rss/veille.xml'))
      await s.reload()
      const feedsNow = await listFeeds(s.db, SECTOR)
      expect(feedsNow.find((f) => f.url === followed.feedUrl)).toMatchObject({ origin: 'manual' })
      expect(feedsNow).toHaveLength(4)
      expect(fs.readFileSync(s.sectorFile, 'utf8')).toBe(s.yaml)
    } finally {
      await s.close()
    }
  })

  it('stores the links at extraction, so the directory reads only articles stored before it did', async () => {
    const s = await setup()
    try {
      await s.crawl()
      // Before any directory run, the media site is already cited by the two other sources.
      const [media] = await s.db.select().from(feeds).where(eq(feeds.sourceName, 'Média Social'))
      const citing = await sourcesCitingHost(s.db, SECTOR, HOSTS.media, media!.id, {
        limit: 10,
        offset: 0,
      })
      expect(citing.rows.map((r) => r.name).sort()).toEqual(['Agence Pixel', 'Le blog de Claire'])
      expect((await s.compute()).scanned).toBe(0)

      // An article stored before links were read at extraction (a database from before): the next
      // run reads its links, once.
      const [old] = await s.db
        .select({ id: articles.id })
        .from(articles)
        .where(
          and(eq(articles.feedId, citing.rows[0]!.feedId), sql`${articles.linksAt} is not null`),
        )
        .limit(1)
      const linksOf = () => s.db.select().from(citations).where(eq(citations.articleId, old!.id))
      const stored = await linksOf()
      expect(stored.length).toBeGreaterThan(0)
      await s.db.delete(citations).where(eq(citations.articleId, old!.id))
      s.clock.set(new Date(NOW.getTime() + 60_000))
      await s.db
        .update(articles)
        .set({ linksAt: null, updatedAt: s.clock.now() })
        .where(eq(articles.id, old!.id))
      expect((await s.compute()).scanned).toBe(1)
      expect(await linksOf()).toEqual(stored)
      expect((await s.compute()).scanned).toBe(0)
    } finally {
      await s.close()
    }
  })
})
