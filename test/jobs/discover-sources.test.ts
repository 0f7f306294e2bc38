import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { addSectorFeeds } from '../../src/jobs/feed-add.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { createSourceDiscovery } from '../../src/jobs/source-discovery.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { parseOpml } from '../../src/sectors/index.ts'
import { listFeeds } from '../../src/store/index.ts'
import {
  discoveryDeps,
  fixtureSites,
  NOW,
  SECTOR,
  seedCitingArticles,
  SITES,
} from '../directory/discovery-fixture.ts'
import { seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'
import { armTripwire } from '../helpers/tripwire.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const run = promisify(execFile)

const targets: string[] = []
beforeEach(() => {
  targets.length = 0
  armTripwire((host) => host === '127.0.0.1', targets)
})
afterEach(() => vi.restoreAllMocks())

async function setup(now = NOW) {
  const database = await tempDb()
  await seedShippedSectors(database, now)
  const sites = await fixtureSites()
  const fetchDeps = discoveryDeps()
  const clock = fixedClock(now)
  const scoring = createScoring({ db: database.db, clock, log: silentLog })
  const discovery = createSourceDiscovery({
    db: database.db,
    clock,
    log: silentLog,
    allowHosts: ['127.0.0.1'],
    discovery: fetchDeps,
    scoring,
  })
  const close = () => Promise.all([fetchDeps.close(), scoring.close()])
  return { database, sites, discovery, clock, close }
}

describe('adding feeds by site address', () => {
  it('an OPML list of sites gets the feed each site announces; sites without one are listed', async () => {
    const { database, sites, discovery, close } = await setup()
    try {
      const betaFeed = `${sites.site(SITES.beta)}feed.xml`
      const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Sites</title></head><body>
        <outline text="Blog Alpha" xmlUrl="${sites.site(SITES.alpha)}" htmlUrl="${sites.site(SITES.alpha)}"/>
        <outline text="Gamma" xmlUrl="${sites.site(SITES.gamma)}"/>
        <outline text="Beta" xmlUrl="${betaFeed}"/>
      </body></opml>`
      const { outlines } = parseOpml(opml)
      const r = await addSectorFeeds(
        { db: database.db, allowHosts: ['127.0.0.1'], now: NOW, findFeed: discovery.findFeed },
        SECTOR,
        outlines.map((o) => ({ url: o.xmlUrl, title: o.title, siteUrl: o.htmlUrl })),
        'opml',
      )
      expect(r.added).toBe(2)
      expect(r.noFeed).toEqual([
        { url: sites.site(SITES.gamma), reason: expect.stringMatching(/no feed found/) },
      ])
      const feeds = await listFeeds(database.db, SECTOR)
      const urls = feeds.map((f) => f.url)
      expect(urls).toContain(`${sites.site(SITES.alpha)}flux/articles.xml`)
      expect(urls).toContain(betaFeed)
      expect(urls).not.toContain(sites.site(SITES.gamma))
      // A feed address is taken as given: beta was never asked at import.
      expect(sites.hits.some((h) => h.startsWith(SITES.beta))).toBe(false)
    } finally {
      await close()
    }
  }, 60_000)
})

describe('vigie discover', () => {
  it('prints the suggestions as JSON, best first, without asking sites checked this week', async () => {
    // The command runs on the real clock: the checks must be recent for it.
    const { database, sites, discovery, clock, close } = await setup(new Date())
    try {
      await seedCitingArticles(database, sites.site)
      await recomputeDirectory({ db: database.db, clock, log: silentLog }, SECTOR)
      await discovery.discover(SECTOR)
      const hitsBefore = sites.hits.length
      // The child process has the real resolver: it must not need it, every site was just checked.
      const { stdout } = await run(
        process.execPath,
        [path.join(root, 'src/bin.mjs'), 'discover', '--sector', SECTOR, '--json'],
        {
          cwd: root,
          env: {
            ...process.env,
            DATABASE_URL: database.url,
            VIGIE_LOG_LEVEL: 'error',
            VIGIE_ALLOW_HOSTS: '127.0.0.1',
          },
        },
      )
      const out = JSON.parse(stdout)
      expect(out).toMatchObject({ sector: SECTOR, candidates: 4, checked: 0, found: 0 })
      expect(out.suggestions.map((s: { host: string }) => s.host)).toEqual([
        SITES.alpha,
        SITES.beta,
        SITES.gamma,
        SITES.delta,
      ])
      expect(out.suggestions[0]).toMatchObject({
        feedUrl: `${sites.site(SITES.alpha)}flux/articles.xml`,
        title: 'Alpha, le blog du community management',
        citingSources: 3,
        citations: 4,
      })
      expect(sites.hits.length).toBe(hitsBefore)

      const unknown = await run(
        process.execPath,
        [path.join(root, 'src/bin.mjs'), 'discover', '--sector', 'nulle-part'],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: database.url, VIGIE_LOG_LEVEL: 'error' },
        },
      ).catch((e: { code: number; stderr: string }) => e)
      expect((unknown as { code: number }).code).not.toBe(0)
      expect((unknown as { stderr: string }).stderr).toMatch(/nulle-part/)
    } finally {
      await close()
    }
  }, 60_000)
})
