import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { feeds } from '../../db/schema.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import type { AppDeps } from '../../src/http/app.ts'
import { parseOpml, parseSector } from '../../src/sectors/index.ts'
import { getFeed, getSector, listFeeds, updateFeed, type Feed } from '../../src/store/index.ts'
import * as A from '../fixtures/sources-admin/articles.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'
import type { Role } from '../../src/auth/index.ts'

const fixtures = path.resolve(import.meta.dirname, '../fixtures/sources-admin')
const { NOW, SECTOR } = A

async function adminApp(opts: { role?: Role; deps?: Partial<AppDeps> } = {}) {
  let ids: number[] = []
  const t = await testApp({
    role: opts.role ?? 'admin',
    clock: fixedClock(NOW),
    deps: opts.deps,
    seed: async (db) =>
      (ids = await seedArticles(db, SECTOR, [
        A.engagement,
        A.moderation,
        A.tarte,
        A.reels,
        ...A.regularBlog,
      ])),
  })
  const feeds = () => listFeeds(t.db.db, SECTOR)
  const feedNamed = async (name: string) => (await feeds()).find((f) => f.sourceName === name)!
  return { ...t, ids, feeds, feedNamed }
}

const form = (fields: Record<string, string>, accept?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
  body: new URLSearchParams(fields),
})
const upload = (file: File, fields: Record<string, string> = { sector: SECTOR }): RequestInit => {
  const body = new FormData()
  for (const [k, v] of Object.entries(fields)) body.set(k, v)
  body.set('file', file)
  return { method: 'POST', body }
}
const fixtureFile = (name: string) =>
  new File([fs.readFileSync(path.join(fixtures, name))], name, { type: 'text/x-opml' })
const rowOf = (html: string, f: Feed) => {
  const start = html.indexOf(`<tr id="feed-${f.id}"`)
  return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start))
}

