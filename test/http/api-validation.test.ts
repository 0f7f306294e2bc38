import { describe, expect, it } from 'vitest'
import { createApiToken } from '../../src/auth/index.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { getAnnotation, getArticle, listFeeds } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'

const NOW = new Date('2026-11-18T10:00:00Z')
const SECTOR = 'community-management'

interface Case {
  name: string
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH'
  path: string
  /** A value to send as JSON, or a raw string sent as is. */
  body?: unknown
  raw?: string
  field: string
}

const A = '{article}'
const F = '{feed}'
const note = { note: 'Note', tags: ['veille'], commentary: '', baseVersion: 0 }
const feed = {
  sector: SECTOR,
  url: 'https://nouveau.example/feed.xml',
  name: 'Nouveau',
  kind: 'media',
}

// Each endpoint with a missing field, a wrong type, a bad enum value and a bad date where it has them.
const cases: Case[] = [
  { name: 'sector slug with capitals', path: '/api/sectors/Community_Management', field: 'slug' },
  { name: 'feeds: bad sector filter', path: '/api/feeds?sector=%3Cscript%3E', field: 'sector' },
  { name: 'queue: sector missing', path: '/api/queue', field: 'sector' },
  {
    name: 'queue: minScore not a number',
    path: `/api/queue?sector=${SECTOR}&minScore=haut`,
    field: 'minScore',
  },
  {
    name: 'queue: minScore above 1',
    path: `/api/queue?sector=${SECTOR}&minScore=7`,
    field: 'minScore',
  },
  {
    name: 'queue: since not a date',
    path: `/api/queue?sector=${SECTOR}&since=hier`,
    field: 'since',
  },
  {
    name: 'queue: since in French order',
    path: `/api/queue?sector=${SECTOR}&since=18/11/2026`,
    field: 'since',
  },
  { name: 'queue: limit zero', path: `/api/queue?sector=${SECTOR}&limit=0`, field: 'limit' },
  {
    name: 'queue: lang not a code',
    path: `/api/queue?sector=${SECTOR}&lang=french`,
    field: 'lang',
  },
  { name: 'articles: limit too large', path: '/api/articles?limit=100000', field: 'limit' },
  { name: 'articles: limit not an integer', path: '/api/articles?limit=2.5', field: 'limit' },
  { name: 'article id not a number', path: '/api/articles/abc', field: 'id' },
  { name: 'article id negative', path: '/api/articles/-3', field: 'id' },
  {
    name: 'annotation history: bad id',
    path: '/api/articles/1e3x/annotation/history',
    field: 'id',
  },
  { name: 'search: q missing', path: `/api/search?sector=${SECTOR}`, field: 'q' },
  { name: 'search: q blank', path: '/api/search?q=%20%20', field: 'q' },
  {
    name: 'search: unknown status',
    path: '/api/search?q=linkedin&status=new,archived',
    field: 'status',
  },
  { name: 'search: from not a date', path: '/api/search?q=linkedin&from=last-week', field: 'from' },
  { name: 'search: to impossible date', path: '/api/search?q=linkedin&to=2026-13-45', field: 'to' },
  { name: 'search: negative offset', path: '/api/search?q=linkedin&offset=-20', field: 'offset' },
  { name: 'shortlist: sector missing', path: '/api/shortlist?date=2026-11-18', field: 'sector' },
  {
    name: 'shortlist: date in French order',
    path: `/api/shortlist?sector=${SECTOR}&date=18/11/2026`,
    field: 'date',
  },
  { name: 'tags: sector missing', path: '/api/tags', field: 'sector' },

  {
    name: 'decision: action missing',
    method: 'POST',
    path: `/api/articles/${A}/decision`,
    body: {},
    field: 'action',
  },
  {
    name: 'decision: action wrong type',
    method: 'POST',
    path: `/api/articles/${A}/decision`,
    body: { action: 1 },
    field: 'action',
  },
  {
    name: 'decision: unknown action',
    method: 'POST',
    path: `/api/articles/${A}/decision`,
    body: { action: 'approuver' },
    field: 'action',
  },
  {
    name: 'decision: snooze without a date',
    method: 'POST',
    path: `/api/articles/${A}/decision`,
    body: { action: 'snooze' },
    field: 'snoozeUntil',
  },
  {
    name: 'decision: snooze until "demain"',
    method: 'POST',
    path: `/api/articles/${A}/decision`,
    body: { action: 'snooze', snoozeUntil: 'demain' },
    field: 'snoozeUntil',
  },
  {
    name: 'decision: snooze date as a number',
    method: 'POST',
    path: `/api/articles/${A}/decision`,
    body: { action: 'snooze', snoozeUntil: 1763460000000 },
    field: 'snoozeUntil',
  },
  {
    name: 'decision: bad article id',
    method: 'POST',
    path: '/api/articles/zero/decision',
    body: { action: 'approve' },
    field: 'id',
  },
  {
    name: 'decision: malformed JSON',
    method: 'POST',
    path: `/api/articles/${A}/decision`,
    raw: '{"action": "approve"',
    field: 'body',
  },
  {
    name: 'decision: body not an object',
    method: 'POST',
    path: `/api/articles/${A}/decision`,
    body: ['approve'],
    field: 'body',
  },

  {
    name: 'annotation: everything missing',
    method: 'PUT',
    path: `/api/articles/${A}/annotation`,
    body: {},
    field: 'note',
  },
  {
    name: 'annotation: baseVersion missing',
    method: 'PUT',
    path: `/api/articles/${A}/annotation`,
    body: { ...note, baseVersion: undefined },
    field: 'baseVersion',
  },
  {
    name: 'annotation: tags as a string',
    method: 'PUT',
    path: `/api/articles/${A}/annotation`,
    body: { ...note, tags: 'veille, linkedin' },
    field: 'tags',
  },
  {
    name: 'annotation: a tag not a string',
    method: 'PUT',
    path: `/api/articles/${A}/annotation`,
    body: { ...note, tags: ['ok', 'ok', 42] },
    field: 'tags.2',
  },
  {
    name: 'annotation: baseVersion as text',
    method: 'PUT',
    path: `/api/articles/${A}/annotation`,
    body: { ...note, baseVersion: '1' },
    field: 'baseVersion',
  },
  {
    name: 'annotation: negative baseVersion',
    method: 'PUT',
    path: `/api/articles/${A}/annotation`,
    body: { ...note, baseVersion: -1 },
    field: 'baseVersion',
  },
  {
    name: 'annotation: note too long',
    method: 'PUT',
    path: `/api/articles/${A}/annotation`,
    body: { ...note, note: 'x'.repeat(20_001) },
    field: 'note',
  },

  {
    name: 'new feed: url missing',
    method: 'POST',
    path: '/api/feeds',
    body: { ...feed, url: undefined },
    field: 'url',
  },
  {
    name: 'new feed: ftp url',
    method: 'POST',
    path: '/api/feeds',
    body: { ...feed, url: 'ftp://nouveau.example/feed.xml' },
    field: 'url',
  },
  {
    name: 'new feed: javascript url',
    method: 'POST',
    path: '/api/feeds',
    body: { ...feed, url: 'javascript:alert(1)' },
    field: 'url',
  },
  {
    name: 'new feed: unknown kind',
    method: 'POST',
    path: '/api/feeds',
    body: { ...feed, kind: 'podcast' },
    field: 'kind',
  },
  {
    name: 'new feed: empty name',
    method: 'POST',
    path: '/api/feeds',
    body: { ...feed, name: '   ' },
    field: 'name',
  },
  {
    name: 'new feed: sector wrong type',
    method: 'POST',
    path: '/api/feeds',
    body: { ...feed, sector: 3 },
    field: 'sector',
  },
  {
    name: 'feed edit: enabled as text',
    method: 'PATCH',
    path: `/api/feeds/${F}`,
    body: { enabled: 'non' },
    field: 'enabled',
  },
  {
    name: 'feed edit: unknown kind',
    method: 'PATCH',
    path: `/api/feeds/${F}`,
    body: { kind: 'tv' },
    field: 'kind',
  },
  {
    name: 'feed edit: unknown key',
    method: 'PATCH',
    path: `/api/feeds/${F}`,
    body: { url: 'https://ailleurs.example/feed' },
    field: 'url',
  },
  {
    name: 'feed edit: bad id',
    method: 'PATCH',
    path: '/api/feeds/un',
    body: { enabled: true },
    field: 'id',
  },
]

