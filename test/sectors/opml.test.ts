import { readFileSync } from 'node:fs'
import path from 'node:path'
import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { buildOpml, parseOpml, type OpmlOutline } from '../../src/sectors/index.ts'

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../fixtures/opml', name), 'utf8')

const feed = (
  title: string,
  xmlUrl: string,
  htmlUrl: string | null,
  category: string | null,
): OpmlOutline => ({ title, xmlUrl, htmlUrl, category })

const invalid = (xml: string) => {
  try {
    parseOpml(xml)
  } catch (err) {
    return err as { code: string; message: string }
  }
  throw new Error('parseOpml accepted the document')
}

describe('parseOpml on real exporters', () => {
  it('reads a Feedly export: folders become categories, a feed in two folders is kept once', () => {
    const { title, outlines } = parseOpml(fixture('feedly.opml'))
    expect(title).toBe('Camille subscriptions in feedly Cloud')
    expect(outlines).toEqual([
      feed(
        'Blog du Modérateur',
        'https://www.blogdumoderateur.com/feed/',
        'https://www.blogdumoderateur.com',
        'Réseaux sociaux',
      ),
      feed(
        'Social Media Today',
        'https://www.socialmediatoday.com/feeds/news/',
        'https://www.socialmediatoday.com',
        'Réseaux sociaux',
      ),
      feed('CB News', 'https://www.cbnews.fr/rss.xml', 'https://www.cbnews.fr', 'Marketing & com'),
    ])
  })

  it('reads an Inoreader export, including a feed outside any folder', () => {
    const { title, outlines } = parseOpml(fixture('inoreader.opml'))
    expect(title).toBe('Subscriptions of Camille from Inoreader [https://www.inoreader.com]')
    expect(outlines.map((o) => [o.title, o.category])).toEqual([
      ['Journal du CM', 'Veille CM'],
      ['Fred Cavazza', 'Veille CM'],
      ['Influencer Marketing Hub', 'Influence'],
      ['Korben', null],
    ])
  })

  it('reads a Miniflux export with numeric character references', () => {
    const { outlines } = parseOpml(fixture('miniflux.opml'))
    expect(outlines.map((o) => o.title)).toEqual([
      "Webmarketing & co'm",
      'Le "Journal" du CM',
      'Buffer Resources',
    ])
    expect(outlines.map((o) => o.category)).toEqual(['All', 'All', 'Anglophones'])
    expect(outlines[2].htmlUrl).toBe('https://buffer.com/resources/')
  })

  it('flattens NewsBlur nested folders, using the nearest folder as category', () => {
    const { outlines } = parseOpml(fixture('newsblur.opml'))
    expect(outlines.map((o) => [o.title, o.category])).toEqual([
      ['Sprout Social Insights', 'Social media'],
      ['Meta Newsroom', 'Plateformes'],
      ['Presse-citron', null],
    ])
  })

  it('copes with an old OPML 1.0: odd attribute case, text only, feed://, category=', () => {
    const { title, outlines } = parseOpml(fixture('legacy-opml1.opml'))
    expect(title).toBe('Mes abonnements')
    expect(outlines).toEqual([
      feed('Siècle Digital', 'https://siecledigital.fr/feed/', null, 'Veille'),
      feed(
        'Tom & Jerry édition',
        'https://tom-jerry.example/rss',
        'https://tom-jerry.example/',
        'Veille',
      ),
      feed('Podcast en feed://', 'http://podcast.example/rss.xml', null, 'Veille'),
      feed(
        'Sans dossier',
        'https://sans-dossier.example/atom.xml',
        null,
        'Marketing/Réseaux sociaux',
      ),
      feed('sans-titre.example', 'https://sans-titre.example/feed', null, null),
    ])
  })

  it('accepts a byte order mark and raw ampersands that some exporters leave unescaped', () => {
    expect(parseOpml(fixture('bom.opml')).outlines).toHaveLength(1)
    const raw =
      '<opml version="1.0"><body>' +
      '<outline text="Tom & Jerry" xmlUrl="https://a.example/f?x=1&y=2"/>' +
      '</body></opml>'
    expect(parseOpml(raw).outlines[0]).toMatchObject({
      title: 'Tom & Jerry',
      xmlUrl: 'https://a.example/f?x=1&y=2',
    })
  })
})

