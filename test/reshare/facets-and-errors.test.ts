import { describe, expect, it } from 'vitest'
import { detectFacets, redact, utf8Offset } from '../../src/reshare/index.ts'

const resolve = async (handle: string) => (handle === 'alice.bsky.social' ? 'did:plc:alice' : null)
const covered = async (text: string) => {
  const bytes = Buffer.from(text)
  const facets = await detectFacets(text, resolve)
  return facets.map((f) => [
    f.features[0].$type.split('#')[1],
    bytes.subarray(f.index.byteStart, f.index.byteEnd).toString(),
  ])
}

describe('facet detection', () => {
  it.each<[string, string[][]]>([
    ['Voir https://exemple.fr/a, puis la suite.', [['link', 'https://exemple.fr/a']]],
    ['Fin de phrase : https://exemple.fr/a?x=1.', [['link', 'https://exemple.fr/a?x=1']]],
    [
      '(voir https://fr.wikipedia.org/wiki/Lyon_(ville))',
      [['link', 'https://fr.wikipedia.org/wiki/Lyon_(ville)']],
    ],
    ['(voir https://exemple.fr/a)', [['link', 'https://exemple.fr/a']]],
    ['«https://exemple.fr/dossier»', [['link', 'https://exemple.fr/dossier']]],
    [
      'Lien https://exemple.fr/a#Ancre #Veille',
      [
        ['link', 'https://exemple.fr/a#Ancre'],
        ['tag', '#Veille'],
      ],
    ],
    ['Merci @alice.bsky.social !', [['mention', '@alice.bsky.social']]],
    ['Merci @alice@mastodon.social et @bob.exemple.org', []],
    ['Version @1.2 et #2025 et #2025Veille', [['tag', '#2025Veille']]],
    [
      'https://bsky.app/profile/@alice.bsky.social',
      [['link', 'https://bsky.app/profile/@alice.bsky.social']],
    ],
    ['Pas de lien : http://localhostage ni ftp://exemple.fr', []],
  ])('%j', async (text, expected) => {
    expect(await covered(text)).toEqual(expected)
  })

  it('utf8Offset counts bytes, not UTF-16 units', () => {
    const text = 'à 👏🏽 é'
    expect(utf8Offset(text, text.indexOf('é'))).toBe(Buffer.byteLength('à 👏🏽 '))
    expect(utf8Offset(text, text.indexOf('é'))).not.toBe(text.indexOf('é'))
  })
})

describe('redact', () => {
  it('removes given secrets, longest first, and any JWT or bearer value', () => {
    const url = 'https://hooks.slack.com/services/T0/B0/abcdef123456'
    const jwt = 'eyJhbGciOiJFUzI1NksifQ.eyJzdWIiOiJkaWQ6cGxjOngifQ.c2lnbmF0dXJl'
    const text = `POST ${url} failed; path /services/T0/B0/abcdef123456; Authorization: Bearer tok-9876; ${jwt}`
    const out = redact(text, [url, '/services/T0/B0/abcdef123456', '', null, 'abc'])
    expect(out).toBe(
      'POST [redacted] failed; path [redacted]; Authorization: Bearer [redacted]; [redacted]',
    )
  })
})