async function setup() {
  let ids: number[] = []
  const t = await testApp({
    role: 'admin',
    clock: fixedClock(NOW),
    seed: async (db) =>
      (ids = await seedArticles(db, SECTOR, [
        {
          title: 'Calendrier éditorial : planifier un trimestre de publications',
          text: 'Un calendrier éditorial partagé avec les équipes produit évite les trous de publication et les doublons sur LinkedIn et Instagram.',
          publishedAt: new Date('2026-11-18T07:00:00Z'),
        },
      ])),
  })
  const { token } = await createApiToken(t.deps.db, t.user.id, 'tests', NOW)
  const feedId = (await listFeeds(t.deps.db, SECTOR))[0]!.id
  return { t, article: ids[0]!, feedId, token }
}

describe('the API refuses bad requests with 400 and the field at fault', () => {
  it.each(cases)('$name -> $field', async (c) => {
    const { t, article, feedId, token } = await setup()
    const path = c.path.replace(A, String(article)).replace(F, String(feedId))
    const init: RequestInit = {
      method: c.method ?? 'GET',
      headers: { authorization: `Bearer ${token}` },
    }
    if (c.body !== undefined || c.raw !== undefined) {
      init.headers = { ...init.headers, 'content-type': 'application/json' }
      init.body = c.raw ?? JSON.stringify(c.body)
    }
    const res = await t.app.request(path, init)
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body).toMatchObject({ error: 'validation_failed', field: c.field })
    expect(body.message.startsWith(`${c.field}: `)).toBe(true)
    expect(body.issues[0]).toMatchObject({
      field: c.field,
      code: expect.any(String),
      message: expect.any(String),
    })
    // Nothing was written.
    expect((await getArticle(t.deps.db, article))!.status).toBe('new')
    expect(await getAnnotation(t.deps.db, article)).toBeNull()
    const feeds = await listFeeds(t.deps.db, SECTOR)
    expect(feeds.find((f) => f.id === feedId)).toMatchObject({ enabled: true })
    expect(feeds.some((f) => f.url.includes('nouveau.example'))).toBe(false)
  })

  it('says "required" for a field left out, and lists every bad field', async () => {
    const { t, article } = await setup()
    const res = await t.request(`/api/articles/${article}/annotation`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tags: [1, 'ok'], baseVersion: 'zéro' }),
    })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.message).toBe('note: required')
    expect(body.issues.map((i: { field: string }) => i.field)).toEqual([
      'note',
      'tags.0',
      'commentary',
      'baseVersion',
    ])
  })

  it('answers 415 in JSON for a body that is not JSON', async () => {
    const { t, article } = await setup()
    const res = await t.request(`/api/articles/${article}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=approve',
    })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ error: 'unsupported_media_type' })
    expect((await getArticle(t.deps.db, article))!.status).toBe('new')
  })

  it('refuses a body over the size limit with 413', async () => {
    const { t, article } = await setup()
    const res = await t.request(`/api/articles/${article}/annotation`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...note, note: 'x'.repeat(300_000) }),
    })
    expect(res.status).toBe(413)
    expect(await getAnnotation(t.deps.db, article)).toBeNull()
  })
})
