import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  FeedParseError,
  parseFeed,
  parseFeedFile,
  type FeedEntry,
} from '../../src/crawl/parse-feed.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'

const dir = join(import.meta.dirname, '../fixtures/feeds')
const fixture = (name: string) => join(dir, name)
const now = new Date('2024-06-01T00:00:00Z')
const parseFile = (name: string, url = 'https://feeds.example.test/feed') =>
  parseFeedFile(fixture(name), { url, now })
const parse = (text: string, url = 'https://feeds.example.test/feed') =>
  parseFeed(text, { url, now })

type Expected = Partial<Omit<FeedEntry, 'publishedAt' | 'updatedAt'>> & {
  publishedAt?: string | null
}

function expectEntries(entries: FeedEntry[], expected: Expected[]) {
  expect(entries).toHaveLength(expected.length)
  expected.forEach((want, i) => {
    const { publishedAt, ...rest } = want
    expect(entries[i]).toMatchObject(rest)
    if (publishedAt !== undefined)
      expect(entries[i].publishedAt?.toISOString() ?? null).toBe(publishedAt)
  })
}

describe('parseFeedFile on valid fixtures', () => {
  it('reads French RSS 2.0 with content:encoded, dc:creator and a French date', async () => {
    const feed = await parseFile('rss2-fr-content.xml')
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Le Carnet du Community Manager',
      siteUrl: 'https://carnet-cm.example.fr/',
      language: 'fr-FR',
    })
    expectEntries(feed.entries, [
      {
        guid: 'https://carnet-cm.example.fr/?p=1204',
        link: 'https://carnet-cm.example.fr/2024/03/moderation-fil-commentaires/',
        title: 'Modération : 5 règles pour apaiser un fil de commentaires qui s’enflamme',
        author: 'Camille Dubois',
        publishedAt: '2024-03-05T08:30:00.000Z',
        categories: ['Modération', 'Community management'],
        summary:
          'Un commentaire agressif, trois réponses indignées, et le fil déraille. Voici comment reprendre la main sans censurer.',
      },
      {
        guid: 'https://carnet-cm.example.fr/?p=1187',
        // a relative link resolves against the channel link
        link: 'https://carnet-cm.example.fr/2024/03/calendrier-editorial-avril/',
        publishedAt: '2024-02-27T13:00:00.000Z',
        summary: 'Un tableau simple pour caler vos publications & vos temps forts du mois.',
        contentHtml: null,
      },
    ])
    expect(feed.entries[0].contentHtml).toContain('<h2>Répondre vite, mais pas à chaud</h2>')
    expect(feed.entries[0].contentHtml).toContain('<strong>factuelle</strong>')
  })

  it('reads Atom with xml:base, rel=alternate among other links, inherited and multiple authors', async () => {
    const feed = await parseFile('atom-xml-base.xml')
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'The Social Playbook',
      siteUrl: 'https://social-playbook.example.com/blog/',
      description: 'Notes on community-led growth',
      language: 'en',
    })
    expectEntries(feed.entries, [
      {
        guid: 'tag:social-playbook.example.com,2024:post-311',
        link: 'https://social-playbook.example.com/blog/posts/discord-10k',
        title: 'How we grew a Discord server to 10k members without ads',
        author: 'Priya Natarajan',
        publishedAt: '2024-03-04T14:00:00.000Z',
        categories: ['community', 'discord'],
        summary:
          'Onboarding channels, weekly AMAs and a moderator ladder did more than any paid campaign.',
      },
      {
        link: 'https://social-playbook.example.com/guests/ugc-campaigns',
        title: 'Guest post: UGC campaigns that respect creators',
        author: 'Marco Bellini, Ana Souza',
        publishedAt: '2024-02-20T08:00:00.000Z', // only <updated>: used as the publication date
        contentHtml: '<p>Ask first, credit always, pay when you can.</p>',
      },
    ])
    expect(feed.entries[0].updatedAt?.toISOString()).toBe('2024-03-04T16:20:00.000Z')
    // inline XHTML keeps its order
    expect(feed.entries[0].contentHtml).toMatch(
      /<p>First, the onboarding channel\.<\/p><ul><li>Rules<\/li>.*<p>Then the weekly AMA\.<\/p>/,
    )
  })

  it('reads RSS 1.0 (RDF) with dc:date and rdf:about', async () => {
    const feed = await parseFile('rdf-dc-date.xml')
    expect(feed).toMatchObject({ format: 'rdf', title: 'Veille Social Media', language: 'fr' })
    expectEntries(feed.entries, [
      {
        guid: 'https://veille-social.example.org/2024/03/04/influence-locale',
        link: 'https://veille-social.example.org/2024/03/04/influence-locale',
        title: "Micro-influence locale : les commerçants s'y mettent",
        author: 'Léa Martin',
        publishedAt: '2024-03-04T06:45:00.000Z',
        categories: ['Influence'],
      },
      {
        // no <link>: rdf:about is the item's URL
        link: 'https://veille-social.example.org/2024/03/01/linkedin-carrousels',
        title: 'Les carrousels LinkedIn perdent-ils en portée ?',
        author: null,
        publishedAt: '2024-03-01T00:00:00.000Z',
      },
    ])
  })

  it('reads JSON Feed 1.1 with authors, a 1.0 author, relative url, content_text and junk items', async () => {
    const feed = await parseFile('json-feed-1.1.json')
    expect(feed).toMatchObject({
      format: 'json',
      title: 'Creator Economy Weekly',
      siteUrl: 'https://creator-weekly.example.net/',
      language: 'en-GB',
    })
    expectEntries(feed.entries, [
      {
        guid: '2024-10',
        link: 'https://creator-weekly.example.net/issues/2024-10',
        author: 'Jordan Lee, Sam Okafor',
        publishedAt: '2024-03-05T08:00:00.000Z',
        summary: 'Threads API, Bluesky starter packs, and a checklist for <brand> accounts.',
        contentHtml: '<p>Scheduling tools can now post to Threads directly.</p>',
        categories: ['threads', 'scheduling'],
      },
      {
        guid: '9',
        link: 'https://creator-weekly.example.net/issues/2024-09',
        author: 'Jordan Lee',
        publishedAt: null,
        summary: 'Plain text only this week. See you next Tuesday.',
      },
      {
        guid: 'https://elsewhere.example.org/report',
        link: 'https://elsewhere.example.org/report',
        title: '',
        author: 'The Creator Weekly desk',
      },
    ])
  })

  it('decodes an ISO-8859-1 file declared only in its XML prolog', async () => {
    expect(readFileSync(fixture('rss-latin1-fr.xml')).includes(Buffer.from('é', 'utf8'))).toBe(
      false,
    )
    const feed = await parseFile('rss-latin1-fr.xml')
    expect(feed.title).toBe("Stratégie réseaux sociaux : le blog de l'agence")
    expectEntries(feed.entries, [
      {
        title: 'Créer une ligne éditoriale cohérente sur Instagram',
        author: 'Élodie Ferrand',
        publishedAt: '2024-03-04T08:00:00.000Z',
      },
    ])
    expect(feed.entries[0].summary).toContain('Où commencer ? Ça dépend')
  })

  it('retries leniently when an unescaped & or an HTML entity breaks strict XML', async () => {
    const feed = await parseFile('rss-unescaped-amp.xml')
    expect(feed.title).toBe('Growth & Community Digest')
    expectEntries(feed.entries, [
      {
        guid: 'https://growth-digest.example.com/post?id=42',
        link: 'https://growth-digest.example.com/post?id=42&ref=rss',
        title: 'Q&A: building a brand voice on TikTok été edition',
        publishedAt: '2024-03-01T22:00:00.000Z',
      },
    ])
  })

  it('copes with odd shapes: guid attributes, several creators, no title, no guid nor link', async () => {
    const feed = await parseFile('rss-weird-shapes.xml')
    expect(feed.title).toBe('Brand & Buzz weekly')
    expectEntries(feed.entries, [
      {
        guid: 'https://brand-buzz.example.com/p/employee-advocacy',
        link: 'https://brand-buzz.example.com/p/employee-advocacy', // permalink guid
        author: 'Nadia Haddad, Tom Fischer, Brand Buzz Editors',
        publishedAt: '2024-02-29T12:00:00.000Z',
        categories: ['Employer branding'],
      },
      {
        guid: 'https://brand-buzz.example.com/p/no-title',
        title: '',
        publishedAt: null, // 25:99 is not a time
        summary: 'An item without a title still has a summary & a link.',
      },
      {
        link: null,
        title: 'Crisis comms checklist (no guid, no link)',
        summary: 'Who speaks, who approves, who listens.', // script and style dropped
      },
      {
        guid: 'brand-buzz-2024-0226',
        link: 'https://brand-buzz.example.com/p/paid-benchmarks', // feedburner:origLink wins
        publishedAt: null, // 2099: a broken clock must not pin it on top
        summary: 'Median CPM and CTR by platform.',
      },
      { guid: 'unsafe-1', title: 'Unsafe link', link: null }, // javascript: refused
    ])
    expect(feed.entries[2].guid).toMatch(/^sha256:[0-9a-f]{40}$/)
    const again = await parseFile('rss-weird-shapes.xml')
    expect(again.entries[2].guid).toBe(feed.entries[2].guid) // stable across parses
  })

  it('reads a gzip-compressed file', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'vigie-feed-'))
    const path = join(tmp, 'feed.xml.gz')
    writeFileSync(path, gzipSync(readFileSync(fixture('rss2-fr-content.xml'))))
    const feed = await parseFeedFile(path, { url: 'https://carnet-cm.example.fr/feed/', now })
    expect(feed.entries.map((e) => e.guid)).toEqual([
      'https://carnet-cm.example.fr/?p=1204',
      'https://carnet-cm.example.fr/?p=1187',
    ])
  })
})

