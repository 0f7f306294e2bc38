import type http from 'node:http'
import { articles, feeds } from '../../db/schema.ts'
import type { FeedDiscoveryDeps } from '../../src/crawl/index.ts'
import { findListedArticles } from '../../src/extract/index.ts'
import { createHostLimiter } from '../../src/lib/host-limiter.ts'
import { createSafeFetch } from '../../src/lib/safe-fetch.ts'
import type { Database } from '../../src/store/index.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'

export const SECTOR = 'community-management'
export const NOW = new Date('2026-03-02T08:00:00Z')
const DAY = 86_400_000

// Every cited site is a name under .test that the fetcher's resolver maps to 127.0.0.1, all served
// by one fixture server that routes on the Host header: no name ever reaches a real DNS server.
export const SITES = {
  alpha: 'blog-alpha.test',
  beta: 'beta-veille.test',
  gamma: 'gamma-sans-flux.test',
  delta: 'delta-piege.test',
  followed: 'veille-suivie.test',
} as const

const rss = (title: string, items: { title: string; summary: string }[]) =>
  `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://example.invalid/</link>
<language>fr</language>
${items
  .map(
    (it, i) =>
      `<item><title>${it.title}</title><link>https://example.invalid/${i}</link><guid>g${i}</guid>
<pubDate>Mon, 0${1 + (i % 9)} Feb 2026 08:00:00 +0000</pubDate><description>${it.summary}</description></item>`,
  )
  .join('\n')}
</channel></rss>`

const ALPHA_ITEMS = [
  {
    title: 'Community manager : construire sa ligne éditoriale',
    summary:
      'Le community management commence par une ligne éditoriale claire et un calendrier éditorial tenu.',
  },
  {
    title: 'Gestion de communauté : répondre aux commentaires',
    summary: 'Animation de communauté et modération au quotidien pour le community manager.',
  },
  {
    title: 'Le métier de social media manager en 2026',
    summary: 'Responsable réseaux sociaux, community manager : ce qui change dans le métier.',
  },
]

const BETA_ITEMS = [
  {
    title: 'Recette de la tarte aux pommes',
    summary: 'Beurre, farine, sucre et pommes : une tarte simple pour le dimanche.',
  },
  {
    title: 'Le pain au levain maison',
    summary: 'Farine de seigle, eau et patience pour un pain qui se garde.',
  },
]

const html = (head: string, body = '<p>Bienvenue</p>') =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Accueil</title>${head}</head><body>${body}</body></html>`

type Reply = { type: string; body: string }
// What each fixture site answers, by path; anything else is a 404.
const ROUTES: Record<string, Record<string, Reply>> = {
  [SITES.alpha]: {
    '/': {
      type: 'text/html; charset=utf-8',
      body: html(
        // The comments feed comes first in the page but must not win over the articles' feed.
        `<link rel="alternate" type="application/rss+xml" title="Alpha &raquo; Flux des commentaires" href="/comments/feed/">
         <link rel="alternate" type="application/rss+xml" title="Alpha &raquo; Flux" href="/flux/articles.xml">`,
      ),
    },
    '/flux/articles.xml': {
      type: 'application/rss+xml',
      body: rss('Alpha, le blog du community management', ALPHA_ITEMS),
    },
    '/comments/feed/': { type: 'application/rss+xml', body: rss('Commentaires', []) },
  },
  [SITES.beta]: {
    '/': { type: 'text/html; charset=utf-8', body: html('') },
    '/feed.xml': { type: 'application/xml', body: rss('Beta, cuisine du dimanche', BETA_ITEMS) },
  },
  [SITES.gamma]: {
    '/': { type: 'text/html; charset=utf-8', body: html('', '<p>Pas de flux ici.</p>') },
    // A common path answering HTML is not a feed.
    '/feed': { type: 'text/html', body: html('', '<p>Page introuvable</p>') },
    // Its blog page lists its posts: the site can be followed through it.
    '/blog/': {
      type: 'text/html; charset=utf-8',
      body: html(
        '<meta property="og:site_name" content="Gamma, carnet de community manager">',
        ['animer-un-groupe-facebook', 'repondre-aux-avis-clients', 'calendrier-editorial-2027']
          .map(
            (slug) =>
              `<article><h2><a href="/blog/${slug}/">${slug.replaceAll('-', ' ')} : le guide</a></h2></article>`,
          )
          .join(''),
      ),
    },
  },
  [SITES.delta]: {
    '/': {
      type: 'text/html; charset=utf-8',
      // The announced feed is on a private address: the fetcher must refuse it before any socket.
      body: html(
        '<link rel="alternate" type="application/rss+xml" href="http://10.0.0.1/feed.xml">',
      ),
    },
  },
}

const gammaHome = ROUTES[SITES.gamma]!['/']!
/** Gamma's home page lists its posts (it still has no feed), or not (as at first). */
export function gammaHomeListsPosts(lists: boolean) {
  ROUTES[SITES.gamma]!['/'] = lists ? ROUTES[SITES.gamma]!['/blog/']! : gammaHome
}

/** The fixture sites on one 127.0.0.1 server; `hits` lists `host path` of every request. */
export async function fixtureSites() {
  const hits: string[] = []
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '')
    const path = new URL(req.url ?? '/', 'http://x').pathname
    hits.push(`${host} ${path}`)
    const reply = ROUTES[host]?.[path]
    if (!reply) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('introuvable')
    res.writeHead(200, { 'content-type': reply.type }).end(reply.body)
  }
  const server = await fixtureServer({}, handler)
  const site = (host: string) => `http://${host}:${server.port}/`
  return { hits, port: server.port, site }
}

