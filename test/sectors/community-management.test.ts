import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildOpml, formatSectorError, loadSectors, parseOpml } from '../../src/sectors/index.ts'

const feedsDir = path.join(import.meta.dirname, '../../feeds')

describe('feeds/community-management.yaml', async () => {
  const { sectors, errors } = await loadSectors(feedsDir)
  const sector = sectors.find((s) => s.slug === 'community-management')

  it('loads without errors', () => {
    const own = errors.filter((e) => e.file.endsWith('community-management.yaml'))
    expect(own.map(formatSectorError)).toEqual([])
    expect(sector).toBeDefined()
    expect(sector!.language).toBe('fr')
  })

  it('ships at least 25 sources with unique https feeds and a mix of kinds', () => {
    const feeds = sector!.sources.map((s) => s.feedUrl)
    expect(feeds.length).toBeGreaterThanOrEqual(25)
    expect(new Set(feeds.map((f) => f.toLowerCase().replace(/\/+$/, ''))).size).toBe(feeds.length)
    for (const feed of feeds) expect(new URL(feed).protocol, feed).toBe('https:')
    const kinds = new Set(sector!.sources.map((s) => s.kind))
    expect([...kinds].sort()).toEqual(['blog', 'influencer', 'media'])
    expect(sector!.sources.filter((s) => s.lang === 'en').length).toBeGreaterThan(0)
  })

  it('has a weighted bilingual profile and off-topic exclusions', () => {
    const { topics, excluded } = sector!.profile
    expect(topics.length).toBeGreaterThanOrEqual(10)
    const terms = topics.flatMap((t) => t.terms)
    const phrases = [
      "taux d'engagement",
      'engagement rate',
      'gestion de communauté',
      'brand content',
    ]
    for (const phrase of phrases) expect(terms).toContain(phrase)
    expect(new Set(topics.map((t) => t.weight)).size).toBeGreaterThan(1)
    for (const noise of ['casino', 'paris sportifs', 'horoscope', 'code promo']) {
      expect(excluded).toContain(noise)
    }
  })

  it('exports to OPML and reads back the same feeds', () => {
    const outlines = sector!.sources.map((s) => ({
      title: s.name,
      xmlUrl: s.feedUrl,
      htmlUrl: s.siteUrl,
      category: s.kind,
    }))
    const back = parseOpml(buildOpml({ title: sector!.name, outlines }))
    expect(back.title).toBe(sector!.name)
    // One folder per category, in the order each category first appears.
    const folders = [...new Set(outlines.map((o) => o.category))]
    expect(back.outlines).toEqual(folders.flatMap((c) => outlines.filter((o) => o.category === c)))
  })
})

