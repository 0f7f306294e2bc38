import { curatorApp } from '../fixtures/http/curator-app.ts'
import { describe, expect, it } from 'vitest'
import { createApiToken, revokeApiToken } from '../../src/auth/index.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { getArticle, updateUserLocale } from '../../src/store/index.ts'
import { testApp, type TestApp, type TestRequest } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'
import { translator } from '../../web/i18n/index.ts'

const NOW = new Date('2026-11-18T10:00:00Z')
const SECTOR = 'community-management'
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000)

const ARTICLES = [
  {
    title: 'LinkedIn : le taux d’engagement des carrousels double en un an',
    text: 'Les carrousels documentaires publiés sur LinkedIn obtiennent deux fois plus de commentaires que les liens sortants. Pour un community manager, le calendrier éditorial doit en tenir compte : un carrousel par semaine, des réponses aux commentaires dans la première heure.',
    lang: 'fr' as const,
    publishedAt: hoursAgo(3),
    source: 'Le Blog du Modérateur',
  },
  {
    title: 'Modération : garder la main sur sa communauté pendant un bad buzz',
    text: 'Une charte de modération publiée à l’avance et une veille sur les mots-clés de la marque évitent de transformer une critique isolée en crise d’e-réputation. Le community manager répond vite, sans supprimer les messages critiques.',
    lang: 'fr' as const,
    publishedAt: hoursAgo(20),
    source: 'Journal du Community Manager',
  },
  {
    title: 'Instagram Reels: what the new ranking signals mean for brands',
    text: 'Instagram says Reels that keep viewers watching and get shared in direct messages now travel further. Social media managers should plan shorter hooks, captions for silent viewing and a clear call to comment.',
    lang: 'en' as const,
    publishedAt: hoursAgo(30),
    source: 'Social Media Today',
  },
  {
    title: 'Recette : la tarte aux pommes de grand-mère',
    text: 'Étalez la pâte, disposez les pommes en rosace, saupoudrez de sucre et enfournez quarante minutes. Une recette simple pour le dimanche, sans rapport avec les réseaux sociaux.',
    lang: 'fr' as const,
    publishedAt: hoursAgo(5),
    source: 'Cuisine Facile',
  },
]

interface Setup {
  t: TestApp
  ids: number[]
  /** app.request as a script would call it: a personal API token, no cookie, no CSRF token. */
  bearer: TestRequest
  token: string
}

