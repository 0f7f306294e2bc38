import { describe, expect, it } from 'vitest'
import { renderSearchAlert } from '../../src/digest/index.ts'

const item = (title: string, url: string, source = 'Veille sociale') => ({
  title,
  url,
  source,
  publishedAt: new Date('2026-11-20T09:00:00Z'),
})

describe('a followed search’s alert email', () => {
  it('lists the new articles in the curator’s language, with the count of the rest and the search', () => {
    const mail = renderSearchAlert({
      query: 'loi influenceurs',
      sectorName: 'Community management',
      language: 'fr',
      items: [item('La loi influenceurs, un an après', 'https://example.org/loi')],
      total: 3,
      searchUrl: 'https://vigie.example.org/search?q=loi+influenceurs',
    })
    expect(mail.subject).toBe('Vigie · « loi influenceurs » : 3 nouveaux articles')
    expect(mail.text).toContain('- La loi influenceurs, un an après\n  Veille sociale · 20 nov.')
    expect(mail.text).toContain('… et 2 de plus.')
    expect(mail.html).toContain('<a href="https://vigie.example.org/search?q=loi+influenceurs">')
    expect(
      renderSearchAlert({
        query: 'reels',
        sectorName: 'CM',
        language: 'en-GB',
        items: [],
        total: 1,
        searchUrl: null,
      }).subject,
    ).toBe('Vigie · “reels”: 1 new article')
  })

  it('keeps what a feed wrote as text, and links only to http(s) addresses', () => {
    const mail = renderSearchAlert({
      query: '<b>crise</b>',
      sectorName: 'CM',
      language: 'fr',
      items: [
        item(
          '<img src=x onerror=alert(1)> Bad buzz',
          'javascript:alert(2)',
          '<script>alert(3)</script>',
        ),
      ],
      total: 1,
      searchUrl: null,
    })
    expect(mail.html).not.toMatch(/<img|<script|<b>|javascript:/)
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; Bad buzz')
    expect(mail.html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;')
    expect(mail.text).not.toContain('javascript:')
  })
})