describe('parseOpml on documents that are not usable OPML', () => {
  it.each([
    ['rss-not-opml.xml', /RSS feed, not an OPML file/],
    ['html-page.html', /HTML page, not an OPML file/],
    ['truncated.opml', /truncated/],
  ])('%s is refused with a clear message', (name, message) => {
    const err = invalid(fixture(name))
    expect(err.code).toBe('opml_invalid')
    expect(err.message).toMatch(message)
  })

  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    ['{"feeds": []}', /no <opml> element/],
    ['<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', /Atom feed/],
    ['<svg xmlns="http://www.w3.org/2000/svg"/>', /root element is <svg>, expected <opml>/],
  ])('%j is refused', (xml, message) => {
    expect(invalid(xml)).toMatchObject({
      code: 'opml_invalid',
      message: expect.stringMatching(message),
    })
  })

  it('refuses a billion-laughs document at once instead of expanding it', () => {
    const started = performance.now()
    const err = invalid(fixture('billion-laughs.opml'))
    expect(err.message).toMatch(/declares XML entities: refused/)
    expect(performance.now() - started).toBeLessThan(200)
  })

  it('refuses external entities (XXE)', () => {
    const err = invalid(fixture('external-entity.opml'))
    expect(err.message).toMatch(/declares XML entities: refused/)
  })

  it('leaves references to undeclared entities as text, never expanded', () => {
    const xml =
      '<opml><head><title>&lol9;</title></head>' +
      '<body><outline text="&lol9;" xmlUrl="https://a.example/"/></body></opml>'
    const { title, outlines } = parseOpml(xml)
    expect(title).toBe('&lol9;')
    expect(outlines[0].title).toBe('&lol9;')
  })

  it('handles very deep nesting without recursion', () => {
    const depth = 20_000
    const leaf = '<outline text="f" xmlUrl="https://deep.example/"/>'
    const nested = `${'<outline text="d">'.repeat(depth)}${leaf}${'</outline>'.repeat(depth)}`
    const xml = `<opml><body>${nested}</body></opml>`
    expect(parseOpml(xml).outlines).toEqual([feed('f', 'https://deep.example/', null, 'd')])
  })
})

describe('buildOpml', () => {
  const outlines: OpmlOutline[] = [
    feed(
      'Blog du Modérateur',
      'https://www.blogdumoderateur.com/feed/',
      'https://www.blogdumoderateur.com/',
      'Médias',
    ),
    feed('Korben', 'https://korben.info/feed', null, null),
    feed('Webmarketing & co\'m <"test">', 'https://a.example/rss?x=1&y=2', null, 'Médias'),
    feed('Social Media Today 🚀', 'https://www.socialmediatoday.com/feeds/news/', null, 'English'),
  ]
  const dateCreated = new Date('2025-03-04T05:06:07Z')
  const xml = buildOpml({ title: 'Vigie – CM & social', outlines, dateCreated })

  it('writes well-formed OPML 2.0 that a strict XML parser accepts', () => {
    const doc = new JSDOM(xml, { contentType: 'text/xml' }).window.document
    const opml = doc.documentElement
    expect(opml.tagName).toBe('opml')
    expect(opml.getAttribute('version')).toBe('2.0')
    expect(doc.querySelector('head > title')?.textContent).toBe('Vigie – CM & social')
    const created = doc.querySelector('head > dateCreated')?.textContent
    expect(created).toBe('Tue, 04 Mar 2025 05:06:07 GMT')
    const feeds = [...doc.querySelectorAll('outline[xmlUrl]')]
    expect(feeds).toHaveLength(4)
    for (const feed of feeds) {
      expect(feed.getAttribute('type')).toBe('rss')
      expect(feed.getAttribute('text')).toBe(feed.getAttribute('title'))
    }
    const folder = doc.querySelector('body > outline:not([xmlUrl])')!
    expect(folder.getAttribute('text')).toBe('Médias')
    expect(folder.children).toHaveLength(2)
  })

  it('round-trips: parseOpml(buildOpml(x)) gives the same outlines', () => {
    const back = parseOpml(xml)
    expect(back.title).toBe('Vigie – CM & social')
    // Feeds of one category are grouped into its folder, placed where the category first appears.
    expect(back.outlines).toEqual([outlines[0], outlines[2], outlines[1], outlines[3]])
  })

  it('round-trips an export read from another reader', () => {
    const first = parseOpml(fixture('newsblur.opml'))
    const again = parseOpml(buildOpml({ title: first.title ?? '', outlines: first.outlines }))
    expect(again.outlines).toEqual(first.outlines)
  })

  it('drops characters XML cannot carry instead of writing a broken file', () => {
    const built = buildOpml({
      title: 'bell\u0007',
      outlines: [feed('tab\tand\nline', 'https://a.example/', null, null)],
    })
    expect(() => new JSDOM(built, { contentType: 'text/xml' })).not.toThrow()
    expect(parseOpml(built).title).toBe('bell')
  })
})