async function setup(
  role: 'viewer' | 'curator' | 'admin' = 'curator',
  opts: Parameters<typeof testApp>[0] = {},
): Promise<Setup> {
  let ids: number[] = []
  const t = await testApp({
    role,
    clock: fixedClock(NOW),
    seed: async (db) => (ids = await seedArticles(db, SECTOR, ARTICLES)),
    ...opts,
  })
  await t.deps.scoring.rescoreSector(SECTOR)
  const { token } = await createApiToken(t.deps.db, t.user.id, 'script', NOW)
  const bearer: TestRequest = (path, init = {}) => {
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${token}`)
    return Promise.resolve(t.app.request(path, { ...init, headers }))
  }
  return { t, ids, bearer, token }
}

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

const auths = [
  ['a session', (s: Setup) => s.t.request],
  ['a personal API token', (s: Setup) => s.bearer],
] as const

describe.each(auths)('reading the API with %s', (_name, requestOf) => {
  it('lists sectors, feeds, articles and tags, and shows one sector', async () => {
    const s = await setup('viewer')
    const get = requestOf(s)
    const sectors = await (await get('/api/sectors')).json()
    expect(sectors.sectors).toEqual([expect.objectContaining({ slug: SECTOR, articles: 4 })])

    const sector = await get(`/api/sectors/${SECTOR}`)
    expect(sector.status).toBe(200)
    expect((await sector.json()).profile.topics.length).toBeGreaterThan(0)
    expect((await get('/api/sectors/inconnu')).status).toBe(404)
    for (const path of [
      '/api/feeds?sector=inconnu',
      '/api/articles?sector=inconnu',
      '/api/queue?sector=inconnu',
      '/api/tags?sector=inconnu',
    ])
      expect((await get(path)).status, path).toBe(404)

    const feeds = (await (await get(`/api/feeds?sector=${SECTOR}`)).json()).feeds
    const blog = feeds.find((f: { sourceName: string }) => f.sourceName === 'Le Blog du Modérateur')
    expect(Object.keys(blog)).toEqual(
      expect.arrayContaining([
        'id',
        'url',
        'sourceName',
        'kind',
        'enabled',
        'lastFetchedAt',
        'lastStatus',
        'lastError',
        'errorCount',
        'nextCheckAt',
      ]),
    )
    expect(blog).toMatchObject({ kind: 'blog', enabled: true, errorCount: 0, lastError: null })

    const list = (await (await get(`/api/articles?sector=${SECTOR}&limit=2`)).json()).articles
    // Newest first: 3 h, then 5 h ago.
    expect(list.map((a: { id: number }) => a.id)).toEqual([s.ids[0], s.ids[3]])
    expect(list[0].publishedAt).toBe(ARTICLES[0]!.publishedAt.toISOString())

    const tags = await get(`/api/tags?sector=${SECTOR}`)
    expect(await tags.json()).toEqual({ sector: SECTOR, tags: [] })
  })

  it('gives the ranked queue with its filters', async () => {
    const s = await setup('viewer')
    const get = requestOf(s)
    const res = await get(`/api/queue?sector=${SECTOR}`)
    expect(res.status).toBe(200)
    const { stories } = await res.json()
    expect(stories.length).toBe(4)
    const scores = stories.map((c: { score: number }) => c.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    // The recipe is off-topic: last.
    expect(stories.at(-1).id).toBe(s.ids[3])
    expect(stories[0]).toMatchObject({
      status: 'new',
      alsoCoveredBy: [],
      explanation: { reason: expect.any(String) },
    })
    expect(Object.keys(stories[0])).toEqual(
      expect.arrayContaining([
        'id',
        'url',
        'title',
        'source',
        'publishedAt',
        'score',
        'explanation',
        'alsoCoveredBy',
        'reason',
        'status',
      ]),
    )

    const en = (await (await get(`/api/queue?sector=${SECTOR}&lang=en`)).json()).stories
    expect(en.map((c: { id: number }) => c.id)).toEqual([s.ids[2]])
    const bySource = (
      await (await get(`/api/queue?sector=${SECTOR}&source=Cuisine%20Facile`)).json()
    ).stories
    expect(bySource.map((c: { id: number }) => c.id)).toEqual([s.ids[3]])
    const since = (
      await (await get(`/api/queue?sector=${SECTOR}&since=${hoursAgo(6).toISOString()}`)).json()
    ).stories
    expect(since.map((c: { id: number }) => c.id).sort()).toEqual([s.ids[0], s.ids[3]].sort())
    const best = (await (await get(`/api/queue?sector=${SECTOR}&minScore=${scores[1]}`)).json())
      .stories
    // Everything at or above the second score, and not the off-topic recipe.
    const atLeast = stories.filter((c: { score: number }) => c.score >= scores[1])
    expect(best.map((c: { id: number }) => c.id)).toEqual(atLeast.map((c: { id: number }) => c.id))
    expect(best.map((c: { id: number }) => c.id)).not.toContain(s.ids[3])
    expect((await (await get(`/api/queue?sector=${SECTOR}&limit=1`)).json()).stories).toHaveLength(
      1,
    )
  })

  it('shows an article with its text, metadata, score and annotation; 404 when missing', async () => {
    const s = await setup('viewer')
    const get = requestOf(s)
    const res = await get(`/api/articles/${s.ids[0]}`)
    expect(res.status).toBe(200)
    const a = await res.json()
    expect(a).toMatchObject({
      id: s.ids[0],
      title: ARTICLES[0]!.title,
      source: 'Le Blog du Modérateur',
      lang: 'fr',
      status: 'new',
      text: ARTICLES[0]!.text,
      annotation: { articleId: s.ids[0], note: '', tags: [], commentary: '', version: 0 },
    })
    expect(a).toHaveProperty('html')
    expect(a.score).toBeGreaterThan(0)
    expect(a.explanation.reason).toEqual(expect.any(String))
    // Its reasons come as code, parameters and text in the request's language, as on the queue.
    const fr = a.explanation.reasons as { code: string; params: object; text: string }[]
    expect(fr.find((r) => r.code === 'title_match')).toMatchObject({
      params: { term: expect.any(String) },
      text: translator('fr')('reason.title_match', { term: fr[0]!.params['term' as never] }),
    })
    expect(a.explanation.reason).toBe(fr.map((r) => r.text).join(' · '))
    // The caller's language: a signed-in user's own setting (as for every page and the queue).
    await updateUserLocale(s.t.deps.db, s.t.user.id, 'en')
    const en = await (await get(`/api/articles/${s.ids[0]}`)).json()
    expect(en.explanation.reasons.map((r: { code: string }) => r.code)).toEqual(
      fr.map((r) => r.code),
    )
    expect(en.explanation.reasons.map((r: { text: string }) => r.text)).toEqual(
      fr.map((r) => translator('en')(`reason.${r.code}`, r.params as never)),
    )
    expect(en.explanation.reason).not.toBe(a.explanation.reason)
    // The unsanitised feed copy stays private.
    expect(a).not.toHaveProperty('feedHtml')

    const missing = await get('/api/articles/999999')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: 'article_not_found' })
    expect((await get('/api/articles/999999/annotation')).status).toBe(404)
    expect((await get('/api/articles/999999/annotation/history')).status).toBe(404)
  })

  it('searches with hits enriched from the database, and gives the shortlist', async () => {
    const s = await setup('viewer')
    const get = requestOf(s)
    const res = await get(
      `/api/search?q=${encodeURIComponent('modération communauté')}&sector=${SECTOR}`,
    )
    expect(res.status).toBe(200)
    const found = await res.json()
    expect(found.total).toBeGreaterThanOrEqual(1)
    expect(found.hits[0]).toMatchObject({
      id: s.ids[1],
      url: expect.stringContaining('https://'),
      title: ARTICLES[1]!.title,
      source: 'Journal du Community Manager',
      publishedAt: ARTICLES[1]!.publishedAt.toISOString(),
      status: 'new',
    })
    expect(found.facets.source).toHaveProperty(['Journal du Community Manager'])
    const en = await (await get(`/api/search?q=reels&lang=en`)).json()
    expect(en.hits.map((h: { id: number }) => h.id)).toEqual([s.ids[2]])
    const none = await (await get(`/api/search?q=reels&status=approved`)).json()
    expect(none.total).toBe(0)

    const list = await get(`/api/shortlist?sector=${SECTOR}&date=2026-11-18`)
    expect(list.status).toBe(200)
    const shortlist = await list.json()
    expect(shortlist).toMatchObject({ sectorSlug: SECTOR, day: '2026-11-18' })
    expect(shortlist.floor).toEqual(expect.any(Number))
    for (const i of shortlist.items) expect(i.score).toBeGreaterThanOrEqual(shortlist.floor)
    expect(shortlist.items.length).toBeGreaterThan(0)
    expect(shortlist.items.map((i: { rank: number }) => i.rank)).toEqual(
      shortlist.items.map((_: unknown, i: number) => i + 1),
    )
    expect(shortlist.items[0]).toMatchObject({
      status: 'new',
      url: expect.any(String),
      score: expect.any(Number),
    })
    // Today by default (the clock's day).
    expect((await (await get(`/api/shortlist?sector=${SECTOR}`)).json()).day).toBe('2026-11-18')
  })
})

describe.each(auths)('curating through the API with %s', (_name, requestOf) => {
  it('records decisions: approved leaves the queue, snooze needs a future date', async () => {
    const s = await setup('curator')
    const send = requestOf(s)
    const res = await send(`/api/articles/${s.ids[0]}/decision`, {
      method: 'POST',
      ...json({ action: 'approve' }),
    })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({
      status: 'approved',
      decision: { articleId: s.ids[0], action: 'approve', actor: s.t.user.email },
    })
    expect((await getArticle(s.t.deps.db, s.ids[0]!))!.status).toBe('approved')
    const queue = (await (await send(`/api/queue?sector=${SECTOR}`)).json()).stories
    expect(queue.map((c: { id: number }) => c.id)).not.toContain(s.ids[0])

    const later = new Date(NOW.getTime() + 2 * 86_400_000).toISOString()
    const snoozed = await send(`/api/articles/${s.ids[1]}/decision`, {
      method: 'POST',
      ...json({ action: 'snooze', snoozeUntil: later }),
    })
    expect(await snoozed.json()).toMatchObject({
      status: 'snoozed',
      decision: { snoozeUntil: later },
    })
    const past = await send(`/api/articles/${s.ids[2]}/decision`, {
      method: 'POST',
      ...json({ action: 'snooze', snoozeUntil: '2026-11-01' }),
    })
    expect(past.status).toBe(400)
    expect(await past.json()).toMatchObject({ error: 'validation_failed', field: 'snoozeUntil' })
    expect((await getArticle(s.t.deps.db, s.ids[2]!))!.status).toBe('new')

    const reset = await send(`/api/articles/${s.ids[0]}/decision`, {
      method: 'POST',
      ...json({ action: 'reset' }),
    })
    expect((await reset.json()).status).toBe('new')
    const missing = await send('/api/articles/999999/decision', {
      method: 'POST',
      ...json({ action: 'reject' }),
    })
    expect(missing.status).toBe(404)
  })

  it('saves annotations with versions: 409 with the current version on a stale save, history kept', async () => {
    const s = await setup('curator')
    const send = requestOf(s)
    const path = `/api/articles/${s.ids[0]}/annotation`
    const first = await send(path, {
      method: 'PUT',
      ...json({
        note: 'À citer dans la newsletter',
        tags: ['#LinkedIn', 'carrousel', 'linkedin'],
        commentary: 'Chiffres utiles.',
        baseVersion: 0,
      }),
    })
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({
      version: 1,
      tags: ['linkedin', 'carrousel'],
      note: 'À citer dans la newsletter',
    })

    // Another tab still on version 0.
    const stale = await send(path, {
      method: 'PUT',
      ...json({ note: 'autre', tags: [], commentary: '', baseVersion: 0 }),
    })
    expect(stale.status).toBe(409)
    const conflict = await stale.json()
    expect(conflict).toMatchObject({
      error: 'version_conflict',
      details: { current: { version: 1, note: 'À citer dans la newsletter' } },
    })

    const second = await send(path, {
      method: 'PUT',
      ...json({ note: 'Relu', tags: ['linkedin'], commentary: '', baseVersion: 1 }),
    })
    expect((await second.json()).version).toBe(2)
    expect(await (await send(path)).json()).toMatchObject({ version: 2, note: 'Relu' })
    const history = (await (await send(`${path}/history`)).json()).history
    expect(history.map((h: { version: number }) => h.version)).toEqual([2, 1])
    expect(history[1]).toMatchObject({ note: 'À citer dans la newsletter', updatedBy: s.t.user.id })

    const tags = (await (await send(`/api/tags?sector=${SECTOR}`)).json()).tags
    expect(tags).toEqual([{ tag: 'linkedin', count: 1 }])
    expect((await (await send(`/api/articles/${s.ids[0]}`)).json()).annotation.version).toBe(2)
  })
})

describe.each(auths)('roles with %s', (_name, requestOf) => {
  it("refuses a viewer's decision and annotation (403) but lets them read", async () => {
    const s = await setup('viewer')
    const send = requestOf(s)
    expect((await send(`/api/articles/${s.ids[0]}`)).status).toBe(200)
    const decided = await send(`/api/articles/${s.ids[0]}/decision`, {
      method: 'POST',
      ...json({ action: 'approve' }),
    })
    expect(decided.status).toBe(403)
    expect(await decided.json()).toMatchObject({ error: 'forbidden' })
    const noted = await send(`/api/articles/${s.ids[0]}/annotation`, {
      method: 'PUT',
      ...json({ note: 'x', tags: [], commentary: '', baseVersion: 0 }),
    })
    expect(noted.status).toBe(403)
    expect((await getArticle(s.t.deps.db, s.ids[0]!))!.status).toBe('new')
  })

  it('lets only an admin add and edit feeds', async () => {
    const curator = await setup('curator')
    const asCurator = requestOf(curator)
    const refused = await asCurator('/api/feeds', {
      method: 'POST',
      ...json({
        sector: SECTOR,
        url: 'https://nouveau.example/feed.xml',
        name: 'Nouveau',
        kind: 'media',
      }),
    })
    expect(refused.status).toBe(403)
    expect(
      (await asCurator(`/api/feeds/1`, { method: 'PATCH', ...json({ enabled: false }) })).status,
    ).toBe(403)

    const s = await setup('admin')
    const send = requestOf(s)
    const added = await send('/api/feeds', {
      method: 'POST',
      ...json({
        sector: SECTOR,
        url: 'https://nouveau.example/feed.xml',
        name: 'Nouveau média',
        kind: 'media',
      }),
    })
    expect(added.status).toBe(201)
    const { feed } = await added.json()
    expect(feed).toMatchObject({
      url: 'https://nouveau.example/feed.xml',
      sourceName: 'Nouveau média',
      kind: 'media',
      origin: 'manual',
      enabled: true,
    })
    const again = await send('/api/feeds', {
      method: 'POST',
      ...json({ sector: SECTOR, url: 'https://nouveau.example/feed.xml', name: 'Doublon' }),
    })
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({
      created: false,
      feed: { id: feed.id, sourceName: 'Nouveau média' },
    })

    const patched = await send(`/api/feeds/${feed.id}`, {
      method: 'PATCH',
      ...json({ name: 'Nouveau Média (FR)', kind: 'blog', enabled: false }),
    })
    expect(patched.status).toBe(200)
    expect((await patched.json()).feed).toMatchObject({
      sourceName: 'Nouveau Média (FR)',
      kind: 'blog',
      enabled: false,
      disabledReason: expect.stringContaining(s.t.user.email),
    })
    const listed = (await (await send(`/api/feeds?sector=${SECTOR}`)).json()).feeds
    expect(listed.find((f: { id: number }) => f.id === feed.id)).toMatchObject({
      enabled: false,
      sourceName: 'Nouveau Média (FR)',
    })
    expect(
      (await send('/api/feeds/999999', { method: 'PATCH', ...json({ enabled: true }) })).status,
    ).toBe(404)
  })
})

describe('authentication', () => {
  it('answers 401 without a session or with a wrong or revoked token', async () => {
    const s = await setup('curator')
    const revoked = await createApiToken(s.t.deps.db, s.t.user.id, 'old laptop', NOW)
    await revokeApiToken(s.t.deps.db, s.t.user.id, revoked.id)
    const tries: Record<string, string>[] = [
      {},
      { authorization: 'Bearer vigie_not-a-real-token' },
      { authorization: 'Bearer x' },
      { authorization: `Bearer ${revoked.token}` },
    ]
    for (const headers of tries) {
      const res = await s.t.app.request('/api/sectors', { headers })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ error: 'unauthenticated' })
    }
    expect((await s.t.app.request('/api/openapi.json')).status).toBe(401)
  })

  it('needs the CSRF token for a session write, never for a token', async () => {
    const s = await setup('curator')
    const noCsrf = await s.t.app.request(`/api/articles/${s.ids[0]}/decision`, {
      method: 'POST',
      headers: { cookie: s.t.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve' }),
    })
    expect(noCsrf.status).toBe(403)
    expect((await getArticle(s.t.deps.db, s.ids[0]!))!.status).toBe('new')
    const withToken = await s.bearer(`/api/articles/${s.ids[0]}/decision`, {
      method: 'POST',
      ...json({ action: 'approve' }),
    })
    expect(withToken.status).toBe(200)
  })

  it('says clearly when search is not available (503)', async () => {
    const s = await setup('viewer', { deps: { search: null } })
    const res = await s.bearer('/api/search?q=linkedin')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      error: 'search_unavailable',
      message: expect.stringContaining('search'),
    })
  })
})

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3 document listing every /api route with its schemas', async () => {
    const s = await setup('viewer')
    const res = await s.bearer('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = await res.json()
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/)
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect(doc.components.securitySchemes.apiToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    })
    for (const name of [
      'StoryCard',
      'Article',
      'Annotation',
      'AnnotationInput',
      'DecisionInput',
      'Feed',
      'ValidationError',
      'Error',
    ])
      expect(doc.components.schemas).toHaveProperty([name])
    // What the shortlist and the article return is declared: the floor, the reasons' localised text.
    expect(doc.components.schemas.Shortlist.properties.floor).toMatchObject({ type: 'number' })
    expect(doc.components.schemas.Shortlist.required).toContain('floor')
    expect(doc.components.schemas.Explanation.properties.reasons.items.properties).toHaveProperty([
      'text',
    ])

    // Every route the app serves under /api is documented, and nothing else is.
    const served = new Set(
      s.t.app.routes
        .filter(
          (r) => r.path.startsWith('/api/') && r.method !== 'ALL' && r.path !== '/api/openapi.json',
        )
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    )
    const methods = ['get', 'post', 'put', 'patch', 'delete']
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => methods.includes(m))
          .map((m) => `${m} ${path}`),
      ),
    )
    expect([...documented].sort()).toEqual([...served].sort())
    for (const want of [
      'get /api/queue',
      'post /api/articles/{id}/decision',
      'put /api/articles/{id}/annotation',
      'get /api/search',
      'patch /api/feeds/{id}',
    ])
      expect(documented).toContain(want)

    // Each operation is well formed: responses, path parameters declared, bodies as JSON schemas.
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? []
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty([ref.slice(22, -1)])
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        // A success: 200, or 201 for what it creates.
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining([expect.stringMatching(/^20[01]$/)]),
        )
        for (const param of path.match(/\{(\w+)\}/g) ?? [])
          expect(
            op.parameters?.some(
              (p: any) => p.in === 'path' && p.name === param.slice(1, -1) && p.required,
            ),
          ).toBe(true)
        // A body, when an operation takes one, is JSON with its schema (an action such as /test, a
        // feed's /fetch or an article's /separate takes none).
        if (op.requestBody) expect(op.requestBody.content['application/json'].schema).toBeTruthy()
        else if (['post', 'put', 'patch'].includes(method))
          expect(path, `${method} ${path}`).toMatch(/\/(test|fetch|separate|rejoin)$/)
      }
    }
    const decision = doc.paths['/api/articles/{id}/decision'].post
    expect(JSON.stringify(decision.requestBody)).toContain('DecisionInput')
    expect(doc.components.schemas.DecisionInput.properties.action.enum).toEqual([
      'approve',
      'reject',
      'reshare',
      'snooze',
      'dismiss',
      'reset',
    ])
    expect(documented).toContain('post /api/queue/dismiss')
  })
})

describe('a story that is not one, through the API', () => {
  it('takes an article out of its story and undoes it, for curators only', async () => {
    const t = await curatorApp()
    const { carrouselBlog: blog, carrouselMedia: media } = t.ids
    const storyOf = async (id: number) =>
      (await (await t.request(`/api/articles/${id}`)).json()).storyId
    expect(await storyOf(media)).toBe(await storyOf(blog))
    const split = await t.request(`/api/articles/${media}/separate`, { method: 'POST' })
    expect(split.status).toBe(200)
    expect(await split.json()).toEqual({ articleId: media, apartFrom: [blog] })
    await t.deps.scoring.settled()
    expect(await storyOf(media)).toBe(media)
    const undone = await t.request(`/api/articles/${media}/rejoin`, { method: 'POST' })
    expect(await undone.json()).toEqual({ articleId: media, rejoined: [blog] })
    await t.deps.scoring.settled()
    expect(await storyOf(media)).toBe(await storyOf(blog))
    expect((await t.request('/api/articles/999999/separate', { method: 'POST' })).status).toBe(404)

    const viewer = await curatorApp('viewer')
    for (const op of ['separate', 'rejoin'])
      expect(
        (await viewer.request(`/api/articles/${media}/${op}`, { method: 'POST' })).status,
      ).toBe(403)
  })
})
