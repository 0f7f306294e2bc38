import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { createSourceDiscovery } from '../../src/jobs/source-discovery.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { listFeeds, listSuggestions } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'
import { armTripwire } from '../helpers/tripwire.ts'
import {
  discoveryDeps,
  fixtureSites,
  gammaHomeListsPosts,
  NOW,
  SECTOR,
  seedCitingArticles,
  SITES,
} from './discovery-fixture.ts'

const targets: string[] = []
beforeEach(() => {
  targets.length = 0
  armTripwire((host) => host === '127.0.0.1', targets)
})
afterEach(() => vi.restoreAllMocks())

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function setup(role: 'curator' | 'admin' = 'curator') {
  const sites = await fixtureSites()
  const clock = fixedClock(NOW)
  const t = await testApp({
    role,
    clock,
    deps: { config: { feedsDir: 'feeds', allowHosts: ['127.0.0.1'] } },
    seed: (database) => seedCitingArticles(database, sites.site),
  })
  const fetchDeps = discoveryDeps()
  closers.push(fetchDeps.close)
  const discovery = createSourceDiscovery({
    db: t.db.db,
    clock,
    log: silentLog,
    allowHosts: ['127.0.0.1'],
    discovery: fetchDeps,
    scoring: t.deps.scoring,
  })
  t.deps.discovery = discovery
  await recomputeDirectory({ db: t.db.db, clock, log: silentLog }, SECTOR)
  await discovery.discover(SECTOR)
  return { t, sites }
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})
const json = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify(body),
})

