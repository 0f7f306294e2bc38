import { describe, expect, it } from 'vitest'
import { renderSearchAlert, type SearchAlertSection } from '../../src/digest/index.ts'

const item = (title: string, url: string, source = 'Veille sociale') => ({
  title,
  url,
  source,
  publishedAt: new Date('2026-11-20T09:00:00Z'),
})

const section = (s: Partial<SearchAlertSection> & { query: string }): SearchAlertSection => ({
  sectorName: 'CM',
  items: [],
  total: 1,
  searchUrl: null,
  ...s,
})

describe('a followed search’s alert email', () => {
  it('lists the new articles in the curator’s language, with the count of the rest and the search', () => {
    const mail = renderSearchAlert({
      language: 'fr',
      searches: [
        section({
          query: 'loi influenceurs',
          sectorName: 'Community management',
          items: [item('La loi influenceurs, un an après', 'https://example.org/loi')],
          total: 3,
          searchUrl: 'https://vigie.example.org/search?q=loi+influenceurs',
        }),
      ],
    })
    expect(mail.subject).toBe('Vigie · « loi influenceurs » : 3 nouveaux articles')
    expect(mail.text).toContain('- La loi influenceurs, un an après\n  Veille sociale · 20 nov.')
    expect(mail.text).toContain('… et 2 de plus.')
    expect(mail.text).toContain(
      'Ouvrir la recherche dans Vigie : https://vigie.example.org/search?q=loi+influenceurs',
    )
    expect(mail.html).toContain('<a href="https://vigie.example.org/search?q=loi+influenceurs">')
    expect(
      renderSearchAlert({ language: 'en-GB', searches: [section({ query: 'reels' })] }).subject,
    ).toBe('Vigie · “reels”: 1 new article')
  })

  it('puts several searches in one email, each under its own heading', () => {
    const mail = renderSearchAlert({
      language: 'en',
      searches: [
        section({
          query: 'carrousels',
          items: [item('Carousels still lead on LinkedIn', 'https://example.org/c')],
          searchUrl: 'https://vigie.example.org/search?q=carrousels',
        }),
        section({
          query: 'threads',
          items: [
            item('Threads opens its API', 'https://example.org/t1'),
            item('Brands on Threads, a year on', 'https://example.org/t2'),
          ],
          total: 2,
        }),
      ],
    })
    expect(mail.subject).toBe('Vigie · 2 followed searches: 3 new articles')
    const text = mail.text
    expect(text.indexOf('“carrousels”')).toBeLessThan(text.indexOf('Carousels still lead'))
    expect(text.indexOf('Carousels still lead')).toBeLessThan(text.indexOf('“threads”'))
    expect(text.indexOf('“threads”')).toBeLessThan(text.indexOf('Brands on Threads'))
    expect(text).toContain(
      'Open the search in Vigie: https://vigie.example.org/search?q=carrousels',
    )
    expect(mail.html.match(/<ul>/g)).toHaveLength(2)
  })

  it('gives each article the start of its summary, cut at a word', () => {
    const excerpt = `Les carrousels restent le format le plus commenté sur LinkedIn. ${'Une étude des pages entreprise le confirme, <b>chiffres</b> à l’appui. '.repeat(6)}`
    const mail = renderSearchAlert({
      language: 'fr',
      searches: [
        section({
          query: 'carrousels',
          items: [{ ...item('Carrousels : l’étude', 'https://example.org/c'), excerpt }],
        }),
      ],
    })
    const line = mail.text.split('\n').find((l) => l.startsWith('  Les carrousels'))!
    expect(line.length).toBeLessThanOrEqual(2 + 221)
    expect(line).toMatch(/[a-zé’>]…$/)
    expect(excerpt.replace(/\s+/g, ' ')).toContain(line.trim().slice(0, -1))
    expect(mail.html).toContain('&lt;b&gt;chiffres&lt;/b&gt;')
    expect(mail.html).not.toContain('<b>')
  })

  it('keeps what a feed wrote as text, and links only to http(s) addresses', () => {
    const mail = renderSearchAlert({
      language: 'fr',
      searches: [
        section({
          query: '<b>crise</b>',
          items: [
            item(
              '<img src=x onerror=alert(1)> Bad buzz',
              'javascript:alert(2)',
              '<script>alert(3)</script>',
            ),
          ],
        }),
      ],
    })
    expect(mail.html).not.toMatch(/<img|<script|<b>|javascript:/)
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; Bad buzz')
    expect(mail.html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;')
    expect(mail.text).not.toContain('javascript:')
  })
})
