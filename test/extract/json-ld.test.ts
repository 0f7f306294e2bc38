import { describe, expect, it } from 'vitest'
import { readJsonLd } from '../../src/extract/json-ld.ts'

describe('readJsonLd', () => {
  it('reads a plain NewsArticle with a string author and image array', () => {
    const ld = readJsonLd([
      JSON.stringify({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: 'H',
        author: 'Ana Silva',
        datePublished: '2024-01-02',
        image: ['https://x.example/a.jpg', 'https://x.example/b.jpg'],
        publisher: { '@type': 'Organization', name: 'Daily' },
      }),
    ])
    expect(ld).toMatchObject({
      headline: 'H',
      authors: ['Ana Silva'],
      datePublished: '2024-01-02',
      image: 'https://x.example/a.jpg',
      publisherName: 'Daily',
    })
  })

  it('reads an array of blocks, a type array and authors as objects', () => {
    const ld = readJsonLd([
      '[{"@type":"BreadcrumbList"},{"@type":["BlogPosting","Article"],"author":[{"@type":"Person","name":"A"},{"name":"B"},"https://x.example/author/c"],"inLanguage":"fr-FR","articleBody":"Body"}]',
    ])
    expect(ld).toMatchObject({ authors: ['A', 'B'], inLanguage: 'fr-FR', articleBody: 'Body' })
  })

  it('survives broken blocks and raw newlines inside strings', () => {
    const ld = readJsonLd([
      '{ not json',
      '<!--{"@type":"Report","headline":"Line one\nline two"}-->',
    ])
    expect(ld?.headline).toBe('Line one line two')
  })

  it('falls back on a WebPage node and returns null without any', () => {
    expect(
      readJsonLd(['{"@type":"WebPage","inLanguage":"de","datePublished":"2024-03-01"}']),
    ).toMatchObject({ inLanguage: 'de', datePublished: '2024-03-01', articleBody: null })
    expect(readJsonLd(['{"@type":"Organization","name":"X"}'])).toBeNull()
    expect(readJsonLd([])).toBeNull()
  })
})
