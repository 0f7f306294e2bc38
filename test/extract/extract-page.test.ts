import fs from 'node:fs'
import { JSDOM, VirtualConsole } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { extractPage, ExtractError } from '../../src/extract/index.ts'
import { decodeBody } from '../../src/lib/decode.ts'

const fixture = (name: string) =>
  decodeBody(fs.readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url)), null, 'html')
    .text

/** Every way a page could run code, load a frame or call home, as it may appear in output HTML. */
function expectSafe(html: string) {
  expect(html).not.toMatch(/<script|<style|<iframe|<object|<embed|<form|<input|<button|<svg|<math/i)
  expect(html).not.toMatch(/\son\w+\s*=/i)
  expect(html).not.toMatch(/javascript:|vbscript:|data:/i)
  expect(html).not.toMatch(/\sstyle\s*=/i)
  expect(html).not.toMatch(/stats\.wordpress\.com|feedburner|pixel\.wp\.com|beacon|tracking/i)
}

describe('extractPage on a WordPress post in French', () => {
  const url =
    'https://carnet-du-cm.fr/2024/03/moderer-communaute-facebook/?utm_source=rss&utm_medium=rss'

  it('reads the metadata from OpenGraph and meta tags', async () => {
    const r = await extractPage({ html: fixture('wordpress-fr.html'), url })
    expect(r.url).toBe(url)
    expect(r.canonicalUrl).toBe('https://carnet-du-cm.fr/2024/03/moderer-communaute-facebook/')
    expect(r.title).toBe('Modérer une communauté Facebook sans s’épuiser : 7 habitudes')
    expect(r.author).toBe('Camille Martin')
    expect(r.publishedAt).toBe('2024-03-05T07:30:00.000Z')
    expect(r.siteName).toBe('Le Carnet du CM')
    expect(r.image).toBe(
      'https://carnet-du-cm.fr/wp-content/uploads/2024/03/moderation-facebook.jpg',
    )
    expect(r.lang).toBe('fr')
    expect(r.excerpt).toMatch(/^Sept habitudes concrètes/)
    expect(r.source).toBe('readability')
  })

  it('keeps the story and drops share bar, newsletter, related posts and comments', async () => {
    const r = await extractPage({ html: fixture('wordpress-fr.html'), url })
    expect(r.text).toMatch(/^Quand un groupe Facebook dépasse/)
    expect(r.text).toMatch(/absence de son animatrice\.$/)
    expect(r.text).toContain('7. Savoir passer la main')
    for (const junk of [
      'Partager',
      'Twitter',
      'Recevez la lettre',
      'Articles similaires',
      'Julien',
      'Laisser un commentaire',
      'Mots-clés',
      'Texte injecté',
      'Aller au contenu',
    ]) {
      expect(r.text).not.toContain(junk)
      expect(r.html).not.toContain(junk)
    }
    expect(r.wordCount).toBeGreaterThan(380)
    expect(r.wordCount).toBeLessThan(480)
    expect(r.readingMinutes).toBe(2)
  })

  it('promotes the lazy-loaded image and drops the tracking pixels', async () => {
    const r = await extractPage({ html: fixture('wordpress-fr.html'), url })
    expect(r.html).toContain(
      'src="https://carnet-du-cm.fr/wp-content/uploads/2024/03/moderation-facebook-1024x576.jpg"',
    )
    expect(r.html).toContain(
      'alt="Une community manager répond aux commentaires sur son ordinateur portable"',
    )
    expect(r.html).toContain('href="https://carnet-du-cm.fr/2023/11/outils-moderation/"')
    expect(r.html).toMatch(/<a href="[^"]+" rel="noopener noreferrer nofollow" target="_blank">/)
    expectSafe(r.html)
  })
})

describe('extractPage on a page with a JSON-LD @graph', () => {
  const url = 'https://www.northwind-social.com/blog/discord-community-growth'

  it('follows @id links to authors, publisher and image', async () => {
    const r = await extractPage({ html: fixture('jsonld-graph-en.html'), url })
    expect(r.author).toBe('Jenna Morales, Ravi Patel')
    expect(r.publishedAt).toBe('2024-02-14T09:00:00.000Z')
    expect(r.siteName).toBe('Northwind Social')
    expect(r.image).toBe(
      'https://www.northwind-social.com/uploads/2024/02/discord-growth-chart.png',
    )
    expect(r.lang).toBe('en')
    expect(r.title).toBe('How We Grew a Discord Server to 10,000 Members Without Ads')
    // canonical without tracking parameters or fragment
    expect(r.canonicalUrl).toBe('https://www.northwind-social.com/blog/discord-community-growth')
  })

  it('drops the byline line, share bar, inline teaser, author box and related links', async () => {
    const r = await extractPage({ html: fixture('jsonld-graph-en.html'), url })
    expect(r.text).toMatch(/^Two years ago our Discord server/)
    expect(r.text).toMatch(/when things happen\.$/)
    for (const junk of [
      'Share on',
      '6 min read',
      'Read more',
      'leads community at',
      'Related articles',
      'Privacy',
    ]) {
      expect(r.text).not.toContain(junk)
    }
  })
})