describe('GET /sources', () => {
  it('lists every feed with its kind, status, last error, weekly rate and next check', async () => {
    const t = await adminApp()
    const [failing, disabled] = (await t.feeds()).filter((f) => f.origin === 'yaml')
    await updateFeed(t.db.db, failing!.id, {
      lastFetchedAt: new Date('2026-11-20T11:00:00Z'),
      lastError: 'HTTP 503 Service Unavailable',
      errorCount: 3,
      nextCheckAt: new Date('2026-11-20T15:00:00Z'),
    })
    const hostile = await t.feedNamed('Cuisine du dimanche')
    await updateFeed(t.db.db, hostile.id, {
      errorCount: 1,
      lastError: '<img src=x onerror=alert(1)>',
    })
    await updateFeed(t.db.db, disabled!.id, {
      enabled: false,
      disabledReason: 'gone: HTTP 410',
      errorCount: 9,
    })
    const res = await t.request(`/sources?sector=${SECTOR}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html.match(/<tr id="feed-\d+"/g)).toHaveLength((await t.feeds()).length)

    const bad = rowOf(html, failing!)
    expect(bad).toContain('class="feed status-failing"')
    expect(bad).toContain('En échec')
    expect(bad).toContain('3 échecs de suite')
    // A sentence first, the stored text behind a disclosure.
    expect(bad).toContain('Le site est en panne (erreur 503)')
    expect(bad).toMatch(
      /<details class="error-detail"><summary>Détail technique<\/summary><code>HTTP 503 Service Unavailable<\/code>/,
    )
    expect(bad).toContain('20 nov. 2026, 11:00')
    expect(bad).toContain('20 nov. 2026, 15:00')

    const off = rowOf(html, disabled!)
    expect(off).toContain('Désactivé')
    expect(off).toContain('Le site indique que ce flux a été supprimé (erreur 410).')
    expect(off).not.toContain('échecs de suite')

    // Errors come from the outside world: shown as text, never as markup.
    expect(rowOf(html, hostile)).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img src=x')

    // Eight posts in four weeks: two a week; the older post does not count.
    const regular = rowOf(html, await t.feedNamed('Blog régulier'))
    expect(regular).toMatch(/class="num">2</)
    expect(regular).toContain('Pas encore collecté')
    expect(regular).toContain('à la prochaine collecte')
    expect(rowOf(html, await t.feedNamed('Cuisine du dimanche'))).toMatch(/class="num">0,3</)
  })

  it('shows only the failing feeds when asked, with how many feeds are in each state', async () => {
    const t = await adminApp()
    const feeds = await t.feeds()
    const [failing, disabled] = feeds
    await updateFeed(t.db.db, failing!.id, { errorCount: 2, lastError: 'HTTP 500' })
    await updateFeed(t.db.db, disabled!.id, { enabled: false, errorCount: 4 })

    const html = await (await t.request(`/sources?sector=${SECTOR}&status=failing`)).text()
    expect(html.match(/<tr id="feed-\d+"/g)).toEqual([`<tr id="feed-${failing!.id}"`])
    expect(html).toContain(`>Tous (${feeds.length})</a>`)
    expect(html).toMatch(/aria-current="true" data-status="failing">En échec \(1\)</)
    expect(html).toContain('>Désactivé (1)</a>')

    await updateFeed(t.db.db, failing!.id, { errorCount: 0, lastError: null })
    const healed = await (await t.request(`/sources?sector=${SECTOR}&status=failing`)).text()
    expect(healed).not.toContain('<tr id=')
    expect(healed).toContain('Aucun flux dans cet état.')

    const bad = await t.request(`/sources?sector=${SECTOR}&status=broken`)
    expect(bad.status).toBe(400)
  })

  it('is read-only for a viewer: no forms, and every change refused with 403', async () => {
    const t = await adminApp({ role: 'viewer' })
    const html = await (await t.request(`/sources?sector=${SECTOR}`)).text()
    expect(html).toContain('Lecture seule')
    expect(html).not.toContain('action="/sources/import"')
    expect(html).not.toMatch(/action="\/sources\/\d+"/)
    const feed = (await t.feeds())[0]!
    const before = (await t.feeds()).length
    for (const [p, init] of [
      ['/sources', form({ sector: SECTOR, url: 'https://nouveau.example/feed' })],
      [`/sources/${feed.id}`, form({ enabled: '0' })],
      ['/sources/import', upload(fixtureFile('abonnements.opml'))],
      ['/sources/profile', form({ sector: SECTOR, half_life_hours: '12' })],
      ['/sources/profile/preview', form({ sector: SECTOR, half_life_hours: '12' })],
    ] as const) {
      expect((await t.request(p, init)).status, p).toBe(403)
    }
    expect((await t.feeds()).length).toBe(before)
    expect((await t.feeds())[0]!.enabled).toBe(true)
  })

  it('keeps feed changes for administrators: a curator is refused too', async () => {
    const t = await adminApp({ role: 'curator' })
    expect(
      (await t.request('/sources', form({ sector: SECTOR, url: 'https://nouveau.example/feed' })))
        .status,
    ).toBe(403)
    expect((await t.request(`/sources/profile?sector=${SECTOR}`)).status).toBe(403)
  })
})

describe('POST /sources (add a feed)', () => {
  it('adds a feed by hand and says so; adding it again changes nothing', async () => {
    const t = await adminApp()
    const fields = {
      sector: SECTOR,
      url: 'https://veille-influence.example/feed.xml',
      name: 'Veille influence',
      kind: 'media',
    }
    const res = await t.request('/sources', form(fields))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/sources?sector=${SECTOR}&done=added`)
    const added = await t.feedNamed('Veille influence')
    expect(added).toMatchObject({ url: fields.url, kind: 'media', origin: 'manual', enabled: true })
    expect(await (await t.request(res.headers.get('location')!)).text()).toContain('Flux ajouté.')

    const again = await t.request('/sources', form({ ...fields, name: 'Autre nom' }))
    expect(again.headers.get('location')).toContain('done=exists')
    expect((await t.feeds()).filter((f) => f.url === fields.url)).toHaveLength(1)
  })

  it('names a feed after its host when no name is given', async () => {
    const t = await adminApp()
    await t.request('/sources', form({ sector: SECTOR, url: 'https://sans-nom.example/rss' }))
    expect(
      (await t.feeds()).find((f) => f.url === 'https://sans-nom.example/rss')?.sourceName,
    ).toBe('sans-nom.example')
  })

  it.each(['ftp://fichiers.example/feed.xml', 'javascript:alert(1)', 'pas une adresse', ''])(
    'refuses %j with 400, naming the url field, and adds nothing',
    async (url) => {
      const t = await adminApp()
      const before = (await t.feeds()).length
      const res = await t.request('/sources', form({ sector: SECTOR, url, name: 'Essai' }))
      expect(res.status).toBe(400)
      const html = await res.text()
      expect(html).toContain('Indiquez une adresse http(s) valide.')
      expect(html).toMatch(/id="add-url" name="url"[^>]*aria-invalid="true"/)
      // What was typed comes back in the form.
      expect(html).toMatch(/id="add-name" name="name" value="Essai"/)
      const json = await t.request('/sources', form({ sector: SECTOR, url }, 'application/json'))
      expect(json.status).toBe(400)
      expect(await json.json()).toMatchObject({
        error: 'validation_failed',
        details: { field: 'url' },
      })
      expect((await t.feeds()).length).toBe(before)
    },
  )

  it('refuses an unknown sector with 404', async () => {
    const t = await adminApp()
    expect(
      (await t.request('/sources', form({ sector: 'nope', url: 'https://a.example/feed' }))).status,
    ).toBe(404)
  })
})