describe('parseFeedFile on documents that are not feeds', () => {
  const cases: Array<[string, RegExp]> = [
    ['truncated.xml', /^XML error at line 10: unclosed root tag \(document truncated\?\)$/],
    ['not-a-feed.html', /^not a feed: looks like an HTML page$/],
    ['empty.xml', /^empty document$/],
  ]
  it.each(cases)('%s fails with a clear FeedParseError', async (name, message) => {
    const err = await parseFile(name).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FeedParseError)
    expect((err as FeedParseError).code).toBe('feed_parse_failed')
    expect((err as Error).message).toMatch(message)
  })

  it('names a missing file', async () => {
    await expect(parseFile('no-such-feed.xml')).rejects.toThrow(/^cannot read .*no-such-feed\.xml/)
  })
})

describe('hostile documents', () => {
  it('does not expand entities (billion laughs) and finishes fast', async () => {
    const started = Date.now()
    const feed = await parseFile('billion-laughs.xml')
    expect(Date.now() - started).toBeLessThan(2000)
    const out = JSON.stringify(feed)
    expect(out).not.toContain('lollol')
    expect(out.length).toBeLessThan(5000)
    expect(feed.entries[0].link).toBe('https://laughs.example.com/humour')
  })

  it('never resolves external entities (XXE): no file content, no request', async () => {
    const server = await fixtureServer({
      '/evil.dtd': (_req, res) => {
        res.end('<!ENTITY leak "LEAKED">')
      },
    })
    const xml = readFileSync(fixture('xxe.xml'), 'utf8').replace(
      'http://127.0.0.1:9/evil.dtd',
      server.url('/evil.dtd'),
    )
    const feed = await parse(xml)
    const out = JSON.stringify(feed)
    expect(out).not.toMatch(/root:|LEAKED/)
    expect(feed.entries[0].title).toBe('Disclosure rules: &xxe;')
    expect(server.hits).toEqual([])
    const fromFile = JSON.stringify(await parseFile('xxe.xml'))
    expect(fromFile).not.toContain('root:')
  })

  it('stays linear on pathological markup that made rss-parser quadratic', async () => {
    const evil = '&lt;p '.repeat(200_000) // 1.2 MB of unclosed tags in a description
    const xml = `<rss version="2.0"><channel><title>t</title><item><title>a</title><description>${evil}</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">${evil}</content:encoded></item></channel></rss>`
    const started = Date.now()
    const feed = await parse(xml)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(feed.entries[0].summary!.length).toBeLessThanOrEqual(1000)
  })

  it('survives deep nesting and huge attribute-less links', async () => {
    const deep = '<div>'.repeat(20_000) + 'x' + '</div>'.repeat(20_000)
    const xml = `<rss version="2.0"><channel><item><title>deep</title><description>${deep}</description><link>${'a'.repeat(100_000)}</link></item></channel></rss>`
    const feed = await parse(xml)
    expect(feed.entries[0].title).toBe('deep')
  })
})