describe('suggestions on the directory page and in the API', () => {
  it('lists them best first, and a curator dismisses and follows from the page', async () => {
    const { t, sites } = await setup()
    const page = await (await t.request(`/directory?sector=${SECTOR}&tab=suggestions`)).text()
    const order = [...page.matchAll(/<tr data-host="([^"]+)"/g)].map((m) => m[1])
    expect(order).toEqual([SITES.alpha, SITES.beta, SITES.gamma, SITES.delta])
    expect(page).toContain('Sources suggérées')
    expect(page).toContain('Alpha, le blog du community management')
    expect(page).toContain('aucun flux trouvé')
    expect(page).toContain('action="/directory/suggestions/follow"')

    const dismissed = await t.request(
      '/directory/suggestions/dismiss',
      form({ sector: SECTOR, host: SITES.gamma }),
    )
    expect(dismissed.status).toBe(303)
    const location = dismissed.headers.get('location')!
    expect(location).toBe(
      `/directory?sector=${SECTOR}&tab=suggestions&did=dismissed&site=${SITES.gamma}#suggestions`,
    )
    const after = await (await t.request(location)).text()
    expect(after).toContain(`${SITES.gamma} ne sera plus proposé.`)
    expect(after).not.toContain(`data-host="${SITES.gamma}"`)

    const followed = await t.request(
      '/directory/suggestions/follow',
      form({ sector: SECTOR, host: SITES.alpha, into: SECTOR }),
    )
    expect(followed.status).toBe(303)
    const feeds = await listFeeds(t.db.db, SECTOR)
    expect(feeds.map((f) => f.url)).toContain(`${sites.site(SITES.alpha)}flux/articles.xml`)
    const left = (await listSuggestions(t.db.db, SECTOR)).map((s) => s.host)
    expect(left).toEqual([SITES.beta, SITES.delta])
    expect(new Set(targets)).toEqual(new Set(['127.0.0.1']))
  })

  it('a viewer sees the suggestions but has no forms and is refused the answers', async () => {
    const { t } = await setup()
    const viewer = await t.signIn('viewer')
    const page = await (await viewer.request(`/directory?sector=${SECTOR}&tab=suggestions`)).text()
    expect(page).toContain(`data-host="${SITES.alpha}"`)
    expect(page).not.toContain('/directory/suggestions/follow')
    const res = await viewer.request(
      '/directory/suggestions/dismiss',
      form({ sector: SECTOR, host: SITES.alpha }),
    )
    expect(res.status).toBe(403)
    const api = await viewer.request(
      `/api/sectors/${SECTOR}/suggestions/dismiss`,
      json({ host: SITES.alpha }),
    )
    expect(api.status).toBe(403)
    expect((await listSuggestions(t.db.db, SECTOR)).map((s) => s.host)).toContain(SITES.alpha)
  })

  it('serves them in the JSON API, with follow and dismiss, and clear errors', async () => {
    const { t, sites } = await setup()
    const list = await (await t.request(`/api/sectors/${SECTOR}/suggestions`)).json()
    expect(list.suggestions.map((s: { host: string }) => s.host)).toEqual([
      SITES.alpha,
      SITES.beta,
      SITES.gamma,
      SITES.delta,
    ])
    expect(list.suggestions[0]).toMatchObject({
      siteUrl: sites.site(SITES.alpha),
      feedUrl: `${sites.site(SITES.alpha)}flux/articles.xml`,
      citingSources: 3,
      citations: 4,
      checked: true,
    })

    const follow = await t.request(
      `/api/sectors/${SECTOR}/suggestions/follow`,
      json({ host: SITES.beta }),
    )
    expect(follow.status).toBe(200)
    expect(await follow.json()).toMatchObject({
      feedUrl: `${sites.site(SITES.beta)}feed.xml`,
      created: true,
      suggestion: { host: SITES.beta },
    })
    const dismiss = await t.request(
      `/api/sectors/${SECTOR}/suggestions/dismiss`,
      json({ host: SITES.delta }),
    )
    expect(dismiss.status).toBe(200)
    const now = await (await t.request(`/api/sectors/${SECTOR}/suggestions`)).json()
    expect(now.suggestions.map((s: { host: string }) => s.host)).toEqual([SITES.alpha, SITES.gamma])

    const bad = await t.request(
      `/api/sectors/${SECTOR}/suggestions/dismiss`,
      json({ host: 'pas un hôte/' }),
    )
    expect(bad.status).toBe(400)
    expect((await bad.json()).field).toBe('host')
    const unknown = await t.request(
      `/api/sectors/${SECTOR}/suggestions/dismiss`,
      json({ host: 'inconnu.test' }),
    )
    expect(unknown.status).toBe(404)
    const noFeed = await t.request(
      `/api/sectors/${SECTOR}/suggestions/follow`,
      json({ host: SITES.gamma }),
    )
    expect(noFeed.status).toBe(400)
    expect((await noFeed.json()).message).toMatch(/no feed found at .*gamma-sans-flux\.test/)
    const noSector = await t.request(`/api/sectors/nulle-part/suggestions`)
    expect(noSector.status).toBe(404)
  })

  it("adds a feed by its site's address through the API and the sources form", async () => {
    const { t, sites } = await setup('admin')
    const api = await t.request(
      '/api/feeds',
      json({ sector: SECTOR, url: sites.site(SITES.alpha), name: 'Blog Alpha', kind: 'blog' }),
    )
    expect(api.status).toBe(201)
    expect((await api.json()).feed).toMatchObject({
      url: `${sites.site(SITES.alpha)}flux/articles.xml`,
      sourceName: 'Blog Alpha',
    })

    const viaForm = await t.request(
      '/sources',
      form({ sector: SECTOR, url: sites.site(SITES.beta), name: '', kind: 'blog' }),
    )
    expect(viaForm.status).toBe(303)
    const feeds = await listFeeds(t.db.db, SECTOR)
    const beta = feeds.find((f) => f.url === `${sites.site(SITES.beta)}feed.xml`)
    expect(beta?.sourceName).toBe('Beta, cuisine du dimanche')

    const none = await t.request(
      '/api/feeds',
      json({ sector: SECTOR, url: sites.site(SITES.gamma), name: 'Gamma', kind: 'blog' }),
    )
    expect(none.status).toBe(400)
    const body = await none.json()
    expect(body.details.field).toBe('url')
    expect(body.message).toMatch(/no feed found/)
  })

  it('follows a site without a feed through its blog page, from the sources form and the API', async () => {
    const { t, sites } = await setup('admin')
    const gamma = sites.site(SITES.gamma)
    const noFeed = await t.request(
      '/sources',
      form({ sector: SECTOR, url: gamma, name: '', kind: 'blog' }),
    )
    expect(noFeed.status).toBe(400)
    expect(await noFeed.text()).toContain('Si le site n’en a pas, cochez')

    // Its home page lists no article: refused, with what to give instead.
    const home = await t.request(
      '/sources',
      form({ sector: SECTOR, url: gamma, name: '', kind: 'blog', page: '1' }),
    )
    expect(home.status).toBe(400)
    expect(await home.text()).toContain('Aucun lien d’article trouvé')

    const blog = `${gamma}blog/`
    const added = await t.request(
      '/sources',
      form({ sector: SECTOR, url: blog, name: '', kind: 'blog', page: '1' }),
    )
    expect(added.status).toBe(303)
    const stored = (await listFeeds(t.db.db, SECTOR)).find((f) => f.url === blog)
    expect(stored).toMatchObject({
      sourceType: 'page',
      sourceName: 'Gamma, carnet de community manager',
      origin: 'manual',
    })
    const page = await t.request(`/sources?sector=${SECTOR}`)
    expect(await page.text()).toContain('sans flux : articles listés sur la page')

    const api = await t.request(
      '/api/feeds',
      json({ sector: SECTOR, url: blog, name: 'Gamma', page: true }),
    )
    expect(api.status).toBe(200)
    expect(await api.json()).toMatchObject({
      created: false,
      feed: { url: blog, sourceType: 'page' },
    })
    const refused = await t.request(
      '/api/feeds',
      json({ sector: SECTOR, url: gamma, name: 'Gamma', page: true }),
    )
    expect(refused.status).toBe(400)
    expect((await refused.json()).details).toMatchObject({ field: 'url', reason: 'no_articles' })
  })

  it('suggests a site without a feed whose home page lists its posts, and follows it through that page', async () => {
    gammaHomeListsPosts(true)
    onTestFinished(() => gammaHomeListsPosts(false))
    const { t, sites } = await setup('admin')
    const gamma = (await listSuggestions(t.db.db, SECTOR)).find((s) => s.host === SITES.gamma)
    expect(gamma).toMatchObject({
      feedUrl: sites.site(SITES.gamma),
      title: 'Gamma, carnet de community manager',
      error: null,
    })
    expect(gamma!.affinity).toEqual(expect.any(Number))
    const page = await t.request(`/directory?sector=${SECTOR}&tab=suggestions`)
    expect(await page.text()).toMatch(
      new RegExp(`data-host="${SITES.gamma}"[\\s\\S]*?action="/directory/suggestions/follow"`),
    )

    const follow = await t.request(
      `/api/sectors/${SECTOR}/suggestions/follow`,
      json({ host: SITES.gamma }),
    )
    expect(follow.status).toBe(200)
    expect(await follow.json()).toMatchObject({ created: true, feedUrl: sites.site(SITES.gamma) })
    const stored = (await listFeeds(t.db.db, SECTOR)).find((f) => f.url === sites.site(SITES.gamma))
    expect(stored).toMatchObject({
      sourceType: 'page',
      sourceName: 'Gamma, carnet de community manager',
    })
  })
})