describe('POST /sources/:id (edit, disable, enable)', () => {
  it('renames and changes the kind', async () => {
    const t = await adminApp()
    const feed = await t.feedNamed('Blog régulier')
    const res = await t.request(
      `/sources/${feed.id}`,
      form({ name: 'Blog très régulier', kind: 'influencer' }),
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/sources?sector=${SECTOR}&done=saved#feed-${feed.id}`)
    expect(await t.feedNamed('Blog très régulier')).toMatchObject({
      id: feed.id,
      kind: 'influencer',
      enabled: true,
    })
  })

  it('writes a new name and kind of a feed from the sector file into that file', async () => {
    const feedsDir = tempFeedsDir()
    const file = path.join(feedsDir, `${SECTOR}.yaml`)
    const original = fs.readFileSync(file, 'utf8')
    const t = await adminApp({ deps: { config: { feedsDir } } })
    const feed = (await t.feeds()).find((f) => f.origin === 'yaml' && f.kind === 'media')!
    const res = await t.request(
      `/sources/${feed.id}`,
      form({ name: 'Le Média renommé', kind: 'blog' }),
    )
    expect(res.status).toBe(303)
    const written = fs.readFileSync(file, 'utf8')
    const source = parseSector(written, file, SECTOR).sector!.sources.find(
      (s) => s.feedUrl === feed.declaredUrl,
    )
    expect(source).toMatchObject({ name: 'Le Média renommé', kind: 'blog' })
    // Two lines changed, nothing else.
    const changed = written.split('\n').filter((line, i) => line !== original.split('\n')[i])
    expect(changed).toHaveLength(2)
    expect(await getFeed(t.db.db, feed.id)).toMatchObject({
      sourceName: 'Le Média renommé',
      kind: 'blog',
    })
  })

  it('changes nothing when the sector file cannot take the edit', async () => {
    const feedsDir = tempFeedsDir()
    fs.rmSync(path.join(feedsDir, `${SECTOR}.yaml`))
    const t = await adminApp({ deps: { config: { feedsDir } } })
    const feed = (await t.feeds()).find((f) => f.origin === 'yaml')!
    const res = await t.request(
      `/sources/${feed.id}`,
      form({ name: 'Ailleurs' }, 'application/json'),
    )
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: 'sector_not_found' })
    expect((await getFeed(t.db.db, feed.id))!.sourceName).toBe(feed.sourceName)
  })

  it('disables with who did it, shows it, and enables again', async () => {
    const t = await adminApp()
    const feed = await t.feedNamed('Cuisine du dimanche')
    await t.request(`/sources/${feed.id}`, form({ enabled: '0' }))
    const off = await t.feedNamed('Cuisine du dimanche')
    expect(off.enabled).toBe(false)
    expect(off.disabledReason).toBe(`disabled by ${t.user.email}`)
    const row = rowOf(await (await t.request(`/sources?sector=${SECTOR}`)).text(), off)
    expect(row).toContain('Désactivé')
    expect(row).toContain('>Réactiver</button>')

    const res = await t.request(`/sources/${feed.id}`, form({ enabled: '1' }, 'application/json'))
    expect(res.status).toBe(200)
    expect((await res.json()).feed).toMatchObject({
      id: feed.id,
      enabled: true,
      disabledReason: null,
    })
  })

  it('refuses a bad edit on the sources page, naming the field and its limit in the reader’s language', async () => {
    const t = await adminApp()
    const feed = await t.feedNamed('Cuisine du dimanche')
    const long = await t.request(`/sources/${feed.id}`, form({ name: 'N'.repeat(201) }))
    expect(long.status).toBe(400)
    const html = await long.text()
    expect(html).toContain('Erreur : Le nom compte au plus 200 caractères : raccourcissez-le.')
    // The page itself, with its navigation and the feeds, not a bare error page.
    expect(html).toContain(`id="feed-${feed.id}"`)
    const kind = await t.request(
      `/sources/${feed.id}`,
      form({ kind: 'podcast' }, 'application/json'),
    )
    expect(await kind.json()).toMatchObject({
      error: 'validation_failed',
      message: 'Choisissez un type : blog, média ou influenceur.',
      details: { field: 'kind' },
    })
    await t.request('/account/locale', form({ locale: 'en' }))
    const en = await (await t.request(`/sources/${feed.id}`, form({ name: '   ' }))).text()
    expect(en).toContain('The name cannot be empty.')
    expect((await t.feedNamed('Cuisine du dimanche')).sourceName).toBe('Cuisine du dimanche')
  })

  it('answers 404 for an unknown feed and 400 for a bad kind', async () => {
    const t = await adminApp()
    expect((await t.request('/sources/999999', form({ enabled: '0' }))).status).toBe(404)
    const feed = (await t.feeds())[0]!
    expect((await t.request(`/sources/${feed.id}`, form({ kind: 'podcast' }))).status).toBe(400)
  })
})

