import { describe, expect, it } from 'vitest'
import { canonicalizeUrl } from '../../src/lib/canonical-url.ts'

describe('canonicalizeUrl', () => {
  it.each([
    ['HTTPS://Blog.Example.COM:443/Post/1/', 'https://blog.example.com/Post/1/'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com/a#comments', 'https://example.com/a'],
    [
      'https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x',
      'https://example.com/a',
    ],
    ['https://example.com/a?id=42&fbclid=abc&gclid=def', 'https://example.com/a?id=42'],
    ['https://example.com/a?b=2&mc_cid=1&mc_eid=2&a=1', 'https://example.com/a?b=2&a=1'],
    [
      'https://example.com/a?igshid=1&_hsenc=2&_hsmi=3&ref_src=twsrc&xtor=RSS-1',
      'https://example.com/a',
    ],
    ['https://example.com/a?ref=producthunt&page=2', 'https://example.com/a?page=2'],
    [
      'https://example.com/a?q=caf%C3%A9+cr%C3%A8me',
      'https://example.com/a?q=caf%C3%A9+cr%C3%A8me',
    ],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://example.com/a/', 'https://example.com/a/'],
    ['https://example.com/a', 'https://example.com/a'],
    ['  https://example.com/a  ', 'https://example.com/a'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected)
  })

  it('is stable: canonicalising twice changes nothing', () => {
    const once = canonicalizeUrl('HTTP://Example.com:80/x?utm_source=a&z=1&y=2#top')
    expect(canonicalizeUrl(once)).toBe(once)
    expect(once).toBe('http://example.com/x?z=1&y=2')
  })

  it('returns what it cannot parse unchanged', () => {
    expect(canonicalizeUrl('not a url')).toBe('not a url')
  })
})
