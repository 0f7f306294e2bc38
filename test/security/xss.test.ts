import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { extractFromFeed, extractPage, type Extracted } from '../../src/extract/index.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import {
  addFeeds,
  insertArticleStatement,
  listFeeds,
  setSectorPublic,
  type Database,
} from '../../src/store/index.ts'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { testApp } from '../helpers/app.ts'

// Classic XSS payloads: script tags, event handlers, javascript: URLs, SVG and MathML tricks,
// attribute and element breakouts, encoded variants. Each is stored as a title, an author, an
// excerpt, article HTML (through the real sanitiser), a source name and an annotation.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//xss.invalid/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">clic</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">lien</a>',
  '<a href="JaVaScRiPt:alert(1)">lien</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">lien</a>',
  '<a href="java&#x09;script:alert(1)">lien</a>',
  '"><script>alert(1)</script>',
  "' onmouseover='alert(1)' x='",
  '" autofocus onfocus="alert(1)',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  '<details open ontoggle=alert(1)>',
  '<form><button formaction="javascript:alert(1)">ok</button></form>',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<div style="background:url(javascript:alert(1))">fond</div>',
]

const NOW = new Date('2026-11-18T10:00:00Z')
const SECTOR = 'community-management'
const SOURCES = 12

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
const marker = (i: number) => `Piège ${i + 1}`
const PARAGRAPHS = [
  'Le community manager prépare son calendrier éditorial pour LinkedIn et Instagram, avec des carrousels et des vidéos courtes.',
  'La modération des commentaires reste le nerf de la guerre : répondre vite, sans supprimer les critiques, en suivant la charte.',
]

/** An article page as a site would serve it, the payload in its metadata and in its body. */
function page(i: number, payload: string) {
  return `<!doctype html><html lang="fr"><head>
<title>${text(marker(i))} ${text(payload)}</title>
<meta property="og:title" content="${attr(`${marker(i)} ${payload}`)}">
<meta name="author" content="${attr(payload)}">
<meta name="description" content="${attr(`Résumé piégé : ${payload} et la suite du résumé.`)}">
</head><body><article><h1>${text(marker(i))}</h1>
<p>${PARAGRAPHS[0]}</p>${payload}<p>${PARAGRAPHS[1]} ${payload}</p></article></body></html>`
}

/** Extracts each payload's article as the crawler does: the page when it can, else the feed item. */
async function extractAll(): Promise<Extracted[]> {
  return Promise.all(
    PAYLOADS.map((p, i) => {
      const url = `https://piege.example/articles/${i + 1}`
      const feed = {
        title: `${marker(i)} ${p}`,
        author: p,
        summary: `Résumé piégé : ${p} et la suite du résumé.`,
        contentHtml: `<p>${PARAGRAPHS[0]}</p>${p}<p>${PARAGRAPHS[1]}</p>`,
        publishedAt: NOW,
      }
      return i % 2 ? extractFromFeed({ url, feed }) : extractPage({ html: page(i, p), url, feed })
    }),
  )
}

async function seed(database: Database) {
  const db = database.db
  // Source names carrying payloads, as an OPML import would store them.
  const sources = Array.from({ length: SOURCES }, (_, k) => ({
    url: `https://source-${k}.example/feed.xml`,
    title: `Source ${k} ${PAYLOADS[k % PAYLOADS.length]}`,
    siteUrl: null,
  }))
  await addFeeds(db, SECTOR, sources, 'opml', NOW)
  const feeds = (await listFeeds(db, SECTOR)).filter((f) => f.url.includes('source-'))
  const extracted = await extractAll()
  for (const [i, e] of extracted.entries()) {
    const publishedAt = new Date(NOW.getTime() - (i + 1) * 1_800_000)
    await insertArticleStatement(db, {
      sectorSlug: SECTOR,
      feedId: feeds[i % feeds.length]!.id,
      guid: `piege-${i}`,
      url: e.url,
      canonicalUrl: e.canonicalUrl,
      // The feed item's own title and author win over the page's, as in completePending.
      title: `${marker(i)} ${PAYLOADS[i]}`,
      author: PAYLOADS[i],
      publishedAt,
      firstSeenAt: publishedAt,
      updatedAt: publishedAt,
      siteName: e.siteName,
      image: e.image,
      lang: 'fr',
      excerpt: e.excerpt,
      wordCount: e.wordCount,
      readingMinutes: e.readingMinutes,
      html: e.html,
      text: e.text,
      feedHtml: `<p>${PARAGRAPHS[0]}</p>${PAYLOADS[i]}`,
      extractState: e.source === 'feed' ? 'feed_only' : 'ok',
    })
  }
}

