import { describe, expect, it } from 'vitest'
import { extractFromFeed } from '../../src/extract/index.ts'

describe('extractFromFeed', () => {
  it('sanitises the feed content, resolves its URLs and detects its language', async () => {
    const r = await extractFromFeed({
      url: 'https://blog.example.fr/2024/05/instagram-reels/?utm_source=rss',
      feed: {
        title: '  Reels Instagram : ce qui marche en 2024 ',
        author: 'Par Léa Fontaine',
        publishedAt: new Date('2024-05-10T06:00:00Z'),
        summary: '<p>Nos constats après &laquo;&nbsp;six mois&nbsp;&raquo; de tests.</p>',
        contentHtml: `<p>Les Reels courts, entre sept et quinze secondes, restent les plus partagés par les abonnés de nos clients.</p>
          <p><img src="/img/reels.jpg" alt="Graphique"><img src="http://feeds.feedburner.com/~r/blog/~4/abc" height="1" width="1"></p>
          <p>Les sous-titres incrustés font gagner de l’audience, car la plupart des vidéos sont regardées sans le son.</p>
          <p><a href="javascript:alert(1)">piège</a> <a href="/guide">notre guide</a></p>
          <iframe src="https://player.example.com/embed/1"></iframe><style>p{}</style><div style="background:url(a.png)no-repeat;color:red">x</div>`,
      },
    })
    expect(r.source).toBe('feed')
    expect(r.title).toBe('Reels Instagram : ce qui marche en 2024')
    expect(r.author).toBe('Léa Fontaine')
    expect(r.publishedAt).toBe('2024-05-10T06:00:00.000Z')
    expect(r.canonicalUrl).toBe('https://blog.example.fr/2024/05/instagram-reels/')
    expect(r.lang).toBe('fr')
    expect(r.excerpt).toBe('Nos constats après « six mois » de tests.')
    expect(r.image).toBe('https://blog.example.fr/img/reels.jpg')
    expect(r.html).toContain('<img src="https://blog.example.fr/img/reels.jpg" alt="Graphique">')
    expect(r.html).toContain(
      '<a href="https://blog.example.fr/guide" rel="noopener noreferrer nofollow" target="_blank">notre guide</a>',
    )
    expect(r.html).not.toMatch(/javascript:|<iframe|<style|feedburner|style=/i)
    expect(r.text).toContain('regardées sans le son.')
    expect(r.wordCount).toBeGreaterThan(30)
    expect(r.readingMinutes).toBe(1)
  })

  it('makes do with a plain-text summary, and says nothing of language for a few words', async () => {
    const r = await extractFromFeed({
      url: 'https://x.example.com/p',
      feed: { title: 'Short', summary: 'Just a teaser.' },
    })
    expect(r.text).toBe('Just a teaser.')
    expect(r.html).toBe('Just a teaser.')
    expect(r.lang).toBeNull()
    expect(r.wordCount).toBe(3)
  })

  it('gives an empty article when the feed has no content', async () => {
    const r = await extractFromFeed({ url: 'https://x.example.com/p', feed: {} })
    expect(r).toMatchObject({
      title: 'https://x.example.com/p',
      text: '',
      html: '',
      wordCount: 0,
      readingMinutes: 0,
      lang: null,
    })
  })
})