describe('parseFeed on inline documents', () => {
  it('reads Atom 0.3 (issued, modified, mode=escaped)', async () => {
    const feed = await parse(`<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Old Atom</title>
  <link rel="alternate" type="text/html" href="https://old-atom.example.com/"/>
  <tagline>Still here</tagline>
  <entry>
    <title>Forums were the first communities</title>
    <link rel="alternate" type="text/html" href="https://old-atom.example.com/forums"/>
    <id>tag:old-atom.example.com,2005:1</id>
    <issued>2005-06-01T10:00:00+02:00</issued>
    <modified>2005-06-02T10:00:00Z</modified>
    <author><name>Jo</name></author>
    <content type="text/html" mode="escaped">&lt;p&gt;phpBB &amp;amp; friends&lt;/p&gt;</content>
  </entry>
</feed>`)
    expect(feed).toMatchObject({ format: 'atom', title: 'Old Atom', description: 'Still here' })
    expectEntries(feed.entries, [
      {
        link: 'https://old-atom.example.com/forums',
        author: 'Jo',
        publishedAt: '2005-06-01T08:00:00.000Z',
        contentHtml: '<p>phpBB &amp; friends</p>',
        summary: 'phpBB & friends',
      },
    ])
  })

  it('reads a prefixed Atom root and namespaced RSS extensions by their namespace', async () => {
    const atom =
      await parse(`<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Prefixed</a:title>
      <a:entry><a:id>urn:x:1</a:id><a:title>Hello</a:title><a:link href="https://p.example.com/1"/>
      <a:updated>2024-01-02T03:04:05Z</a:updated></a:entry></a:feed>`)
    expectEntries(atom.entries, [
      {
        guid: 'urn:x:1',
        title: 'Hello',
        link: 'https://p.example.com/1',
        publishedAt: '2024-01-02T03:04:05.000Z',
      },
    ])

    const rss =
      await parse(`<rss version="2.0" xmlns:dublin="http://purl.org/dc/elements/1.1/" xmlns:a10="http://www.w3.org/2005/Atom">
      <channel><item><title>T</title><link>https://r.example.com/1</link><dublin:creator>Ines</dublin:creator>
      <a10:updated>2024-01-02T03:04:05Z</a10:updated></item></channel></rss>`)
    expectEntries(rss.entries, [{ author: 'Ines', publishedAt: '2024-01-02T03:04:05.000Z' }])
  })

  it('accepts RSS without version, odd capitalisation, leading junk and a BOM', async () => {
    const feed = await parse(`\uFEFFWarning: something in /var/www/feed.php on line 3
<?xml version="1.0"?><rss><channel><Title>Caps</Title><item><Title>Item</Title><PubDate>Tue, 05 Mar 2024 10:00:00 GMT</PubDate><Link>https://caps.example.com/1</Link></item></channel></rss>`)
    expect(feed.title).toBe('Caps')
    expectEntries(feed.entries, [
      {
        title: 'Item',
        link: 'https://caps.example.com/1',
        publishedAt: '2024-03-05T10:00:00.000Z',
      },
    ])
  })

  it('reports the XML error when the lenient retry loses every item', async () => {
    const broken =
      '<rss version="2.0"><channel><title>Oops</tit><item><title>Lost</title></item></channel></rss>'
    await expect(parse(broken)).rejects.toThrow(/^XML error at line 1: unexpected close tag/)
  })

  it('leaves an unknown entity that names a member of plain objects as written', async () => {
    const feed = await parseFeed(
      '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Veille</title>' +
        '<link>https://veille.example.fr/</link><item><title>Un billet</title><link>https://veille.example.fr/1</link>' +
        '<dc:creator>Jeanne &amp;constructor; Martin &amp;eacute;</dc:creator></item></channel></rss>',
      { url: 'https://veille.example.fr/feed' },
    )
    expect(feed.entries[0]!.author).toBe('Jeanne &constructor; Martin é')
  })

  it('resolves relative links against the feed URL when there is no better base', async () => {
    const feed = await parse(
      '<rss version="2.0"><channel><title>x</title><item><title>a</title><link>../posts/a</link></item></channel></rss>',
      'https://rel.example.com/blog/feed/rss.xml',
    )
    expect(feed.entries[0].link).toBe('https://rel.example.com/blog/posts/a')
  })

  const failures: Array<[string, string, RegExp]> = [
    ['whitespace only', '  \n\t ', /^empty document$/],
    [
      'plain text',
      'hello, this is not a feed',
      /^not a feed: the document is neither XML nor JSON$/,
    ],
    [
      'unknown root',
      '<?xml version="1.0"?><catalog><book/></catalog>',
      /^not a feed: unexpected root element <catalog>$/,
    ],
    [
      'html without doctype',
      '<html><body><p>hi</p></body></html>',
      /^not a feed: looks like an HTML page$/,
    ],
    [
      'unclosed XML',
      '<rss version="2.0">\n<channel>\n<item><title>a</title></item>\n</channel>',
      /^XML error at line 4: unclosed root tag/,
    ],
    ['JSON array', '[1, 2, 3]', /^not a feed: a JSON array/],
    ['broken JSON', '{"version": "https://jsonfeed.org/version/1.1", "items": [', /^JSON error: /],
    [
      'JSON Feed without items',
      '{"version": "https://jsonfeed.org/version/1", "title": "x"}',
      /^JSON Feed without items$/,
    ],
    ['other JSON', '{"hello": "world"}', /^not a feed: JSON without a JSON Feed version or items$/],
  ]
  it.each(failures)('%s fails with a clear message', async (_name, text, message) => {
    const err = await parse(text).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FeedParseError)
    expect((err as Error).message).toMatch(message)
  })

  it('throws only FeedParseError whatever it is given', async () => {
    const junk: unknown[] = [
      null,
      42,
      '<',
      '<rss',
      '<rss version="2.0"><channel><item>',
      '{',
      '<feed><entry><link/>',
      '\u0000\u0001',
    ]
    for (const value of junk) {
      const err = await parseFeed(value as string, { url: 'not a url' }).catch((e: unknown) => e)
      if (err !== undefined) expect(err).toBeInstanceOf(FeedParseError)
    }
  })
})