/** The safe fetcher as production builds it, with .test names resolved to the loopback only. */
export function discoveryDeps(): FeedDiscoveryDeps & { close(): Promise<void> } {
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
  return {
    fetch,
    hostLimiter: createHostLimiter({ perHost: 1, delayMs: 5 }),
    maxPageBytes: 1_000_000,
    maxFeedBytes: 1_000_000,
    now: () => NOW,
    listArticles: ({ html, url }) => findListedArticles(html, url),
    close: () => fetch.close(),
  }
}

/**
 * Followed sources whose articles cite the fixture sites: alpha from 3 sources (4 links), beta
 * from 2 (4 links), gamma from 2 (2), delta from 1 (3); plus platforms, a shortener, a site
 * already followed (under www.) and a site cited once, none of which may be proposed.
 */
export async function seedCitingArticles(database: Database, site: (host: string) => string) {
  const db = database.db
  const sources = [
    { name: 'Le blog de Claire', site: 'https://claire-dupont.fr' },
    { name: 'Agence Pixel', site: 'https://agence-pixel.fr' },
    { name: 'Social Media Today', site: 'https://www.socialmediatoday.com' },
    { name: 'Veille suivie', site: `https://www.${SITES.followed}` },
  ]
  const ids: number[] = []
  for (const s of sources) {
    const [row] = await db
      .insert(feeds)
      .values({
        sectorSlug: SECTOR,
        declaredUrl: `${s.site}/feed`,
        url: `${s.site}/feed`,
        siteUrl: s.site,
        sourceName: s.name,
        kind: 'blog',
        origin: 'manual',
        createdAt: NOW,
      })
      .returning({ id: feeds.id })
    ids.push(row!.id)
  }
  const [claire, pixel, smt] = ids as [number, number, number]
  const a = (path: string, text: string) => `<a href="${path}">${text}</a>`
  const alpha = (p: string) => a(site(SITES.alpha) + p, 'Alpha')
  const beta = (p: string) => a(site(SITES.beta) + p, 'Beta')
  const gamma = (p: string) => a(site(SITES.gamma) + p, 'Gamma')
  const delta = (p: string) => a(site(SITES.delta) + p, 'Delta')
  const yt = (p: string) => a(`https://www.youtube.com/watch?v=${p}`, 'vidéo')
  const pages: [number, string][] = [
    [claire, alpha('ligne-editoriale') + beta('tarte') + yt('a1') + delta('trois')],
    [claire, alpha('moderation') + beta('pain') + yt('a2') + delta('un') + delta('deux')],
    [pixel, alpha('metier') + beta('crumble') + gamma('page') + yt('a3')],
    [pixel, beta('brioche') + yt('a4') + a(`http://${SITES.followed}:1/article`, 'suivi')],
    [
      smt,
      alpha('chiffres') + gamma('autre') + yt('a5') + yt('a6') + a('https://bit.ly/3xYz', 'lien'),
    ],
    [
      smt,
      a('https://cite-une-fois.test/billet', 'une fois') +
        a('https://fr.wikipedia.org/wiki/Veille', 'wiki'),
    ],
    [
      smt,
      a('https://fr.wikipedia.org/wiki/Community_manager', 'wiki') +
        a(`https://${SITES.followed}/b`, 'b'),
    ],
    [claire, a(`https://${SITES.followed}/c`, 'c')],
  ]
  let n = 0
  for (const [feedId, body] of pages) {
    n++
    const url = `https://source-${feedId}.example/articles/${n}`
    const at = new Date(NOW.getTime() - n * DAY)
    await db.insert(articles).values({
      sectorSlug: SECTOR,
      feedId,
      guid: `cite-${n}`,
      url,
      canonicalUrl: url,
      title: `Article ${n}`,
      publishedAt: at,
      firstSeenAt: at,
      updatedAt: at,
      html: `<p>${body}</p>`,
      text: 'texte',
      extractState: 'ok',
    })
  }
}
