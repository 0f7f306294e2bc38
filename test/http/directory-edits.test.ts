import { describe, expect, it } from 'vitest'
import { articles, feeds } from '../../db/schema.ts'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import type { Database } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'

const SECTOR = 'community-management'
const NOW = new Date('2026-03-02T08:00:00Z')
const DAY = 86_400_000

// Claire Dupont writes on her blog and as a guest on the agency's (same X handle: merged on
// their own); two Thomas Martin with different X handles are kept apart until a curator says.
const SITES = [
  { name: 'Le blog de Claire', site: 'https://claire-dupont.fr' },
  { name: 'Agence Pixel', site: 'https://agence-pixel.fr' },
  { name: 'Social Media Today', site: 'https://www.socialmediatoday.com' },
]
const empty = {
  relMe: [],
  relAuthor: [],
  twitterSite: [],
  fediverseCreator: [],
  articleAuthor: [],
  ldAuthors: [],
}

let n = 0
function article(feedId: number, site: string, author: string, at: Date, twitterCreator: string[]) {
  n++
  const url = `${site}/articles/${n}`
  return {
    sectorSlug: SECTOR,
    feedId,
    guid: `g${n}`,
    url,
    canonicalUrl: url,
    title: `Article ${n}`,
    author,
    publishedAt: at,
    firstSeenAt: at,
    updatedAt: at,
    html: '<p>Un billet sur la portée organique.</p>',
    text: 'texte',
    extractState: 'ok' as const,
    profileSignals: { ...empty, twitterCreator } as Record<string, unknown>,
  }
}

let ids: number[] = []
async function seed(database: Database) {
  const db = database.db
  ids = []
  for (const s of SITES) {
    const [row] = await db
      .insert(feeds)
      .values({
        sectorSlug: SECTOR,
        declaredUrl: `${s.site}/feed`,
        url: `${s.site}/feed`,
        siteUrl: s.site,
        sourceName: s.name,
        kind: 'blog',
        origin: 'manual',
        createdAt: NOW,
      })
      .returning({ id: feeds.id })
    ids.push(row!.id)
  }
  const [claireBlog, agency, media] = ids as [number, number, number]
  const ago = (d: number) => new Date(NOW.getTime() - d * DAY)
  await db
    .insert(articles)
    .values([
      article(claireBlog, SITES[0]!.site, 'Claire Dupont', ago(2), ['@clairedupont']),
      article(claireBlog, SITES[0]!.site, 'Claire Dupont', ago(9), ['@clairedupont']),
      article(agency, SITES[1]!.site, 'C. Dupont', ago(3), ['@ClaireDupont']),
      article(agency, SITES[1]!.site, 'Thomas Martin', ago(5), ['@tmartin_seo']),
      article(media, SITES[2]!.site, 'Thomas Martin', ago(4), ['@thomasmartin_cm']),
    ])
}

interface Person {
  id: number
  name: string
  sources: string[]
  articles: number
  handles: { network: string; handle: string; signal: string }[]
}