describe('OPML import and export', () => {
  it(
    'imports 20,000 feeds of one OPML file in one go (batched under the bound-variable limit)',
    { timeout: 120_000 },
    async () => {
      const t = await adminApp()
      const before = (await t.feeds()).length
      const outlines = Array.from(
        { length: 20_000 },
        (_, i) =>
          `<outline type="rss" text="Blog n°${i} &amp; co" xmlUrl="https://blog-${i}.example.fr/feed.xml" htmlUrl="https://blog-${i}.example.fr/"/>`,
      )
      const opml = `<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>Veille</title></head><body><outline text="Marketing">${outlines.join('\n')}</outline></body></opml>`
      const file = new File([opml], 'veille.opml', { type: 'text/x-opml' })
      expect(file.size).toBeLessThan(5 * 1024 * 1024)
      const res = await t.request('/sources/import', upload(file))
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toContain('added=20000&existing=0')
      expect((await t.feeds()).length).toBe(before + 20_000)
      // Again: nothing new, nothing doubled.
      const again = await t.request('/sources/import', upload(file))
      expect(again.headers.get('location')).toContain('added=0&existing=20000')
    },
  )

  it('imports the feeds of an OPML file and reports added and already there', async () => {
    const t = await adminApp()
    const before = (await t.feeds()).length
    const res = await t.request('/sources/import', upload(fixtureFile('abonnements.opml')))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(
      `/sources?sector=${SECTOR}&done=imported&added=2&existing=1&at=${NOW.getTime()}`,
    )
    const page = await (await t.request(res.headers.get('location')!)).text()
    expect(page).toContain('Import terminé : 2 flux ajoutés, 1 déjà présent.')
    const feeds = await t.feeds()
    // The two feeds just added are highlighted, and only they.
    const highlighted = [...page.matchAll(/<tr id="feed-(\d+)" class="[^"]*\bis-new\b/g)]
    expect(highlighted.map((m) => Number(m[1])).sort()).toEqual(
      feeds
        .filter((f) => f.origin === 'opml')
        .map((f) => f.id)
        .sort(),
    )
    expect(highlighted).toHaveLength(2)
    expect(feeds.length).toBe(before + 2)
    expect(feeds.find((f) => f.url === 'https://carnet-moderation.example/rss.xml')).toMatchObject({
      origin: 'opml',
      sourceName: 'Carnet de la modération',
      siteUrl: 'https://carnet-moderation.example/',
    })
    // The feed that was there keeps its origin.
    expect(feeds.find((f) => f.url === 'https://www.blogdumoderateur.com/feed/')?.origin).toBe(
      'yaml',
    )
  })

  it.each([
    ['flux-rss.xml', 'c’est un flux RSS, pas un fichier OPML : ajoutez-le plutôt comme flux.'],
    ['tronque.opml', 'le fichier est tronqué'],
  ])('refuses %s with a clear message and adds nothing', async (name, message) => {
    const t = await adminApp()
    const before = (await t.feeds()).length
    const res = await t.request('/sources/import', upload(fixtureFile(name)))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain(`${name} : `)
    expect(html).toContain(message)
    expect(html).not.toMatch(/OPML document|not an OPML/)
    expect(html).toMatch(/id="import-file"[^>]*aria-invalid="true"/)
    expect((await t.feeds()).length).toBe(before)
  })

  it('refuses a form without a file, and an OPML file without feeds', async () => {
    const t = await adminApp()
    const none = new FormData()
    none.set('sector', SECTOR)
    const res = await t.request('/sources/import', {
      method: 'POST',
      body: none,
      headers: { accept: 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: 'validation_failed',
      details: { field: 'file' },
    })
    const empty = new File(
      ['<opml version="2.0"><head/><body><outline text="Dossier vide"/></body></opml>'],
      'vide.opml',
    )
    const html = await (await t.request('/sources/import', upload(empty))).text()
    expect(html).toContain('Ce fichier OPML ne contient aucun flux.')
  })

  it('exports the enabled feeds as an OPML attachment that imports back', async () => {
    const t = await adminApp()
    const off = await t.feedNamed('Cuisine du dimanche')
    await updateFeed(t.db.db, off.id, { enabled: false })
    // A page followed for a site without a feed is no feed: other readers could not poll it.
    const page = await t.feedNamed('Blog régulier')
    await t.db.db.update(feeds).set({ sourceType: 'page' }).where(eq(feeds.id, page.id))
    const res = await t.request(`/sources/export.opml?sector=${SECTOR}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/x-opml; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="vigie-${SECTOR}.opml"`,
    )
    const { title, outlines } = parseOpml(await res.text())
    expect(title).toBe('Vigie · Community management & social media')
    const enabled = (await t.feeds()).filter((f) => f.enabled && f.id !== page.id)
    expect(outlines.map((o) => o.xmlUrl).sort()).toEqual(enabled.map((f) => f.url).sort())
    expect(outlines.some((o) => o.xmlUrl === page.url)).toBe(false)
    expect(
      outlines.find((o) => o.xmlUrl === 'https://www.blogdumoderateur.com/feed/')?.htmlUrl,
    ).toBe('https://www.blogdumoderateur.com/')
    expect(outlines.some((o) => o.xmlUrl === off.url)).toBe(false)
  })
})

