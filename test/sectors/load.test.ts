import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { formatSectorError, loadSectors, parseSector } from '../../src/sectors/index.ts'
import { listFeeds, syncSectors } from '../../src/store/index.ts'
import { tempDb } from '../helpers/temp-db.ts'

const fixtures = path.join(import.meta.dirname, '../fixtures/sectors')
const short = (e: Parameters<typeof formatSectorError>[0]) =>
  formatSectorError({ ...e, file: path.basename(e.file) })

describe('loadSectors on a folder mixing good and broken files', () => {
  const cases: [file: string, expected: string][] = [
    ['syntax-error.yaml', 'syntax-error.yaml:6:1: YAML syntax: '],
    [
      'unknown-key.yaml',
      'unknown-key.yaml:7:5: sources[1].feedurl: unknown key "feedurl" (did you mean "feed"?)',
    ],
    ['bad-url.yaml', 'bad-url.yaml:13:11: sources[2].feed: must be an http(s) URL'],
    [
      'wrong-kind.yaml',
      'wrong-kind.yaml:6:11: sources[0].kind: ' +
        'must be one of blog, media, influencer (got "blogueur")',
    ],
    [
      'duplicate-feed.yaml',
      'duplicate-feed.yaml:9:11: sources[2].feed: duplicate feed, already used by sources[0]',
    ],
    ['missing-name.yaml', 'missing-name.yaml:1:1: name: is required'],
  ]

  it.each(cases)('%s reports its problem with file:line:column', async (file, expected) => {
    const { errors } = await loadSectors(fixtures)
    const messages = errors.filter((e) => path.basename(e.file) === file).map(short)
    expect(messages.some((m) => m.startsWith(expected)), messages.join('\n')).toBe(true)
  })

  it('still loads the good files, with defaults applied, and only those', async () => {
    const { sectors, errors } = await loadSectors(fixtures)
    expect(sectors.map((s) => s.slug)).toEqual(['minimal', 'veille-marketing'])
    const broken = new Set(errors.map((e) => path.basename(e.file)))
    expect([...broken].sort()).toEqual(cases.map(([f]) => f).sort())

    const veille = sectors.find((s) => s.slug === 'veille-marketing')!
    expect(veille.file).toBe(path.join(fixtures, 'veille-marketing.yaml'))
    expect(veille.profile).toEqual({
      halfLifeHours: 24,
      topics: [
        {
          name: 'Réseaux sociaux',
          weight: 2,
          terms: ['réseaux sociaux', 'social media', "taux d'engagement"],
        },
        { name: 'Influence', weight: 1, terms: ["marketing d'influence", 'influenceur'] },
      ],
      excluded: ['code promo', 'paris sportifs'],
    })
    expect(veille.sources[0]).toEqual({
      name: 'Le blog de Léa',
      siteUrl: 'https://lea-cm.example/',
      feedUrl: 'https://lea-cm.example/feed/',
      kind: 'influencer',
      people: [{ name: 'Léa Martin', handles: { x: '@leamartin_cm', linkedin: 'lea-martin-cm' } }],
      tags: ['community management'],
      lang: 'fr',
      noFeed: false,
    })

    const minimal = sectors.find((s) => s.slug === 'minimal')!
    expect(minimal.description).toBeNull()
    expect(minimal.profile).toEqual({ halfLifeHours: 48, topics: [], excluded: [] })
    expect(minimal.sources[0]).toMatchObject({
      kind: 'blog',
      siteUrl: null,
      lang: null,
      tags: [],
      people: [],
    })
  })
})

