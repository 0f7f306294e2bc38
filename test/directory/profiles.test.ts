import { describe, expect, it } from 'vitest'
import { discoverProfiles, normaliseHandle, handleFromUrl } from '../../src/directory/index.ts'
import { extractPage } from '../../src/extract/index.ts'

const body = `<article><h1>Algorithme d’Instagram : ce qui change en 2026</h1>${'<p>Le community manager doit revoir sa ligne éditoriale, car la portée organique des carrousels baisse encore cette année selon nos mesures.</p>'.repeat(4)}</article>`

const page = (head: string, extra = '') =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Test</title>${head}</head><body>${extra}${body}</body></html>`

async function signalsOf(head: string, extra = '') {
  const out = await extractPage({
    html: page(head, extra),
    url: 'https://claire-dupont.fr/blog/instagram-2026',
  })
  return out.profiles ?? null
}

describe('profile discovery', () => {
  it.each([
    [
      'twitter:creator',
      '<meta name="twitter:creator" content="@ClaireDupont">',
      'x',
      '@clairedupont',
    ],
    [
      'fediverse:creator',
      '<meta name="fediverse:creator" content="@claire@piaille.fr">',
      'mastodon',
      '@claire@piaille.fr',
    ],
    [
      'article:author',
      '<meta property="article:author" content="https://www.linkedin.com/in/claire-dupont/">',
      'linkedin',
      'in/claire-dupont',
    ],
    [
      'rel-author',
      '<link rel="author" href="https://claire-dupont.fr/a-propos">',
      'website',
      'claire-dupont.fr/a-propos',
    ],
    [
      'json-ld:sameAs',
      `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'BlogPosting', headline: 'x', author: { '@type': 'Person', name: 'Claire Dupont', url: 'https://github.com/cdupont', sameAs: ['https://bsky.app/profile/claire.bsky.social', 'https://www.instagram.com/claire.cm/'] } })}</script>`,
      'bluesky',
      'claire.bsky.social',
    ],
  ])('reads %s from the page', async (signal, head, network, handle) => {
    const signals = await signalsOf(head)
    const found = discoverProfiles({ id: 7, feedId: 3, author: 'Claire Dupont', signals })
    const handles = found.authors[0]!.handles
    expect(handles).toContainEqual(
      expect.objectContaining({ network, handle, signal, articleId: 7, feedId: 3 }),
    )
  })

  it('reads the JSON-LD author url and every sameAs', async () => {
    const ld = {
      '@type': 'NewsArticle',
      author: [
        {
          '@type': 'Person',
          name: 'Marc Petit',
          url: 'https://github.com/mpetit',
          sameAs: 'https://www.tiktok.com/@marcpetit',
        },
      ],
    }
    const signals = await signalsOf(
      `<script type="application/ld+json">${JSON.stringify(ld)}</script>`,
    )
    const found = discoverProfiles({
      id: 1,
      feedId: 1,
      author: 'Claire Dupont et Marc Petit',
      signals,
    })
    expect(found.authors.map((a) => a.name)).toEqual(['Claire Dupont', 'Marc Petit'])
    expect(found.authors[0]!.handles).toEqual([])
    expect(found.authors[1]!.handles.map((h) => `${h.network}:${h.handle}`)).toEqual([
      'github:mpetit',
      'tiktok:@marcpetit',
    ])
  })

  it('gives rel="me" and twitter:site to the site, and no person signal to a byline of two', async () => {
    const signals = await signalsOf(
      '<meta name="twitter:site" content="@BlogDuCM"><meta name="twitter:creator" content="@someone">',
      '<footer><a rel="me" href="https://mastodon.social/@blogducm">Mastodon</a></footer>',
    )
    const found = discoverProfiles({
      id: 2,
      feedId: 1,
      author: 'Claire Dupont, Marc Petit',
      signals,
    })
    expect(found.source.map((h) => `${h.signal}:${h.network}:${h.handle}`)).toEqual([
      'twitter:site:x:@blogducm',
      'rel-me:mastodon:@blogducm@mastodon.social',
    ])
    expect(found.authors.every((a) => a.handles.length === 0)).toBe(true)
  })

  it('keeps no signals for a page without any', async () => {
    expect(await signalsOf('')).toBeNull()
  })

  it.each([
    ['x', '@Name_1', 'x:@name_1'],
    ['x', 'https://twitter.com/Name_1', 'x:@name_1'],
    ['mastodon', 'claire@Piaille.fr', 'mastodon:@claire@piaille.fr'],
    ['mastodon', 'https://piaille.fr/@claire', 'mastodon:@claire@piaille.fr'],
    ['bluesky', '@Claire.bsky.social', 'bluesky:claire.bsky.social'],
    ['linkedin', 'claire-dupont', 'linkedin:in/claire-dupont'],
    ['youtube', 'https://www.youtube.com/@ChaineCM', 'youtube:@chainecm'],
    ['threads', 'https://www.threads.net/@claire.cm', 'threads:@claire.cm'],
    ['instagram', 'claire.cm', 'instagram:@claire.cm'],
  ])('normalises %s handle %s', (network, raw, expected) => {
    const h = normaliseHandle(network, raw)
    expect(h && `${h.network}:${h.handle}`).toBe(expected)
  })

  it('does not take share links for profiles', () => {
    expect(handleFromUrl('https://twitter.com/intent/tweet?text=x')).toBeNull()
    expect(handleFromUrl('https://www.example.com/Blog/')?.handle).toBe('example.com/Blog')
  })
})