// The editor's form fields for a profile, as the page posts them.
function profileForm(p: {
  halfLifeHours: number
  freshnessWeight?: number
  shortlistFloor?: number
  topics: { name: string; weight: number; terms: string[] }[]
  excluded: string[]
}) {
  const body = new URLSearchParams({
    sector: SECTOR,
    half_life_hours: String(p.halfLifeHours),
    freshness_weight: p.freshnessWeight === undefined ? '' : String(p.freshnessWeight),
    shortlist_floor: p.shortlistFloor === undefined ? '' : String(p.shortlistFloor),
    excluded: p.excluded.join('\n'),
  })
  for (const t of p.topics) {
    body.append('topic_name', t.name)
    body.append('topic_weight', String(t.weight).replace('.', ','))
    body.append('topic_terms', t.terms.join('\n'))
  }
  // The blank topic the page always offers.
  body.append('topic_name', '')
  body.append('topic_weight', '1')
  body.append('topic_terms', '')
  return body
}
const post = (body: URLSearchParams, accept?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
  body,
})
type Profile = Parameters<typeof profileForm>[0]

const feedsDirs: string[] = []
afterEach(() => feedsDirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))
function tempFeedsDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-feeds-'))
  feedsDirs.push(dir)
  fs.copyFileSync(path.resolve('feeds', `${SECTOR}.yaml`), path.join(dir, `${SECTOR}.yaml`))
  return dir
}