describe('parseSector messages', () => {
  const check = (yaml: string) =>
    parseSector(yaml, 'feeds/x.yaml', 'x').errors.map(formatSectorError)

  it('points an unknown nested key at its own line and suggests the right one', () => {
    const yaml = [
      'name: X',
      'language: fr',
      'profile:',
      '  halflife: 12',
      '  topics:',
      '    - name: Crise',
      '      wieght: 2',
      '      terms: [bad buzz]',
      'sources:',
      '  - name: A',
      '    feed: https://a.example/feed',
      '    people:',
      '      - name: B',
      '        handles: { twitter: "@b" }',
    ].join('\n')
    const errors = check(yaml)
    expect(errors).toHaveLength(3)
    expect(errors[0]).toMatch(
      'feeds/x.yaml:4:3: profile.halflife: unknown key "halflife" (did you mean "half_life_hours"?)',
    )
    expect(errors[1]).toMatch(
      'feeds/x.yaml:7:7: profile.topics[0].wieght: unknown key "wieght" (did you mean "weight"?)',
    )
    expect(errors[2]).toMatch(
      'feeds/x.yaml:14:20: sources[0].people[0].handles.twitter: unknown key "twitter" (did you mean "x"?)',
    )
  })

  it('explains wrong types, empty values and out-of-range numbers', () => {
    const yaml = [
      'name: X',
      'language: French',
      'profile:',
      '  half_life_hours: -3',
      '  topics:',
      '    - name: Vide',
      '      weight: lourd',
      '      terms: []',
      'sources:',
      '  - name: A',
      '    feed:',
      '    tags: réseaux',
    ].join('\n')
    expect(check(yaml)).toEqual([
      'feeds/x.yaml:2:11: language: must be a language code such as "fr" or "en-GB"',
      'feeds/x.yaml:4:20: profile.half_life_hours: must be greater than 0',
      'feeds/x.yaml:7:15: profile.topics[0].weight: must be a number (got "lourd")',
      'feeds/x.yaml:8:14: profile.topics[0].terms: must list at least 1 item(s)',
      'feeds/x.yaml:11:5: sources[0].feed: must not be empty',
      'feeds/x.yaml:12:11: sources[0].tags: must be a list (got "réseaux")',
    ])
  })

  it('treats http/https and a trailing slash as one feed, and refuses duplicate topics', () => {
    const yaml = [
      'name: X',
      'language: fr',
      'profile:',
      '  topics:',
      '    - { name: Influence, terms: [influenceur] }',
      '    - { name: influence, terms: [KOL] }',
      'sources:',
      '  - { name: A, feed: "https://A.example/feed/" }',
      '  - { name: B, feed: "http://a.example/feed" }',
    ].join('\n')
    expect(check(yaml)).toEqual([
      'feeds/x.yaml:6:15: profile.topics[1].name: duplicate topic name, already used by topics[0]',
      'feeds/x.yaml:9:22: sources[1].feed: duplicate feed, already used by sources[0]',
    ])
  })

  it('refuses a non-slug file name, a non-mapping file and alias bombs', () => {
    const badSlug = parseSector('name: X\nlanguage: fr\n', 'feeds/Mon Secteur.yaml', 'Mon Secteur')
    expect(badSlug.errors[0]).toMatchObject({
      line: null,
      message: expect.stringContaining('must use only a-z, 0-9 and "-"'),
    })
    expect(check('- just\n- a list\n')).toEqual([
      'feeds/x.yaml:1:1: the file must be a mapping with name, language, profile and sources',
    ])
    // Each level refers ten times to the previous one: 10^9 nodes if expanded.
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 9; i++) {
      const [name, previous] = ['abcdefghi'[i], 'abcdefghi'[i - 1]]
      bomb.push(
        `${name}: &${name} [${Array(10)
          .fill('*' + previous)
          .join(', ')}]`,
      )
    }
    bomb.push('name: X', 'language: fr')
    const started = Date.now()
    expect(check(bomb.join('\n'))[0]).toMatch(/^feeds\/x\.yaml: YAML: .*alias/i)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('reads a file saved with a BOM and keeps line numbers right', () => {
    const yaml = '\uFEFFname: X\nlanguage: fr\nsources:\n  - name: A\n    feed: nope\n'
    expect(check(yaml)).toEqual(['feeds/x.yaml:5:11: sources[0].feed: must be an http(s) URL'])
  })
})

describe('loadSectors on folders', () => {
  let dir = ''
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

  it('throws a clear AppError when the folder does not exist', async () => {
    await expect(loadSectors('/nonexistent/vigie-feeds')).rejects.toMatchObject({
      code: 'sectors_dir_unreadable',
    })
  })

  it('ignores non-YAML files and refuses two files with the same slug', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vigie-sectors-'))
    writeFileSync(path.join(dir, 'mode.yaml'), 'name: Mode\nlanguage: fr\n')
    writeFileSync(path.join(dir, 'mode.yml'), 'name: Mode bis\nlanguage: fr\n')
    writeFileSync(path.join(dir, 'README.md'), '# not a sector\n')
    const { sectors, errors } = await loadSectors(dir)
    expect(sectors.map((s) => s.name)).toEqual(['Mode'])
    const [yaml, yml] = [path.join(dir, 'mode.yaml'), path.join(dir, 'mode.yml')]
    expect(errors.map(formatSectorError)).toEqual([
      `${yml}: sector "mode" is already defined by ${yaml}`,
    ])
  })
})

describe('formatSectorError', () => {
  it('writes file:line:column, or only the file when the whole file is concerned', () => {
    const message = 'sources[3].feed: must be an http(s) URL'
    expect(formatSectorError({ file: 'feeds/x.yaml', line: 12, column: 5, message })).toBe(
      'feeds/x.yaml:12:5: sources[3].feed: must be an http(s) URL',
    )
    const whole = { file: 'feeds/x.yaml', line: null, column: null, message: 'boom' }
    expect(formatSectorError(whole)).toBe('feeds/x.yaml: boom')
  })
})

describe('a source without a feed in the sector file', () => {
  it('is followed through the page its `feed` names, and goes back to a feed when the key goes', async () => {
    const yaml = (noFeed: string) => `name: Veille
language: fr
sources:
  - name: L’Atelier Communauté
    feed: https://atelier-communaute.example/blog/
${noFeed}`
    const withPage = parseSector(yaml('    no_feed: true\n'), 'veille.yaml', 'veille')
    expect(withPage.sector!.sources[0]).toMatchObject({ noFeed: true })
    const db = await tempDb()
    await syncSectors(db.db, [withPage.sector!], new Date('2026-12-01T08:00:00Z'))
    expect((await listFeeds(db.db, 'veille'))[0]).toMatchObject({ sourceType: 'page' })

    const asFeed = parseSector(yaml(''), 'veille.yaml', 'veille')
    await syncSectors(db.db, [asFeed.sector!], new Date('2026-12-01T09:00:00Z'))
    expect((await listFeeds(db.db, 'veille'))[0]).toMatchObject({ sourceType: 'feed' })

    const wrong = parseSector(yaml('    no_feed: oui\n'), 'veille.yaml', 'veille')
    expect(formatSectorError(wrong.errors[0]!)).toMatch(/sources\[0\]\.no_feed/)
  })
})
