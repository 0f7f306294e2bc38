import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../src/lib/errors.ts'
import {
  parseSector,
  profileIssues,
  replaceProfileInYaml,
  saveProfileFile,
  sectorFile,
  type SectorProfile,
} from '../../src/sectors/index.ts'

const fixture = path.resolve(import.meta.dirname, '../fixtures/profile-file/veille-seo.yaml')
const original = fs.readFileSync(fixture, 'utf8')
const profileOf = (text: string) => {
  const { sector, errors } = parseSector(text, 'veille-seo.yaml', 'veille-seo')
  expect(errors).toEqual([])
  return sector!.profile
}

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))
function tempFeeds(name = 'veille-seo.yaml', text = original) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-profile-'))
  dirs.push(dir)
  fs.writeFileSync(path.join(dir, name), text)
  return { dir, file: path.join(dir, name) }
}

// The text outside the `profile:` section, which an edit must leave byte for byte.
const outsideProfile = (text: string) => {
  const start = text.indexOf('\nprofile:')
  const end = text.indexOf('# Les sources suivent.')
  return [text.slice(0, start), text.slice(end)]
}

describe('replaceProfileInYaml', () => {
  it('gives back the same bytes when the profile does not change', () => {
    expect(replaceProfileInYaml(original, profileOf(original))).toBe(original)
  })

  it('changes weights, terms, half-life and topics, keeping comments and the rest of the file', () => {
    const p = structuredClone(profileOf(original))
    p.halfLifeHours = 72
    p.topics[0]!.weight = 2.5
    p.topics[0]!.terms.push('Google Discover')
    p.topics.splice(1, 1) // Netlinking goes
    p.topics.push({
      name: 'IA et recherche',
      weight: 1.5,
      terms: ['AI Overviews', 'recherche générative'],
    })
    p.excluded = ['code promo']
    const next = replaceProfileInYaml(original, p)

    expect(outsideProfile(next)).toEqual(outsideProfile(original))
    expect(next).toContain('  # Une semaine : le SEO bouge lentement.\n  half_life_hours: 72\n')
    expect(next).toContain(
      '    # Le cœur du métier.\n    - name: Algorithme de Google\n      weight: 2.5\n',
    )
    expect(next).toContain('- Google Search Central # la source officielle')
    // A topic that leaves its weight to the default keeps doing so.
    expect(next).toContain(
      '\n\n    - name: SEO technique\n      terms:\n        - Core Web Vitals\n',
    )
    expect(next).not.toContain('Netlinking')
    expect(next).not.toContain('casino')
    expect(next).toContain(
      '    - name: IA et recherche\n      weight: 1.5\n      terms:\n        - AI Overviews\n',
    )

    const reread = profileOf(next)
    expect(reread).toEqual({ ...p, topics: p.topics.map((t) => ({ ...t })) })
  })

  it('adds a profile to a file without one, above the comments of `sources:`', () => {
    const bare =
      'name: Sans profil\nlanguage: fr\n\n# Les sources.\nsources:\n  - name: A\n    feed: https://a.example/feed\n'
    const profile: SectorProfile = {
      halfLifeHours: 24,
      topics: [{ name: 'Thème', weight: 1, terms: ['mot'] }],
      excluded: [],
    }
    const next = replaceProfileInYaml(bare, profile)
    expect(
      next.startsWith('name: Sans profil\nlanguage: fr\n\nprofile:\n  half_life_hours: 24\n'),
    ).toBe(true)
    expect(next).toContain('\n# Les sources.\nsources:\n  - name: A\n')
    const { sector } = parseSector(next, 'x.yaml', 'sans-profil')
    expect(sector?.profile).toEqual(profile)
  })
})

describe('profileIssues', () => {
  const ok: SectorProfile = {
    halfLifeHours: 48,
    topics: [{ name: 'A', weight: 2, terms: ['x'] }],
    excluded: [],
  }
  it.each([
    [
      'a negative weight',
      { topics: [{ name: 'A', weight: -1, terms: ['x'] }] },
      'topics[0].weight',
    ],
    [
      'a weight above 10',
      { topics: [{ name: 'A', weight: 11, terms: ['x'] }] },
      'topics[0].weight',
    ],
    ['a topic without terms', { topics: [{ name: 'A', weight: 1, terms: [] }] }, 'topics[0].terms'],
    ['a zero half-life', { halfLifeHours: 0 }, 'half_life_hours'],
    [
      'two topics of one name',
      {
        topics: [
          { name: 'A', weight: 1, terms: ['x'] },
          { name: 'a', weight: 1, terms: ['y'] },
        ],
      },
      'topics[1].name',
    ],
  ])('refuses %s', (_, patch, field) => {
    expect(profileIssues({ ...ok, ...patch }).map((i) => i.field)).toContain(field)
  })
  it('accepts a valid profile', () => expect(profileIssues(ok)).toEqual([]))
})

describe('saveProfileFile', () => {
  it('writes the edited profile to <slug>.yaml and returns the sector as now defined', async () => {
    const { dir, file } = tempFeeds()
    const p = structuredClone(profileOf(original))
    p.topics[1]!.weight = 4
    const sector = await saveProfileFile(dir, 'veille-seo', p)
    expect(sector.profile.topics[1]!.weight).toBe(4)
    const written = fs.readFileSync(file, 'utf8')
    expect(profileOf(written).topics[1]!.weight).toBe(4)
    expect(outsideProfile(written)).toEqual(outsideProfile(original))
    expect(fs.readdirSync(dir)).toEqual(['veille-seo.yaml'])
  })

  it('finds a .yml file too', async () => {
    const { dir, file } = tempFeeds('veille-seo.yml')
    expect(await sectorFile(dir, 'veille-seo')).toBe(file)
  })

  it('refuses a negative weight and leaves the file untouched', async () => {
    const { dir, file } = tempFeeds()
    const p = structuredClone(profileOf(original))
    p.topics[0]!.weight = -2
    const err = await saveProfileFile(dir, 'veille-seo', p).catch((e) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err.code).toBe('validation_failed')
    expect(err.details.field).toBe('topics[0].weight')
    expect(fs.readFileSync(file, 'utf8')).toBe(original)
  })

  it('refuses a slug that is not a file name of the folder', async () => {
    const { dir } = tempFeeds()
    const err = await saveProfileFile(dir, '../veille-seo', profileOf(original)).catch((e) => e)
    expect(err.code).toBe('sector_not_found')
  })
})