describe('sector profile editor', () => {
  it('shows the profile as a form: topics with weight and terms one per line, excluded terms, half-life', async () => {
    const t = await adminApp()
    const html = await (await t.request(`/sources/profile?sector=${SECTOR}`)).text()
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    expect(html).toContain(
      `id="half-life" name="half_life_hours" inputmode="decimal" value="${profile.halfLifeHours}"`,
    )
    expect(html.match(/<fieldset class="topic"/g)).toHaveLength(profile.topics.length + 1)
    expect(html).toContain(
      `<textarea id="topic-0-terms" name="topic_terms" rows="6">${profile.topics[0]!.terms.join('\n')}</textarea>`,
    )
    expect(html).toContain('formaction="/sources/profile/preview"')
  })

  it('previews how the top of the queue would move, without saving anything', async () => {
    const t = await adminApp()
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    const [, , tarteId] = t.ids
    const edited = {
      ...profile,
      topics: [
        ...profile.topics,
        { name: 'Pâtisserie', weight: 10, terms: ['tarte aux pommes', 'pâte brisée'] },
      ],
    }

    const res = await t.request(
      '/sources/profile/preview',
      post(profileForm(edited), 'application/json'),
    )
    expect(res.status).toBe(200)
    const preview = await res.json()
    // Twelve undecided articles in the scoring window (the 45-day-old one is out of it).
    expect(preview.considered).toBe(12)
    const tarte = preview.top.find((i: { id: number }) => i.id === tarteId)
    expect(tarte.rank).toBeLessThan(tarte.rankBefore)
    expect(tarte.move).toBe('up')
    expect(tarte.score).toBeGreaterThan(tarte.scoreBefore)
    // Whatever the recipe overtook went down by as much in total.
    const moved = preview.top.filter((i: { move: string }) => i.move === 'down')
    expect(moved.length).toBeGreaterThan(0)

    const html = await (
      await t.request('/sources/profile/preview', post(profileForm(edited)))
    ).text()
    expect(html).toContain('Effet sur les')
    expect(html).toMatch(
      new RegExp(`<tr class="move-up" data-article="${tarteId}" data-move="up">`),
    )
    expect(html).toMatch(/monte de \d+/)
    expect(html).toMatch(/descend de \d+/)
    // The edited form comes back with the new topic in it.
    expect(html).toContain('value="Pâtisserie"')
    expect((await getSector(t.db.db, SECTOR))!.profile).toEqual(profile)
  })

  it('previews from the queue’s own ranking: with the profile unchanged, its top is the queue’s', async () => {
    const t = await adminApp()
    await t.deps.scoring.rescoreSector(SECTOR)
    const { stories } = await (await t.request(`/api/queue?sector=${SECTOR}`)).json()
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    const res = await t.request(
      '/sources/profile/preview',
      post(profileForm(profile), 'application/json'),
    )
    const preview = await res.json()
    type Item = { id: number; score: number }
    expect(preview.top.map((i: Item) => i.id)).toEqual(stories.map((c: Item) => c.id))
    expect(preview.top.map((i: Item) => i.score)).toEqual(stories.map((c: Item) => c.score))
    expect(preview.top.every((i: { move: string }) => i.move === 'same')).toBe(true)
    // Ranked in the scoring worker and saved nowhere: previewing another profile leaves the queue be.
    const edited = { ...profile, topics: [{ name: 'Pâtisserie', weight: 5, terms: ['tarte'] }] }
    await t.request('/sources/profile/preview', post(profileForm(edited), 'application/json'))
    await t.deps.scoring.settled()
    const again = await (await t.request(`/api/queue?sector=${SECTOR}`)).json()
    expect(again.stories.map((c: Item) => [c.id, c.score])).toEqual(
      stories.map((c: Item) => [c.id, c.score]),
    )
  })

  it('reports a preview’s and a rescore’s progress while they run, and nothing after', async () => {
    const t = await adminApp()
    const progress = async () =>
      (await (await t.request(`/sources/profile/progress?sector=${SECTOR}`)).json()).progress
    expect(await progress()).toBeNull()
    // An unknown or oversized sector is refused with its reason.
    const unknown = await t.request('/sources/profile/progress?sector=inconnu', {
      headers: { accept: 'application/json' },
    })
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('inconnu')
    const long = await t.request(`/sources/profile/progress?sector=${'x'.repeat(500)}`)
    expect(long.status).toBe(400)
    type Progress = {
      task: string
      analysed: number
      toAnalyse: number
      scored: number
      toScore: number
    }
    const watch = async (pass: Promise<unknown>) => {
      let over = false
      const passing = pass.finally(() => (over = true))
      const seen: Progress[] = []
      while (!over) {
        const p = await progress()
        if (p) seen.push(p)
        // The worker's replies are events: let them in.
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      await passing
      expect(await progress()).toBeNull()
      for (const [i, p] of seen.entries()) {
        expect(p.analysed).toBeLessThanOrEqual(p.toAnalyse)
        expect(p.scored).toBeLessThanOrEqual(p.toScore)
        if (i)
          expect(p.analysed + p.scored).toBeGreaterThanOrEqual(
            seen[i - 1]!.analysed + seen[i - 1]!.scored,
          )
      }
      return seen
    }
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    // A cold worker first analyses the window's twelve articles, then ranks them under both profiles.
    const preview = await watch(
      t.request('/sources/profile/preview', post(profileForm(profile), 'application/json')),
    )
    expect(new Set(preview.map((p) => p.task))).toEqual(new Set(['preview']))
    expect(Math.max(...preview.map((p) => p.toAnalyse))).toBe(12)
    expect(Math.max(...preview.map((p) => p.toScore))).toBe(24)
    // Now analysed: a rescore only scores them. Its pass waits for this poll after saving its batch,
    // so that the poll finds the pass running however fast it is.
    const held: Progress[] = []
    const rescore = await watch(
      t.deps.scoring.rescoreSector(SECTOR, async () => void held.push(await progress())),
    )
    expect(held).toEqual([
      { task: 'rescore', analysed: 0, toAnalyse: 0, scored: 12, toScore: 12, waiting: false },
    ])
    expect(new Set(rescore.map((p) => p.task))).toEqual(new Set(['rescore']))
    expect(Math.max(...rescore.map((p) => p.toAnalyse))).toBe(0)
  })

  it('says a preview waits while an earlier pass has the scoring worker', async () => {
    const t = await adminApp()
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    const rescore = t.deps.scoring.rescoreSector(SECTOR)
    expect(t.deps.scoring.progress(SECTOR)).toMatchObject({ task: 'rescore', waiting: false })
    const preview = t.deps.scoring.rankWith(SECTOR, [profile])
    expect(t.deps.scoring.progress(SECTOR)).toMatchObject({ task: 'preview', waiting: true })
    await Promise.all([rescore, preview])
    expect(t.deps.scoring.progress(SECTOR)).toBeNull()
  })

  it('saves to the sector file, updates the sector and rescores it', async () => {
    const feedsDir = tempFeedsDir()
    const repoFile = fs.readFileSync(path.resolve('feeds', `${SECTOR}.yaml`), 'utf8')
    const t = await adminApp({ deps: { config: { feedsDir } } })
    await t.deps.scoring.rescoreSector(SECTOR)
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    const edited = {
      ...profile,
      halfLifeHours: 12,
      topics: [{ ...profile.topics[0]!, weight: 4.5 }, ...profile.topics.slice(1)],
    }
    const res = await t.request('/sources/profile', post(profileForm(edited)))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/sources/profile?sector=${SECTOR}&saved=1`)
    const written = fs.readFileSync(path.join(feedsDir, `${SECTOR}.yaml`), 'utf8')
    expect(written).toContain('  half_life_hours: 12\n')
    expect(written).toMatch(/- name: Métier de community manager\n\s+weight: 4\.5\n/)
    // Comments and sources are still there.
    expect(written.split('\nprofile:')[0]).toBe(repoFile.split('\nprofile:')[0])
    expect(written.slice(written.indexOf('\nsources:'))).toBe(
      repoFile.slice(repoFile.indexOf('\nsources:')),
    )
    expect(fs.readFileSync(path.resolve('feeds', `${SECTOR}.yaml`), 'utf8')).toBe(repoFile)

    const stored = (await getSector(t.db.db, SECTOR))!.profile as Profile
    expect(stored.halfLifeHours).toBe(12)
    expect(stored.topics[0]!.weight).toBe(4.5)
    const card = await (await t.request(`/queue?sector=${SECTOR}`)).text()
    expect(card).toContain('story-card')
    expect(await (await t.request(res.headers.get('location')!)).text()).toContain(
      'Profil enregistré',
    )
  })

  it('saves the freshness weight and the shortlist floor, into the file and the database copy', async () => {
    const feedsDir = tempFeedsDir()
    const t = await adminApp({ deps: { config: { feedsDir } } })
    const page = await (await t.request(`/sources/profile?sector=${SECTOR}`)).text()
    // Each field says its bounds.
    expect(page).toContain('name="freshness_weight"')
    expect(page).toContain('entre 0 et 0,3 (vide : 0,15)')
    expect(page).toContain('name="shortlist_floor"')
    expect(page).toContain('entre 0 et 1')
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    const body = profileForm({ ...profile, halfLifeHours: 18 })
    body.set('freshness_weight', '0,25')
    body.set('shortlist_floor', '0.35')
    const res = await t.request('/sources/profile', post(body))
    expect(res.status).toBe(303)
    const written = fs.readFileSync(path.join(feedsDir, `${SECTOR}.yaml`), 'utf8')
    expect(written).toContain('  freshness_weight: 0.25\n')
    expect(written).toContain('  shortlist_floor: 0.35\n')
    const stored = (await getSector(t.db.db, SECTOR))!.profile as Profile
    expect(stored).toMatchObject({ halfLifeHours: 18, freshnessWeight: 0.25, shortlistFloor: 0.35 })
    const again = await (await t.request(`/sources/profile?sector=${SECTOR}`)).text()
    expect(again).toMatch(/name="freshness_weight"[^>]*value="0.25"/)
    expect(again).toMatch(/name="shortlist_floor"[^>]*value="0.35"/)
    const floor = await (await t.request(`/api/shortlist?sector=${SECTOR}`)).json()
    expect(floor.floor).toBe(0.35)

    // Blank again: the keys leave the file and the defaults come back.
    const cleared = profileForm({ ...profile, halfLifeHours: 18 })
    expect((await t.request('/sources/profile', post(cleared))).status).toBe(303)
    const rewritten = fs.readFileSync(path.join(feedsDir, `${SECTOR}.yaml`), 'utf8')
    expect(rewritten).not.toContain('freshness_weight')
    expect(rewritten).not.toContain('shortlist_floor')
    const back = (await getSector(t.db.db, SECTOR))!.profile as Profile
    expect(back.freshnessWeight).toBeUndefined()
    expect(back.shortlistFloor).toBeUndefined()
  })

  it('calls reloadSectors when the app has it', async () => {
    const feedsDir = tempFeedsDir()
    let reloads = 0
    const t = await adminApp({
      deps: { config: { feedsDir }, reloadSectors: async () => reloads++ },
    })
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    const res = await t.request(
      '/sources/profile',
      post(profileForm({ ...profile, halfLifeHours: 30 })),
    )
    expect(res.status).toBe(303)
    expect(reloads).toBe(1)
  })

  type Edit = (p: Profile) => [Profile, string, string]
  // Each refusal names the topic by its name (or its 1-based number) and says the rule in French.
  it.each<[string, Edit]>([
    [
      'a negative weight',
      (p) => [
        { ...p, topics: [{ ...p.topics[0]!, weight: -1 }, ...p.topics.slice(1)] },
        'topic-0-weight',
        `Thème « ${p.topics[0]!.name} », poids : doit être supérieur à 0`,
      ],
    ],
    [
      'a weight that is not a number',
      (p) => [
        { ...p, topics: [{ ...p.topics[0]!, weight: 'beaucoup' as never }, ...p.topics.slice(1)] },
        'topic-0-weight',
        `Thème « ${p.topics[0]!.name} », poids : doit être un nombre`,
      ],
    ],
    [
      'a topic without terms',
      (p) => [
        { ...p, topics: [...p.topics, { name: 'Vide', weight: 1, terms: [] }] },
        `topic-${p.topics.length}-terms`,
        'Thème « Vide », termes : indiquez-en au moins 1',
      ],
    ],
    [
      'a topic without a name',
      (p) => [
        { ...p, topics: [...p.topics, { name: '', weight: 1, terms: ['modération'] }] },
        `topic-${p.topics.length}-name`,
        `Thème n° ${p.topics.length + 1}, nom : ne peut pas être vide`,
      ],
    ],
    [
      'two topics of one name',
      (p) => [
        { ...p, topics: [...p.topics, { ...p.topics[0]!, terms: ['autre terme'] }] },
        `topic-${p.topics.length}-name`,
        `ce nom est déjà celui du thème « ${p.topics[0]!.name} »`,
      ],
    ],
    [
      'a zero half-life',
      (p) => [
        { ...p, halfLifeHours: 0 },
        'half-life',
        'Demi-vie de la fraîcheur : doit être supérieur à 0',
      ],
    ],
    [
      'a freshness weight above its bound',
      (p) => [
        { ...p, freshnessWeight: 0.5 },
        'freshness-weight',
        'Poids de la fraîcheur : doit valoir au plus 0,3',
      ],
    ],
    [
      'a shortlist floor above 1',
      (p) => [
        { ...p, shortlistFloor: 2 },
        'shortlist-floor',
        'Score minimal de la sélection : doit valoir au plus 1',
      ],
    ],
    [
      'a shortlist floor that is not a number',
      (p) => [
        { ...p, shortlistFloor: 'haut' as never },
        'shortlist-floor',
        'Score minimal de la sélection : doit être un nombre',
      ],
    ],
  ])('refuses %s with 400 and leaves the file unchanged', async (_, edit) => {
    const feedsDir = tempFeedsDir()
    const file = path.join(feedsDir, `${SECTOR}.yaml`)
    const before = fs.readFileSync(file, 'utf8')
    const t = await adminApp({ deps: { config: { feedsDir } } })
    const profile = (await getSector(t.db.db, SECTOR))!.profile as Profile
    const [edited, inputId, message] = edit(profile)
    const res = await t.request('/sources/profile', post(profileForm(edited)))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Le profil n’a pas été enregistré')
    expect(html.replaceAll('&quot;', '"').replaceAll('&#39;', "'")).toContain(message)
    expect(html).not.toMatch(/topics\[\d+\]|must |half_life_hours :/)
    expect(html).toMatch(new RegExp(`id="${inputId}"[^>]*aria-invalid="true"`))
    expect(fs.readFileSync(file, 'utf8')).toBe(before)
    expect((await getSector(t.db.db, SECTOR))!.profile).toEqual(profile)
    const json = await t.request(
      '/sources/profile/preview',
      post(profileForm(edited), 'application/json'),
    )
    expect(json.status).toBe(400)
    const refusal = await json.json()
    expect(refusal.error).toBe('validation_failed')
    // Scripts get the field and a code; the message is the same sentence.
    expect(refusal.details.issues[0].code).toEqual(expect.any(String))
    expect(refusal.message).toContain(message.slice(0, 12))
  })
})

describe('feeds that could only reach the local network', () => {
  it('are refused at entry with the reason, in the form, the API and an OPML import', async () => {
    const t = await adminApp()
    const before = (await t.feeds()).length
    for (const url of [
      'http://127.0.0.2/feed.xml',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/rss',
      'http://2130706434/rss',
      'http://localhost:8080/feed',
      'http://nas.local/feed.xml',
      'http://intranet/rss',
    ]) {
      const res = await t.request('/sources', form({ sector: SECTOR, url, name: 'Piège' }))
      expect(res.status, url).toBe(400)
      expect(await res.text(), url).toContain('est une adresse privée ou locale')
      const api = await t.request('/api/feeds', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sector: SECTOR, url, name: 'Piège' }),
      })
      expect(api.status, url).toBe(400)
      expect((await api.json()).details.reason, url).toBe('local_address')
    }
    const opml = `<?xml version="1.0"?><opml version="2.0"><body>
      <outline text="Blog public" xmlUrl="https://blog-public.example.fr/feed.xml"/>
      <outline text="Interne" xmlUrl="http://10.0.0.5/feed.xml"/></body></opml>`
    const res = await t.request('/sources/import', upload(new File([opml], 'mix.opml')))
    expect(res.headers.get('location')).toContain('added=1&existing=0&refused=1')
    const page = await (await t.request(res.headers.get('location')!)).text()
    expect(page).toContain('1 flux refusé : son adresse est privée ou locale.')
    expect((await t.feeds()).length).toBe(before + 1)
  })
})
