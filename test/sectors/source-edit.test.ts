import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  editSourceInYaml,
  parseSector,
  removeSourceFromYaml,
  saveSourceEdit,
} from '../../src/sectors/index.ts'

const file = `name: Veille SEO
language: fr
sources:
  # Les médias d'abord
  - name: Abondance
    feed: https://www.abondance.com/feed/
    kind: media # le plus lu
    tags: [seo]

  - name: "Blog: l'atelier"
    site: https://atelier.example/
    feed: https://atelier.example/feed/
`

const sourcesOf = (text: string) =>
  parseSector(text, 'veille-seo.yaml', 'veille-seo').sector!.sources

describe('editSourceInYaml', () => {
  it('changes only the name and kind of the source with that feed, comments and layout kept', () => {
    const next = editSourceInYaml(file, 'https://www.abondance.com/feed/', {
      name: 'Abondance – actualité SEO',
      kind: 'blog',
    })
    expect(next).toBe(
      file
        .replace('  - name: Abondance\n', '  - name: Abondance – actualité SEO\n')
        .replace('kind: media # le plus lu', 'kind: blog # le plus lu'),
    )
    expect(sourcesOf(next)[0]).toMatchObject({ name: 'Abondance – actualité SEO', kind: 'blog' })
    expect(sourcesOf(next)[1]).toEqual(sourcesOf(file)[1])
  })

  it('adds a missing kind on its own line under the feed, and quotes a name that needs it', () => {
    const next = editSourceInYaml(file, 'https://atelier.example/feed/', {
      name: 'Atelier: notes # 2',
      kind: 'influencer',
    })
    expect(next).toContain(
      '  - name: "Atelier: notes # 2"\n    site: https://atelier.example/\n    feed: https://atelier.example/feed/\n    kind: influencer\n',
    )
    expect(sourcesOf(next)[1]).toMatchObject({ name: 'Atelier: notes # 2', kind: 'influencer' })
  })

  it('leaves the text as it is when nothing changes', () => {
    expect(
      editSourceInYaml(file, 'https://www.abondance.com/feed/', {
        name: 'Abondance',
        kind: 'media',
      }),
    ).toBe(file)
  })

  it('says so when no source has that feed', () => {
    expect(() => editSourceInYaml(file, 'https://autre.example/feed/', { name: 'X' })).toThrow(
      /no source with the feed https:\/\/autre\.example\/feed\//,
    )
  })
})

describe('saveSourceEdit', () => {
  it('writes the edit into the sector file, which reads back with it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-source-edit-'))
    try {
      const target = path.join(dir, 'veille-seo.yaml')
      fs.writeFileSync(target, file)
      await saveSourceEdit(dir, 'veille-seo', 'https://atelier.example/feed/', { kind: 'media' })
      expect(sourcesOf(fs.readFileSync(target, 'utf8'))[1]!.kind).toBe('media')
      expect(fs.readdirSync(dir)).toEqual(['veille-seo.yaml'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('saveSourceEdit with a hostile name', () => {
  it('keeps a name with line breaks and YAML syntax as one value, and nothing else moves', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-source-edit-'))
    try {
      const target = path.join(dir, 'veille-seo.yaml')
      fs.writeFileSync(target, file)
      const name =
        'Abondance\n    kind: influencer\n  - name: Intrus\n    feed: https://intrus.example/feed'
      await saveSourceEdit(dir, 'veille-seo', 'https://www.abondance.com/feed/', { name })
      const sources = sourcesOf(fs.readFileSync(target, 'utf8'))
      expect(sources).toHaveLength(2)
      expect(sources[0]).toMatchObject({ name, kind: 'media' })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

it('refuses an edit the file cannot read back, and leaves the file as it was', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-source-edit-'))
  try {
    const target = path.join(dir, 'veille-seo.yaml')
    const flow = `${file}  - { name: Flux, feed: https://flux.example/feed }\n`
    fs.writeFileSync(target, flow)
    const err = await saveSourceEdit(dir, 'veille-seo', 'https://flux.example/feed', {
      kind: 'media',
    }).catch((e) => e)
    expect(err.code).toBe('validation_failed')
    expect(fs.readFileSync(target, 'utf8')).toBe(flow)
    expect(fs.readdirSync(dir)).toEqual(['veille-seo.yaml'])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

describe('removeSourceFromYaml', () => {
  it('takes out the lines of the source with that feed, and nothing else', () => {
    expect(removeSourceFromYaml(file, 'https://www.abondance.com/feed/')).toBe(`name: Veille SEO
language: fr
sources:
  # Les médias d'abord

  - name: "Blog: l'atelier"
    site: https://atelier.example/
    feed: https://atelier.example/feed/
`)
    expect(removeSourceFromYaml(file, 'https://atelier.example/feed/')).toBe(`name: Veille SEO
language: fr
sources:
  # Les médias d'abord
  - name: Abondance
    feed: https://www.abondance.com/feed/
    kind: media # le plus lu
    tags: [seo]

`)
    expect(sourcesOf(removeSourceFromYaml(file, 'https://atelier.example/feed/'))).toHaveLength(1)
  })

  it('leaves an empty list when the last source goes, and a file without that feed as it was', () => {
    const one = removeSourceFromYaml(file, 'https://atelier.example/feed/')
    const none = removeSourceFromYaml(one, 'https://www.abondance.com/feed/')
    expect(none).toBe(`name: Veille SEO\nlanguage: fr\nsources: []\n  # Les médias d'abord\n\n`)
    expect(sourcesOf(none)).toEqual([])
    expect(removeSourceFromYaml(file, 'https://ailleurs.example/feed/')).toBe(file)
  })
})