describe('extractPage on an OpenGraph-only page without a language', () => {
  it('takes OpenGraph fields and detects the language from the text', async () => {
    const url = 'https://fieldnotes.example.org/posts/linkedin-formats?ref=feed&utm_campaign=q1'
    const r = await extractPage({ html: fixture('og-only-en.html'), url })
    expect(r.title).toBe('Five LinkedIn post formats that still get reach')
    expect(r.siteName).toBe('Field Notes')
    expect(r.image).toBe('https://fieldnotes.example.org/images/linkedin-formats.png')
    expect(r.canonicalUrl).toBe('https://fieldnotes.example.org/posts/linkedin-formats')
    expect(r.lang).toBe('en')
    expect(r.author).toBeNull()
    expect(r.publishedAt).toBeNull()
  })

  it('falls back on the feed for author and date', async () => {
    const url = 'https://fieldnotes.example.org/posts/linkedin-formats'
    const feed = {
      author: 'By Dana Whitfield',
      publishedAt: new Date('2024-04-02T07:00:00Z'),
      title: 'Feed title',
    }
    const r = await extractPage({ html: fixture('og-only-en.html'), url, feed })
    expect(r.author).toBe('Dana Whitfield')
    expect(r.publishedAt).toBe('2024-04-02T07:00:00.000Z')
    expect(r.title).toBe('Five LinkedIn post formats that still get reach')
  })

  it('ignores an og:url on another site', async () => {
    const html = fixture('og-only-en.html').replace(
      'https://fieldnotes.example.org/posts/linkedin-formats',
      'https://aggregator.example.net/copy/123',
    )
    const url = 'https://fieldnotes.example.org/posts/linkedin-formats?utm_source=x'
    const r = await extractPage({ html, url })
    expect(r.canonicalUrl).toBe('https://fieldnotes.example.org/posts/linkedin-formats')
  })
})

describe('extractPage on a windows-1252 page declaring French only in a meta tag', () => {
  it('reads accents, the language, the DC date and a cleaned author', async () => {
    const url = 'http://reseaux-et-cie.example.fr/budget-2024.html'
    const r = await extractPage({ html: fixture('meta-lang-fr-cp1252.html'), url })
    expect(r.lang).toBe('fr')
    expect(r.author).toBe('Élodie Rousseau')
    expect(r.publishedAt).toBe('2024-01-22T00:00:00.000Z')
    expect(r.text).toContain('près de 6 000 € par an')
    expect(r.text).toContain('« faire de la visibilité »')
    expect(r.text).not.toContain('22 janvier 2024')
    expect(r.excerpt).toMatch(/^C’est la question/)
  })
})

