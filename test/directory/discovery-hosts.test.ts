import { describe, expect, it } from 'vitest'
import { htmlFeedLinks } from '../../src/crawl/index.ts'
import { isPlatformHost, suggestionCandidates } from '../../src/directory/index.ts'

describe('platform hosts', () => {
  it.each([
    ['x.com', true],
    ['mobile.twitter.com', true],
    ['fr-fr.facebook.com', true],
    ['www.linkedin.com', true],
    ['m.youtube.com', true],
    ['youtu.be', true],
    ['fr.wikipedia.org', true],
    ['t.co', true],
    ['bit.ly', true],
    ['amazon.fr', true],
    ['www.amazon.co.uk', true],
    ['google.de', true],
    ['mastodon.social', true],
    ['piaille.fr', true],
    ['medium.com', true],
    ['substack.com', true],
    // A writer's own subdomain of these is a blog.
    ['claire.substack.com', false],
    ['blog.medium.com', false],
    // Names that merely contain a platform's name are not platforms.
    ['notx.com', false],
    ['twitter.com.example.fr', false],
    ['blogdumoderateur.com', false],
    ['amazonie-blog.fr', false],
  ])('%s → %s', (host, platform) => {
    expect(isPlatformHost(host)).toBe(platform)
  })
})

describe('suggestion candidates', () => {
  it('drops followed hosts (www-insensitive), platforms, bare IPs and passing mentions', () => {
    const cited = [
      { host: 'alpha.fr', citations: 3, citingSources: 2, sampleUrl: 'https://www.alpha.fr/a' },
      { host: 'suivi.fr', citations: 9, citingSources: 4, sampleUrl: 'https://suivi.fr/x' },
      { host: 'youtube.com', citations: 9, citingSources: 4, sampleUrl: 'https://youtube.com/w' },
      { host: '203.0.113.7', citations: 5, citingSources: 3, sampleUrl: 'http://203.0.113.7/' },
      { host: 'une-fois.fr', citations: 1, citingSources: 1, sampleUrl: 'https://une-fois.fr/' },
      { host: 'beta.fr', citations: 5, citingSources: 2, sampleUrl: 'http://beta.fr/p?q=1' },
      { host: 'gamma.fr', citations: 2, citingSources: 3, sampleUrl: 'https://gamma.fr/' },
    ]
    const out = suggestionCandidates(cited, ['https://www.suivi.fr/feed', null])
    expect(out).toEqual([
      { host: 'gamma.fr', siteUrl: 'https://gamma.fr/', citations: 2, citingSources: 3 },
      { host: 'beta.fr', siteUrl: 'http://beta.fr/', citations: 5, citingSources: 2 },
      { host: 'alpha.fr', siteUrl: 'https://www.alpha.fr/', citations: 3, citingSources: 2 },
    ])
  })
})

describe('feed links announced by a page', () => {
  const page = `<!doctype html><html><head>
    <base href="https://cdn.exemple.fr/blog/">
    <!-- <link rel="alternate" type="application/rss+xml" href="/commented-out.xml"> -->
    <link rel="alternate" type="application/rss+xml" title="Commentaires" href="comments/feed/">
    <link rel=alternate type="application/atom+xml" href='atom.xml?a=1&amp;b=2'>
    <LINK REL="Alternate" TYPE="application/feed+json; charset=utf-8" HREF="https://exemple.fr/feed.json">
    <link rel="alternate" hreflang="en" href="https://exemple.fr/en/">
    <link rel="stylesheet" type="text/css" href="/style.css">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head><body></body></html>`

  it('reads RSS, Atom and JSON Feed links, resolved against <base>, comments last', () => {
    expect(htmlFeedLinks(page, 'https://exemple.fr/')).toEqual([
      'https://cdn.exemple.fr/blog/atom.xml?a=1&b=2',
      'https://exemple.fr/feed.json',
      'https://cdn.exemple.fr/blog/comments/feed/',
    ])
  })

  it('resolves relative links against the page without <base>, and finds none in a plain page', () => {
    const html = '<head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
    expect(htmlFeedLinks(html, 'https://exemple.fr/blog/')).toEqual(['https://exemple.fr/rss.xml'])
    expect(htmlFeedLinks('<p>rien</p>', 'https://exemple.fr/')).toEqual([])
  })
})
