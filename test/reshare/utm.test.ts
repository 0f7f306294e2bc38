import { describe, expect, it } from 'vitest'
import { addUtm } from '../../src/reshare/index.ts'

const utm = { source: 'linkedin', medium: 'social', campaign: 'veille cm' }
const tail = 'utm_source=linkedin&utm_medium=social&utm_campaign=veille%20cm'

describe('addUtm', () => {
  it.each<[string, string, string]>([
    ['a bare link', 'https://exemple.fr/article', `https://exemple.fr/article?${tail}`],
    [
      'an existing query kept byte for byte',
      'https://exemple.fr/a?q=r%C3%A9seaux+sociaux&x&page=2',
      `https://exemple.fr/a?q=r%C3%A9seaux+sociaux&x&page=2&${tail}`,
    ],
    [
      'a fragment kept at the end',
      'https://exemple.fr/a?x=1#commentaires',
      `https://exemple.fr/a?x=1&${tail}#commentaires`,
    ],
    [
      'a fragment that looks like a query',
      'https://app.exemple.fr/#/article?id=3',
      `https://app.exemple.fr/?${tail}#/article?id=3`,
    ],
    [
      'an existing utm replaced where it stands, never duplicated',
      'https://exemple.fr/a?utm_source=rss&id=7&utm_source=feed&utm_term=cm',
      'https://exemple.fr/a?utm_source=linkedin&id=7&utm_term=cm&utm_medium=social&utm_campaign=veille%20cm',
    ],
    [
      'an encoded utm name is recognised',
      'https://exemple.fr/a?utm%5Fmedium=email',
      'https://exemple.fr/a?utm_medium=social&utm_source=linkedin&utm_campaign=veille%20cm',
    ],
    ['a dangling "?"', 'https://exemple.fr/a?', `https://exemple.fr/a?${tail}`],
  ])('%s', (_name, link, expected) => {
    expect(addUtm(link, utm)).toBe(expected)
    const params = new URL(expected).searchParams
    expect(params.getAll('utm_source')).toEqual(['linkedin'])
    expect(params.get('utm_campaign')).toBe('veille cm')
  })

  it('encodes values and skips empty ones', () => {
    const link = addUtm('https://exemple.fr/a', {
      source: 'mastodon',
      medium: ' ',
      campaign: 'été & co',
    })
    expect(link).toBe(
      'https://exemple.fr/a?utm_source=mastodon&utm_campaign=%C3%A9t%C3%A9%20%26%20co',
    )
    expect(new URL(link).searchParams.get('utm_campaign')).toBe('été & co')
    expect(addUtm('https://exemple.fr/a?b=1', {})).toBe('https://exemple.fr/a?b=1')
  })

  it('leaves what is not an http(s) link alone', () => {
    expect(addUtm('mailto:redaction@exemple.fr', utm)).toBe('mailto:redaction@exemple.fr')
    expect(addUtm('pas un lien', utm)).toBe('pas un lien')
  })
})