describe('extractPage on hostile HTML', () => {
  const url = 'https://crisis.example.com/blog/playbook'

  it('is a page that makes plain jsdom throw', () => {
    expect(
      () => new JSDOM(fixture('hostile-en.html'), { url, virtualConsole: new VirtualConsole() }),
    ).toThrow()
  })

  it('extracts the story and lets nothing dangerous through', async () => {
    const r = await extractPage({ html: fixture('hostile-en.html'), url })
    expect(r.text).toMatch(/^Social media crises rarely announce themselves/)
    expect(r.text).toContain('in the middle of a storm.')
    expectSafe(r.html)
    expect(r.html).toContain(
      '<img src="https://cdn.example.com/img/war-room.jpg" alt="A team in a war room">',
    )
    expect(r.html).toContain('href="https://crisis.example.com/template"')
    expect(r.html).not.toContain('evil.example.net')
    expect(r.html).not.toMatch(/<img[^>]*src="https:\/\/(ads|feeds)\./)
  })
})

describe('extractPage fallbacks', () => {
  const teaser = (body: string) => `<!doctype html><html lang="en"><head><title>Teaser</title>
    <script type="application/ld+json">${JSON.stringify([
      { '@type': 'BreadcrumbList', itemListElement: [] },
      {
        '@type': 'NewsArticle',
        headline: 'Full story',
        author: 'Lee Chen',
        datePublished: '2024-05-01T10:00:00Z',
        articleBody: body,
        inLanguage: 'en',
      },
    ])}</script></head><body><article><p>A teaser paragraph for subscribers only, with barely enough words to be noticed by anyone reading.</p></article></body></html>`

  it('uses the JSON-LD articleBody when Readability finds much less', async () => {
    const body =
      'Community teams that publish a monthly report keep their budget. '.repeat(30) +
      '\n\nSecond paragraph <b>here</b>.'
    const r = await extractPage({ html: teaser(body), url: 'https://news.example.com/a' })
    expect(r.source).toBe('json-ld')
    expect(r.text).toBe(body.trim())
    expect(r.html).toContain('<p>Second paragraph &lt;b&gt;here&lt;/b&gt;.</p>')
    expect(r.author).toBe('Lee Chen')
    expect(r.title).toBe('Full story')
  })

  it('throws not_an_article for a page with no text and no feed content', async () => {
    const html = '<html><body><nav><a href="/">Home</a></nav></body></html>'
    const err = await extractPage({ html, url: 'https://news.example.com/empty' }).catch((e) => e)
    expect(err).toBeInstanceOf(ExtractError)
    expect(err.code).toBe('not_an_article')
    expect(err.message).toContain('https://news.example.com/empty')
  })

  it('falls back on the feed content when the page has no article', async () => {
    const html = '<html><body><nav><a href="/">Home</a></nav></body></html>'
    const feed = {
      title: 'From the feed',
      contentHtml:
        '<p>Le contenu complet publié dans le flux RSS, avec assez de mots pour que la langue soit reconnue sans hésiter.</p>',
    }
    const r = await extractPage({ html, url: 'https://news.example.com/feed-only', feed })
    expect(r.source).toBe('feed')
    expect(r.title).toBe('From the feed')
    expect(r.lang).toBe('fr')
  })

  it('rejects an invalid URL with extract_failed', async () => {
    const err = await extractPage({ html: '<p>x</p>', url: 'not a url' }).catch((e) => e)
    expect(err).toBeInstanceOf(ExtractError)
    expect(err.code).toBe('extract_failed')
  })
})

describe('extractPage on pages that follow one another', () => {
  const paragraph =
    '<p>Une communauté se construit jour après jour, avec des réponses rapides et un ton constant sur chaque réseau.</p>'
  const story = (extra: string) =>
    `<!doctype html><html lang="fr"><head><title>Billet</title>${extra}</head><body><article>` +
    '<h1>Billet</h1>' +
    paragraph.repeat(3) +
    '<figure><img src="images/visuel.jpg" width="800" height="400" alt="Visuel"></figure>' +
    '<p>Nous en parlions dans <a href="../suite/">notre billet précédent</a> sur la modération des commentaires.</p>' +
    paragraph.repeat(3) +
    '</article></body></html>'

  it('resolves each page’s relative links against that page’s own URL', async () => {
    const first = await extractPage({
      html: story(''),
      url: 'https://premier.example/blog/billet-1/',
    })
    const second = await extractPage({
      html: story(''),
      url: 'https://second.example/actu/billet-2/',
    })
    expect(first.html).toContain('src="https://premier.example/blog/billet-1/images/visuel.jpg"')
    expect(first.html).toContain('href="https://premier.example/blog/suite/"')
    expect(second.html).toContain('src="https://second.example/actu/billet-2/images/visuel.jpg"')
    expect(second.html).toContain('href="https://second.example/actu/suite/"')
    expect(second.image).toBe('https://second.example/actu/billet-2/images/visuel.jpg')
  })

  it('honours the page’s own <base href>, relative ones included', async () => {
    const r = await extractPage({
      html: story('<base href="/medias/">'),
      url: 'https://troisieme.example/blog/billet-3/',
    })
    expect(r.html).toContain('src="https://troisieme.example/medias/images/visuel.jpg"')
  })

  it('gives the same result for a page whether it comes first or after many others', async () => {
    const url = 'https://carnet-du-cm.fr/2024/03/moderer-communaute-facebook/'
    const alone = await extractPage({ html: fixture('wordpress-fr.html'), url })
    for (let i = 0; i < 60; i++) {
      await extractPage({
        html: story(`<meta name="n" content="${i}">`),
        url: `https://x${i}.example/p/`,
      })
    }
    const later = await extractPage({ html: fixture('wordpress-fr.html'), url })
    expect(later).toEqual(alone)
  })
})
