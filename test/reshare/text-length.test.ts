import { describe, expect, it } from 'vitest'
import { textLength, textLengths, type Network } from '../../src/reshare/index.ts'

const nfdE = 'e\u0301' // "é" as e + combining acute: two code points, one grapheme
const family = '👨‍👩‍👧' // a ZWJ sequence of 3 emoji, 8 UTF-16 units, one grapheme
const flag = '🇫🇷' // two regional indicators
const clap = '👏🏽' // emoji + skin tone modifier
const longLink =
  'https://www.blogdumoderateur.com/linkedin-algorithme-2025-portee-organique/?utm_source=rss'

describe('text length: Mastodon', () => {
  it.each<[string, string, number]>([
    ['plain French', 'Très bonne analyse de l’algorithme', 34],
    ['a link counts 23 whatever its length', `À lire : ${longLink}`, 9 + 23],
    ['two links', `${longLink} et https://x.fr/a`, 23 + 4 + 23],
    [
      'a remote mention counts without its domain',
      'Merci @camille@piaille.fr !',
      'Merci @camille !'.length,
    ],
    ['graphemes, not code units', `${family}${flag}${clap}${nfdE}`, 4],
    ['a link followed by punctuation', `Voir ${longLink}.`, 5 + 23 + 1],
  ])('%s', (_name, text, used) => {
    expect(textLength('mastodon', text)).toEqual({ used, limit: 500, over: false })
  })

  it('is over at 501 and takes the instance limit and URL length', () => {
    expect(textLength('mastodon', 'a'.repeat(500)).over).toBe(false)
    expect(textLength('mastodon', 'a'.repeat(501))).toEqual({ used: 501, limit: 500, over: true })
    expect(textLength('mastodon', 'a'.repeat(501), { limit: 1000 }).over).toBe(false)
    expect(textLength('mastodon', longLink, { urlLength: 30 }).used).toBe(30)
  })
})

describe('text length: X (twitter-text weights)', () => {
  it.each<[string, string, number]>([
    ['Latin and accents weigh 1', 'Élection à l’aube', 17],
    ['NFD accents are normalised first', nfdE.repeat(10), 10],
    ['CJK weighs 2', '日本語のニュース', 16],
    ['an emoji weighs 2, skin tone included', clap, 2],
    ['a ZWJ family weighs 2', family, 2],
    ['a flag weighs 2', flag, 2],
    ['a link weighs 23', `Lire ${longLink}`, 5 + 23],
    ['guillemets and em dash weigh 1', '« a » — b', 9],
    ['an ellipsis and a narrow no-break space weigh 2', 'Suite…\u202f!', 5 + 2 + 2 + 1],
  ])('%s', (_name, text, used) => {
    expect(textLength('x', text).used).toBe(used)
  })

  it('is over past 280 weighted characters', () => {
    expect(textLength('x', 'a'.repeat(280))).toEqual({ used: 280, limit: 280, over: false })
    expect(textLength('x', 'a'.repeat(279) + '日').over).toBe(true)
    expect(textLength('x', '🙂'.repeat(140)).over).toBe(false)
    expect(textLength('x', '🙂'.repeat(141)).over).toBe(true)
  })
})

describe('text length: Bluesky (300 graphemes)', () => {
  it.each<[string, string, number]>([
    ['NFD accents count once', nfdE.repeat(300), 300],
    ['ZWJ sequences count once', family.repeat(300), 300],
    ['flags count once', flag.repeat(300), 300],
    ['the full link counts, it is not shortened', longLink, longLink.length],
  ])('%s', (_name, text, used) => {
    const length = textLength('bluesky', text)
    expect(length).toEqual({ used, limit: 300, over: used > 300 })
  })

  it('is over at 301 graphemes even when code units would say otherwise', () => {
    expect(textLength('bluesky', family.repeat(301)).over).toBe(true)
    expect(family.repeat(300).length).toBe(2400)
    expect(textLength('bluesky', 'a'.repeat(301)).over).toBe(true)
  })
})

describe('text length: LinkedIn, Threads, Facebook', () => {
  it('LinkedIn counts UTF-16 units up to 3000', () => {
    expect(textLength('linkedin', 'a'.repeat(3000)).over).toBe(false)
    expect(textLength('linkedin', 'a'.repeat(2999) + '👏')).toEqual({
      used: 3001,
      limit: 3000,
      over: true,
    })
  })

  it('Threads counts an emoji as its UTF-8 bytes, up to 500', () => {
    expect(textLength('threads', `Très ${clap}`).used).toBe(5 + Buffer.byteLength(clap))
    expect(textLength('threads', `${nfdE}`).used).toBe(2)
    expect(textLength('threads', 'a'.repeat(497) + '👍').over).toBe(true)
    expect(textLength('threads', 'a'.repeat(496) + '👍').over).toBe(false)
  })

  it('Facebook allows 63206', () => {
    expect(textLength('facebook', 'a'.repeat(63206)).over).toBe(false)
    expect(textLength('facebook', 'a'.repeat(63207)).over).toBe(true)
  })
})

describe('text lengths for every network', () => {
  it('measures one text six ways, with the instance limit for Mastodon', () => {
    const text = `Très bonne analyse ${clap} de l’algorithme — à lire : ${longLink}`
    const all = textLengths(text, { mastodon: { limit: 1000 } })
    const networks: Network[] = ['mastodon', 'bluesky', 'x', 'linkedin', 'threads', 'facebook']
    expect(Object.keys(all).sort()).toEqual([...networks].sort())
    const before = 'Très bonne analyse 👏🏽 de l’algorithme — à lire : '
    expect(all.mastodon).toEqual({
      used: [...new Intl.Segmenter().segment(before)].length + 23,
      limit: 1000,
      over: false,
    })
    expect(all.bluesky.used).toBe(all.mastodon.used - 23 + longLink.length)
    // Every character here weighs 1 on X but the emoji, 2 where it is one grapheme for Mastodon.
    expect(all.x.used).toBe(all.mastodon.used + 1)
    expect(all.linkedin.used).toBe(text.length)
  })
})