async function setup() {
  const t = await testApp({ role: 'curator', clock: fixedClock(NOW), seed })
  await t.deps.scoring.rescoreSector(SECTOR)
  const ids = (await (await t.request(`/api/articles?sector=${SECTOR}&limit=500`)).json()).articles
    .map((a: { id: number }) => a.id)
    .sort((a: number, b: number) => a - b) as number[]
  expect(ids).toHaveLength(PAYLOADS.length)
  // Annotations through the API, payloads in the note, the tags and the public commentary.
  for (const [i, id] of ids.entries()) {
    const p = PAYLOADS[i]!
    const res = await t.request(`/api/articles/${id}/annotation`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        note: `Note ${p}`,
        tags: [p, `tag ${i} ${p}`],
        commentary: `Commentaire ${p}`,
        baseVersion: 0,
      }),
    })
    expect(res.status).toBe(200)
  }
  await t.reindex()
  await recomputeDirectory({ db: t.db.db, clock: t.deps.clock, log: t.deps.log }, SECTOR)
  return { t, ids }
}

const URL_ATTRS = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'srcdoc',
  'ping',
])
const FORBIDDEN = [
  'iframe',
  'object',
  'embed',
  'frame',
  'frameset',
  'base',
  'applet',
  'meta[http-equiv]',
]

/** Everything in a page that a browser would run or that could load a script; [] when clean. */
function liveMarkup(html: string): string[] {
  // Parsed as a browser with scripting on parses it (<noscript> is raw text then); nothing runs, as
  // 'outside-only' only runs code the test itself evaluates.
  const doc = new JSDOM(html, { runScripts: 'outside-only' }).window.document
  const found: string[] = []
  for (const s of doc.querySelectorAll('script')) {
    if (s.getAttribute('src') !== '/static/app.js' || s.textContent!.trim())
      found.push(`script: ${s.outerHTML.slice(0, 100)}`)
  }
  for (const el of doc.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`${el.localName}[${a.name}]`)
      // Browsers ignore tabs, newlines and leading control characters in a URL's scheme.
      const value = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase()
      if (
        URL_ATTRS.has(a.name.toLowerCase()) &&
        /^(javascript|vbscript|data:text\/html)/.test(value)
      )
        found.push(`${el.localName}[${a.name}=${a.value.slice(0, 60)}]`)
    }
  }
  for (const sel of FORBIDDEN)
    for (const el of doc.querySelectorAll(sel)) found.push(`<${el.localName}>`)
  return found
}

/** The page's text, to check the payloads were shown (as text) rather than dropped. */
const textOf = (html: string) => new JSDOM(html).window.document.body?.textContent ?? ''