describe('curator edits of the directory', () => {
  it('rename, note, handles, merge and split all hold through new articles and recomputation', async () => {
    let clock = fixedClock(NOW)
    const t = await testApp({ role: 'curator', clock, seed })
    const deps = () => ({ db: t.db.db, clock, log: silentLog })
    await recomputeDirectory(deps(), SECTOR)
    const list = async () =>
      ((await (await t.request(`/api/sectors/${SECTOR}/people`)).json()) as { people: Person[] })
        .people
    const send = (method: string, path: string, body?: unknown) =>
      t.request(`/api/sectors/${SECTOR}/people/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })

    let people = await list()
    const claire = people.find((p) => p.name === 'Claire Dupont')!
    expect(claire.sources.sort()).toEqual(['Agence Pixel', 'Le blog de Claire'])
    const thomases = people.filter((p) => p.name === 'Thomas Martin')
    expect(thomases).toHaveLength(2)
    const [tA, tB] = thomases as [Person, Person]

    // Rename and note.
    let res = await send('PATCH', `${claire.id}`, {
      name: 'Claire Dupont (Pixel)',
      note: 'Consultante, écrit aussi chez Pixel.',
    })
    expect(res.status).toBe(200)
    // A curator's handle, and a found one removed.
    res = await send('POST', `${claire.id}/handles`, {
      network: 'mastodon',
      handle: 'claire@piaille.fr',
    })
    expect(res.status).toBe(200)
    res = await send(
      'DELETE',
      `${claire.id}/handles?network=x&handle=${encodeURIComponent('@clairedupont')}`,
    )
    expect(res.status).toBe(200)
    // The two Thomas are one after all.
    res = await send('POST', `${tA.id}/merge`, { from: tB.id })
    expect(res.status).toBe(200)

    // A crawl brings new articles by everyone, with the same found handles; then recomputation.
    clock = fixedClock(new Date(NOW.getTime() + DAY))
    const [claireBlog, agency, media] = ids as [number, number, number]
    await t.db.db
      .insert(articles)
      .values([
        article(claireBlog, SITES[0]!.site, 'Claire Dupont', NOW, ['@clairedupont']),
        article(agency, SITES[1]!.site, 'C. Dupont', NOW, ['@clairedupont']),
        article(media, SITES[2]!.site, 'Thomas Martin', NOW, ['@thomasmartin_cm']),
        article(agency, SITES[1]!.site, 'Thomas Martin', NOW, ['@tmartin_seo']),
      ])
    await recomputeDirectory(deps(), SECTOR)
    await recomputeDirectory(deps(), SECTOR)

    people = await list()
    const edited = people.find((p) => p.id === claire.id)!
    expect(edited.name).toBe('Claire Dupont (Pixel)')
    expect(edited.articles).toBe(5)
    expect(edited.handles).toContainEqual(
      expect.objectContaining({
        network: 'mastodon',
        handle: '@claire@piaille.fr',
        signal: 'curator',
      }),
    )
    expect(edited.handles.some((h) => h.network === 'x')).toBe(false)
    const detail = (await (await send('GET', `${claire.id}`)).json()) as {
      person: { note: string; foundName: string }
    }
    expect(detail.person).toMatchObject({
      note: 'Consultante, écrit aussi chez Pixel.',
      foundName: 'Claire Dupont',
    })
    const thomas = people.filter((p) => p.name === 'Thomas Martin')
    expect(thomas).toHaveLength(1)
    expect(thomas[0]!.id).toBe(tA.id)
    expect(thomas[0]!.articles).toBe(4)
    expect(thomas[0]!.sources.sort()).toEqual(['Agence Pixel', 'Social Media Today'])

    // Split Claire's guest posts at the agency off: they share her X handle, yet never come back.
    const split = await send('POST', `${claire.id}/split`, {
      aliases: [{ feedId: agency, normName: 'c dupont' }],
      name: 'Claire D. (Pixel)',
    })
    expect(split.status).toBe(200)
    const guest = ((await split.json()) as { person: { id: number } }).person
    await t.db.db
      .insert(articles)
      .values([article(agency, SITES[1]!.site, 'C. Dupont', NOW, ['@clairedupont'])])
    await recomputeDirectory(deps(), SECTOR)
    people = await list()
    expect(people.find((p) => p.id === claire.id)).toMatchObject({
      articles: 3,
      sources: ['Le blog de Claire'],
    })
    expect(people.find((p) => p.id === guest.id)).toMatchObject({
      name: 'Claire D. (Pixel)',
      articles: 3,
      sources: ['Agence Pixel'],
    })
  })

  it('names the bad field, and refuses a viewer', async () => {
    const t = await testApp({ role: 'curator', clock: fixedClock(NOW), seed })
    await recomputeDirectory({ db: t.db.db, clock: fixedClock(NOW), log: silentLog }, SECTOR)
    const { people } = (await (await t.request(`/api/sectors/${SECTOR}/people`)).json()) as {
      people: Person[]
    }
    const id = people[0]!.id
    const post = (path: string, body: unknown) =>
      t.request(`/api/sectors/${SECTOR}/people/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    let res = await post(`${id}/handles`, { network: 'mastodon', handle: 'pas un handle' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { details?: { field?: string } }).details?.field).toBe('handle')
    res = await post(`${id}/merge`, { from: id })
    expect(res.status).toBe(400)
    res = await post(`${id}/split`, { aliases: [{ feedId: 999, normName: 'personne' }] })
    expect(res.status).toBe(400)
    expect((await post('999999/merge', { from: id })).status).toBe(404)

    const viewer = await testApp({ role: 'viewer', clock: fixedClock(NOW), seed })
    const denied = await viewer.request(`/api/sectors/${SECTOR}/people/1`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'x' }),
    })
    expect(denied.status).toBe(403)
  })

  it('the person page shows figures, articles and handles, and its forms edit the person', async () => {
    const t = await testApp({ role: 'curator', clock: fixedClock(NOW), seed })
    await recomputeDirectory({ db: t.db.db, clock: fixedClock(NOW), log: silentLog }, SECTOR)
    const { people } = (await (await t.request(`/api/sectors/${SECTOR}/people`)).json()) as {
      people: Person[]
    }
    const claire = people.find((p) => p.name === 'Claire Dupont')!
    const list = await (await t.request(`/directory?sector=${SECTOR}&tab=people`)).text()
    expect(list).toContain(`href="/directory/people/${claire.id}"`)

    let page = await t.request(`/directory/people/${claire.id}`)
    expect(page.status).toBe(200)
    let html = await page.text()
    expect(html).toContain('<svg class="sparkline"')
    expect(html).toContain('href="https://x.com/clairedupont"')
    expect(html.match(/href="\/articles\/\d+"/g)).toHaveLength(3)
    expect(html).toContain('name="op" value="split"')

    const post = (fields: Record<string, string>) =>
      t.request(`/directory/people/${claire.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      })
    let res = await post({ op: 'edit', name: '<b>Claire</b> D.', note: 'Écrit chez Pixel' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/directory/people/${claire.id}?saved=1`)
    res = await post({ op: 'handle-add', network: 'bluesky', handle: 'claire.bsky.social' })
    expect(res.status).toBe(303)
    res = await post({ op: 'handle-add', network: 'x', handle: 'pas un handle !' })
    expect(res.status).toBe(400)
    html = await (await t.request(`/directory/people/${claire.id}?saved=1`)).text()
    expect(html).toContain('&lt;b&gt;Claire&lt;/b&gt; D.')
    expect(html).not.toContain('<b>Claire</b>')
    expect(html).toContain('Écrit chez Pixel')
    expect(html).toContain('href="https://bsky.app/profile/claire.bsky.social"')
    expect((await t.request('/directory/people/999999')).status).toBe(404)
  })
})
