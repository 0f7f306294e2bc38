import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sectors } from '../../db/schema.ts'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { createSourceDiscovery } from '../../src/jobs/source-discovery.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { listFeeds, listSuggestions, type Database } from '../../src/store/index.ts'
import { armTripwire } from '../helpers/tripwire.ts'
import { seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'
import {
  discoveryDeps,
  fixtureSites,
  NOW,
  SECTOR,
  seedCitingArticles,
  SITES,
} from './discovery-fixture.ts'

const targets: string[] = []
beforeEach(() => {
  targets.length = 0
  // Only the loopback may ever be connected to: a guard that let 10.0.0.1 through would throw here.
  armTripwire((host) => host === '127.0.0.1', targets)
})
afterEach(() => vi.restoreAllMocks())

async function setup() {
  const database = await tempDb()
  await seedShippedSectors(database, NOW)
  const sites = await fixtureSites()
  await seedCitingArticles(database, sites.site)
  const fetchDeps = discoveryDeps()
  const clock = fixedClock(NOW)
  const deps = { db: database.db, clock, log: silentLog }
  await recomputeDirectory(deps, SECTOR)
  const scoring = createScoring(deps)
  const discovery = createSourceDiscovery({
    ...deps,
    allowHosts: ['127.0.0.1'],
    discovery: fetchDeps,
    scoring,
  })
  const close = () => Promise.all([fetchDeps.close(), scoring.close()])
  return { database, sites, discovery, deps, scoring, close }
}

const hostsOf = (rows: { host: string }[]) => rows.map((r) => r.host)

describe('source discovery', () => {
  it('ranks cited sites not followed, finds their feeds and never fetches a private address', async () => {
    const { database, sites, discovery, close } = await setup()
    try {
      const run = await discovery.discover(SECTOR)
      expect(run.candidates).toBe(4)
      expect(run.checked).toBe(4)
      expect(run.found).toBe(2)
      const list = await listSuggestions(database.db, SECTOR)
      // Distinct citing sources first, then citations; platforms, shorteners, followed (www.) and
      // once-cited sites are not proposed.
      expect(hostsOf(list)).toEqual([SITES.alpha, SITES.beta, SITES.gamma, SITES.delta])
      const by = Object.fromEntries(list.map((s) => [s.host, s]))
      expect(by[SITES.alpha]).toMatchObject({
        citingSources: 3,
        citations: 4,
        siteUrl: sites.site(SITES.alpha),
        // The articles' feed, not the comments feed the page announces first.
        feedUrl: `${sites.site(SITES.alpha)}flux/articles.xml`,
        title: 'Alpha, le blog du community management',
        error: null,
      })
      expect(by[SITES.beta]).toMatchObject({
        citingSources: 2,
        citations: 4,
        feedUrl: `${sites.site(SITES.beta)}feed.xml`,
        title: 'Beta, cuisine du dimanche',
      })
      expect(by[SITES.gamma]).toMatchObject({ citingSources: 2, citations: 2, feedUrl: null })
      expect(by[SITES.gamma]!.error).toMatch(/no feed found/)
      expect(by[SITES.delta]).toMatchObject({ citingSources: 1, citations: 3, feedUrl: null })
      expect(by[SITES.delta]!.error).toMatch(/10\.0\.0\.1 is not public/)
      expect(by[SITES.alpha]!.checkedAt).toEqual(NOW)

      // A blog on the sector's subject scores well above a cooking blog.
      expect(by[SITES.alpha]!.affinity).toBeGreaterThan(0.3)
      expect(by[SITES.beta]!.affinity).toBeLessThan(0.05)

      // Only the loopback was connected to, and only the fixture hosts were asked.
      expect(targets.length).toBeGreaterThan(0)
      expect(new Set(targets)).toEqual(new Set(['127.0.0.1']))
      const asked = new Set(sites.hits.map((h) => h.split(' ')[0]))
      expect(asked).toEqual(new Set([SITES.alpha, SITES.beta, SITES.gamma, SITES.delta]))
      // Alpha announced its feed: no common path was guessed there.
      expect(sites.hits.filter((h) => h.startsWith(SITES.alpha))).toEqual([
        `${SITES.alpha} /`,
        `${SITES.alpha} /flux/articles.xml`,
      ])
      // Beta has none announced: the common paths were tried in order until /feed.xml.
      expect(
        sites.hits.filter((h) => h.startsWith(SITES.beta)).map((h) => h.split(' ')[1]),
      ).toEqual(['/', '/feed', '/feed/', '/rss', '/rss.xml', '/atom.xml', '/feed.xml'])

      // A second run within the week asks no site again.
      const before = sites.hits.length
      const again = await discovery.discover(SECTOR)
      expect(again.checked).toBe(0)
      expect(sites.hits.length).toBe(before)
    } finally {
      await close()
    }
  })

  it('looks at no more sites per run than asked, best first', async () => {
    const { database, sites, discovery, close } = await setup()
    try {
      const run = await discovery.discover(SECTOR, { maxSites: 1 })
      expect(run.checked).toBe(1)
      const list = await listSuggestions(database.db, SECTOR)
      expect(list.filter((s) => s.checkedAt).map((s) => s.host)).toEqual([SITES.alpha])
      expect(new Set(sites.hits.map((h) => h.split(' ')[0]))).toEqual(new Set([SITES.alpha]))
    } finally {
      await close()
    }
  })

  it('keeps a dismissed suggestion dismissed and a followed one followed after recomputation', async () => {
    const { database, discovery, deps, close } = await setup()
    try {
      await discovery.discover(SECTOR)
      await discovery.dismiss(SECTOR, SITES.gamma)
      const followed = await discovery.follow(SECTOR, SITES.alpha)
      expect(followed.added).toBe(1)

      const feeds = await listFeeds(database.db, SECTOR)
      const added = feeds.find((f) => f.url === followed.feedUrl)
      expect(added).toMatchObject({
        origin: 'manual',
        sourceName: 'Alpha, le blog du community management',
        kind: 'blog',
      })
      expect(followed.feedUrl).toMatch(/flux\/articles\.xml$/)

      await recomputeDirectory(deps, SECTOR)
      await discovery.discover(SECTOR, { recheckAfterMs: 0 })
      expect(hostsOf(await listSuggestions(database.db, SECTOR))).toEqual([SITES.beta, SITES.delta])
      const all = await listSuggestions(database.db, SECTOR, { status: 'all' })
      const status = Object.fromEntries(all.map((s) => [s.host, s.status]))
      expect(status[SITES.gamma]).toBe('dismissed')
      // Followed: its host is now a feed of the sector, yet the row keeps saying it was followed.
      expect(status[SITES.alpha]).toBe('followed')
    } finally {
      await close()
    }
  })

  it('follows a suggestion into another sector', async () => {
    const { database, discovery, close } = await setup()
    try {
      await database.db.insert(sectors).values({
        slug: 'veille-food',
        name: 'Veille food',
        language: 'fr',
        profile: { topics: [], excluded: [], halfLifeHours: 48 },
        updatedAt: NOW,
      })
      await discovery.discover(SECTOR)
      const r = await discovery.follow(SECTOR, SITES.beta, 'veille-food')
      expect(r.added).toBe(1)
      expect((await listFeeds(database.db, 'veille-food')).map((f) => f.url)).toEqual([r.feedUrl])
      await expect(discovery.follow(SECTOR, SITES.beta, 'nulle-part')).rejects.toMatchObject({
        code: 'sector_not_found',
      })
      await expect(discovery.dismiss(SECTOR, 'inconnu.test')).rejects.toMatchObject({
        code: 'not_found',
      })
    } finally {
      await close()
    }
  })
})
