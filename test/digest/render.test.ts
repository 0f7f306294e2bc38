import { describe, expect, it } from 'vitest'
import {
  escapeMarkdown,
  renderDigest,
  renderDigestHtml,
  renderDigestMarkdown,
  renderDigestText,
  type Digest,
} from '../../src/digest/index.ts'

const hostileTitle = `<img src=x onerror=alert(1)> *Gras* [lien](javascript:alert(2)) _x_ "q" & 'a'`

const digest: Digest = {
  sectorSlug: 'cm',
  sectorName: 'Community <b>management</b>',
  language: 'fr',
  day: '2026-03-29',
  items: [
    {
      rank: 1,
      title: 'LinkedIn : les carrousels\n progressent de 35 %',
      url: 'https://blog.example/a?x=1&y=(2)',
      source: 'Blog du CM',
      author: 'Ada Lovelace',
      commentary:
        'À lire : la méthode est solide.\nDeuxième ligne.\n\n# pas un titre\n1. pas une liste',
    },
    {
      rank: 3,
      title: hostileTitle,
      url: 'javascript:alert(3)',
      source: '<script>alert(4)</script>',
      author: null,
      commentary: '<script>alert(5)</script>',
    },
  ],
}

describe('the digest as HTML email', () => {
  const html = renderDigestHtml(digest)

  it('is a table layout with inline styles only: no style sheet, no script, no external resource', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/)
    expect(html).toContain('<table role="presentation"')
    expect(html).not.toMatch(/<style|<link|<script|<img|class=|href="(?!https:)/i)
    expect(html).toContain('style="')
  })

  it('shows each item with rank, linked title, source, author and commentary, every text escaped', () => {
    expect(html).toContain('Sélection du dimanche 29 mars 2026 : 2 articles retenus.')
    expect(html).toContain('Community &lt;b&gt;management&lt;/b&gt;')
    expect(html).toMatch(/>1<\/td>[\s\S]*>3<\/td>/)
    expect(html).toContain(
      '<a href="https://blog.example/a?x=1&amp;y=(2)" style="color:#1d4ed8;text-decoration:none;">LinkedIn : les carrousels progressent de 35 %</a>',
    )
    expect(html).toContain('Blog du CM · par Ada Lovelace')
    expect(html).toContain('À lire : la méthode est solide.<br>Deuxième ligne.</p>')
    // Not an http(s) link: the title stays text, with no link at all.
    expect(html).toContain(
      '&lt;img src=x onerror=alert(1)&gt; *Gras* [lien](javascript:alert(2)) _x_ &quot;q&quot; &amp; &#39;a&#39;</p>',
    )
    expect(html).toContain('&lt;script&gt;alert(4)&lt;/script&gt;')
    expect(html).toContain('&lt;script&gt;alert(5)&lt;/script&gt;')
    expect(html.indexOf('LinkedIn')).toBeLessThan(html.indexOf('&lt;img'))
  })
})

describe('the digest as Markdown', () => {
  const md = renderDigestMarkdown(digest)

  it('links titles as [title](url), escapes what Markdown would read, and keeps the ranks', () => {
    expect(md).toContain('# Community \\<b\\>management\\</b\\>')
    expect(md).toContain(
      '**1.** [LinkedIn : les carrousels progressent de 35 %](https://blog.example/a?x=1&y=%282%29)',
    )
    expect(md).toContain('*Blog du CM · par Ada Lovelace*')
    expect(md).toContain(
      '**3.** \\<img src=x onerror=alert\\(1\\)\\> \\*Gras\\* \\[lien\\]\\(javascript:alert\\(2\\)\\) \\_x\\_ "q" & \'a\'  ',
    )
    expect(md).not.toMatch(/\]\(javascript:/)
  })

  it('quotes the commentary line by line, with nothing in it read as a heading or a list', () => {
    expect(md).toContain(
      '> À lire : la méthode est solide.  \n> Deuxième ligne.  \n>\n> \\# pas un titre  \n> 1\\. pas une liste  ',
    )
  })
})

describe('the digest as plain text and subject', () => {
  it('has every item, its link and its commentary, and a subject in the sector language', () => {
    const r = renderDigest(digest)
    expect(r.subject).toBe('Community <b>management</b> : sélection du dimanche 29 mars 2026')
    expect(r.text).toContain(
      '1. LinkedIn : les carrousels progressent de 35 %\n    Blog du CM · par Ada Lovelace\n    https://blog.example/a?x=1&y=(2)\n\n    À lire',
    )
    expect(r.text).not.toContain('javascript:alert(3)')
    expect(r.html).toBe(renderDigestHtml(digest))
    expect(r.markdown).toBe(renderDigestMarkdown(digest))
  })

  it('says so when the day has no shortlist, in English for an English sector', () => {
    const empty = { ...digest, language: 'en-GB', items: [] }
    expect(renderDigestText(empty)).toContain('No selection for this day.')
    expect(renderDigestMarkdown(empty)).toContain('\n\nNo selection for this day.\n')
    expect(renderDigestHtml(empty)).toContain('No selection for this day.')
    expect(renderDigest(empty).subject).toBe(
      'Community <b>management</b>: selection for Sunday, 29 March 2026',
    )
    const one = { ...digest, language: 'en', items: digest.items.slice(0, 1) }
    expect(renderDigestText(one)).toContain('Selection for Sunday, March 29, 2026: 1 article.')
  })
})

describe('escapeMarkdown', () => {
  it.each([
    ['plain words', 'plain words'],
    ['a*b_c`d', 'a\\*b\\_c\\`d'],
    ['[x](y)', '\\[x\\]\\(y\\)'],
    ['# title', '\\# title'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['2026. Une année', '2026\\. Une année'],
    ['> quote', '\\> quote'],
    ['a | b ~ c', 'a \\| b \\~ c'],
    ['back\\slash', 'back\\\\slash'],
    ['<b>&amp;', '\\<b\\>\\&amp;'],
    ['x - y', 'x - y'],
    ['R&D & co', 'R&D & co'],
    ['&#35;1', '&\\#35;1'],
  ])('%s', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected)
  })
})