function expectCsp(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? ''
  expect(csp).toContain("script-src 'self'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
}

async function getPage(t: Awaited<ReturnType<typeof setup>>['t'], path: string) {
  const res = await t.request(path, { headers: { accept: 'text/html' } })
  expect(res.status, `${path} answered ${res.status}`).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/html')
  expectCsp(res)
  return res.text()
}

// Each test seeds and extracts the whole corpus (a few seconds).
describe(
  'XSS payloads in titles, authors, content, source names and annotations',
  { timeout: 30_000 },
  () => {
    it('the checker itself flags each payload pasted raw into a page (it is not vacuous)', () => {
      // Inert when parsed once: they matter if decoded twice, in very old browsers, or (the MathML one)
      // after a sanitiser's parse-serialise round trip, which the stored-HTML test covers.
      const inert = new Set([
        '&lt;script&gt;alert(1)&lt;/script&gt;',
        '<div style="background:url(javascript:alert(1))">fond</div>',
        '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
      ])
      const contexts = (p: string) => [
        `<body>${p}`,
        `<body><input value="${p}">`,
        `<body><input value='${p}'>`,
        `<body><textarea>${p}</textarea>`,
        `<head><title>${p}</title></head>`,
      ]
      for (const p of PAYLOADS.filter((p) => !inert.has(p)))
        expect(
          contexts(p).some((html) => liveMarkup(html).length > 0),
          p,
        ).toBe(true)
    })

    it('the sanitiser leaves no live markup in the stored article HTML (JSON API)', async () => {
      const { t, ids } = await setup()
      for (const id of ids) {
        const article = await (await t.request(`/api/articles/${id}`)).json()
        expect(liveMarkup(`<!doctype html><body>${article.html}`), `article ${id}`).toEqual([])
        // The payloads stay data: exactly as stored, escaped by JSON, never interpreted.
        expect(article.annotation.note).toMatch(/^Note /)
      }
    })

    const pages: [string, (ids: number[]) => string[], RegExp][] = [
      ['/queue', () => [`/queue?sector=${SECTOR}`], /Piège \d+/],
      ['/articles/:id', (ids) => ids.map((id) => `/articles/${id}`), /Piège \d+/],
      [
        '/search',
        () => [
          `/search?q=${encodeURIComponent('piège')}&sector=${SECTOR}`,
          `/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`,
        ],
        /Piège \d+/,
      ],
      ['/shortlist', () => [`/shortlist?sector=${SECTOR}&date=2026-11-18`], /Piège \d+/],
      ['/sources', () => [`/sources?sector=${SECTOR}`], /Source \d+/],
      [
        '/articles/:id/reshare',
        (ids) => ids.slice(0, 6).map((id) => `/articles/${id}/reshare`),
        /Commentaire /,
      ],
      ['/directory', () => [`/directory?sector=${SECTOR}`], /Source \d+/],
    ]

    it.each(pages)(
      '%s shows the payloads as text, never as markup, under the CSP',
      async (_name, paths, shown) => {
        const { t, ids } = await setup()
        for (const [n, path] of paths(ids).entries()) {
          const html = await getPage(t, path)
          expect(liveMarkup(html), path).toEqual([])
          if (n === 0) expect(textOf(html), path).toMatch(shown)
        }
      },
    )

    it('the reader shows the annotation payloads as text inside the form fields', async () => {
      const { t, ids } = await setup()
      const i = PAYLOADS.indexOf('</textarea><script>alert(1)</script>')
      const html = await getPage(t, `/articles/${ids[i]}`)
      const doc = new JSDOM(html).window.document
      const fields = [...doc.querySelectorAll('textarea, input')].map(
        (f) => (f as HTMLTextAreaElement).value,
      )
      expect(fields).toContain(`Note ${PAYLOADS[i]}`)
      expect(doc.body.textContent).toContain(`${marker(i)} ${PAYLOADS[i]}`)
    })
  },
)

describe('XSS payloads in the fields an account writes: user names and token names', () => {
  it(
    'the users and tokens pages show them as text, never as markup',
    { timeout: 60_000 },
    async () => {
      const t = await testApp({ role: 'admin', clock: fixedClock(NOW) })
      for (const [i, p] of PAYLOADS.entries()) {
        const user = await t.request('/admin/users', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            email: `piege${i}@vigie.test`,
            name: `${marker(i)} ${p}`,
            role: 'viewer',
          }),
        })
        expect(user.status, p).toBe(201)
        const token = await t.request('/account/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ name: `${i} ${p}`.slice(0, 100) }),
        })
        expect(token.status, p).toBe(201)
      }
      for (const path of ['/admin/users', '/account/tokens', '/dashboard', '/crawl']) {
        const html = await getPage(t, path)
        expect(liveMarkup(html), path).toEqual([])
      }
      expect(textOf(await getPage(t, '/admin/users'))).toContain(`${marker(3)} ${PAYLOADS[3]}`)
    },
  )
})

describe('XSS payloads on the public page and in its feeds', () => {
  it(
    'the picks, their commentary and their sources stay text, in the page and in content_html',
    { timeout: 60_000 },
    async () => {
      const { t, ids } = await setup()
      for (const id of ids)
        await t.request(`/api/articles/${id}/decision`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'approve' }),
        })
      await setSectorPublic(t.db.db, SECTOR, true)
      for (const page of [1, 2]) {
        const res = await t.app.request(`/p/${SECTOR}?page=${page}`)
        expect(res.status).toBe(200)
        expectCsp(res)
        const html = await res.text()
        expect(liveMarkup(html), `page ${page}`).toEqual([])
        if (page === 1) expect(textOf(html)).toMatch(/Commentaire /)
      }
      const feed = JSON.parse(await (await t.app.request(`/p/${SECTOR}/feed.json`)).text())
      expect(feed.items.length).toBe(PAYLOADS.length)
      for (const item of feed.items)
        expect(liveMarkup(`<!doctype html><body>${item.content_html}`), item.id).toEqual([])
    },
  )
})
