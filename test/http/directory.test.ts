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

// Three blogs: Claire writes on her own blog and as a guest on the agency's, which both cite
// the media site; the media site cites no one. Two Thomas Martin with different X handles.
const SITES = [
  { name: 'Le blog de Claire', site: 'https://claire-dupont.fr', kind: 'influencer' as const },
  { name: 'Agence Pixel', site: 'https://agence-pixel.fr', kind: 'blog' as const },
  { name: 'Social Media Today', site: 'https://www.socialmediatoday.com', kind: 'media' as const },
]

const link = (url: string, text: string) => `<a href="${url}">${text}</a>`

async function seed(database: Database) {
  const db = database.db
  const ids: number[] = []
  for (const s of SITES) {
    const [row] = await db
      .insert(feeds)
      .values({
        sectorSlug: SECTOR,
        declaredUrl: `${s.site}/feed`,
        url: `${s.site}/feed`,
        siteUrl: s.site,
        sourceName: s.name,
        kind: s.kind,
        origin: 'manual',
        createdAt: NOW,
        people:
          s.kind === 'influencer'
            ? [{ name: 'Claire Dupont', handles: { x: '@ClaireDupont' } }]
            : null,
      })
      .returning({ id: feeds.id })
    ids.push(row!.id)
  }
  const [claireBlog, agency, media] = ids as [number, number, number]
  let n = 0
  const article = (
    feedId: number,
    site: string,
    author: string,
    daysAgo: number,
    html: string,
    signals: object | null = null,
  ) => {
    n++
    const url = `${site}/articles/${n}`
    const at = new Date(NOW.getTime() - daysAgo * DAY)
    return db.insert(articles).values({
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
      html: `<p>${html}</p>`,
      text: 'texte',
      extractState: 'ok',
      profileSignals: signals as Record<string, unknown> | null,
    })
  }
  const empty = {
    relMe: [],
    relAuthor: [],
    twitterSite: [],
    fediverseCreator: [],
    articleAuthor: [],
    ldAuthors: [],
  }
  const sm = 'https://www.socialmediatoday.com/news/instagram-reach'
  await article(
    claireBlog,
    SITES[0]!.site,
    'Claire Dupont',
    2,
    `Selon ${link(sm, 'SMT')}, la portée baisse.`,
    { ...empty, twitterCreator: ['@clairedupont'] },
  )
  await article(
    claireBlog,
    SITES[0]!.site,
    'Claire Dupont',
    9,
    `Voir ${link('https://agence-pixel.fr/articles/99', 'Pixel')}.`,
  )
  await article(
    agency,
    SITES[1]!.site,
    'C. Dupont',
    3,
    `Invitée : ${link(sm, 'SMT')} et ${link('https://claire-dupont.fr/articles/1', 'son blog')}.`,
    { ...empty, twitterCreator: ['@ClaireDupont'] },
  )
  await article(agency, SITES[1]!.site, 'Thomas Martin', 5, 'Rien à citer.', {
    ...empty,
    twitterCreator: ['@tmartin_seo'],
  })
  await article(media, SITES[2]!.site, 'Thomas Martin', 4, 'No links here.', {
    ...empty,
    twitterCreator: ['@thomasmartin_cm'],
  })
  return ids
}

describe('the directory', () => {
  it('computes people, handles and influence, and serves them to a viewer', async () => {
    const t = await testApp({ role: 'viewer', clock: fixedClock(NOW), seed })
    const deps = { db: t.db.db, clock: fixedClock(NOW), log: silentLog }
    const first = await recomputeDirectory(deps, SECTOR)
    expect(first.scanned).toBe(5)

    const res = await t.request(`/api/sectors/${SECTOR}/sources/stats`)
    expect(res.status).toBe(200)
    const { sources } = (await res.json()) as {
      sources: {
        name: string
        citations: number
        citingSources: number
        weekly: number[]
        influence: number
      }[]
    }
    const ours = sources.filter((s) => SITES.some((x) => x.name === s.name))
    // The media site is cited by both blogs, Claire's blog by the agency, the agency by Claire.
    expect(ours[0]).toMatchObject({ name: 'Social Media Today', citations: 2, citingSources: 2 })
    expect(ours.map((s) => s.name)).toContain('Le blog de Claire')
    expect(ours[0]!.weekly).toHaveLength(12)

    const pres = await t.request(`/api/sectors/${SECTOR}/people`)
    expect(pres.status).toBe(200)
    const { people } = (await pres.json()) as {
      people: {
        id: number
        name: string
        sources: string[]
        citations: number
        handles: { network: string; handle: string; signal: string }[]
      }[]
    }
    const claire = people.filter((p) => p.name === 'Claire Dupont')
    expect(claire).toHaveLength(1)
    expect(claire[0]!.sources.sort()).toEqual(['Agence Pixel', 'Le blog de Claire'])
    expect(claire[0]!.handles).toContainEqual(
      expect.objectContaining({ network: 'x', handle: '@clairedupont', signal: 'sector-file' }),
    )
    // Her own blog's article 1 is linked from the agency's.
    expect(claire[0]!.citations).toBe(1)
    expect(people.filter((p) => p.name === 'Thomas Martin')).toHaveLength(2)

    // A recomputation reads no link again and keeps every person's id.
    const second = await recomputeDirectory(deps, SECTOR)
    expect(second.scanned).toBe(0)
    const again = (await (await t.request(`/api/sectors/${SECTOR}/people`)).json()) as {
      people: { id: number; name: string }[]
    }
    expect(again.people.map((p) => p.id).sort()).toEqual(people.map((p) => p.id).sort())

    const page = await t.request(`/directory?sector=${SECTOR}&tab=people`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Claire Dupont')
    expect(html).toContain('<svg class="sparkline"')
    expect(html).toContain('href="https://x.com/clairedupont"')
    expect(html).toContain('href="/directory?sector=')
  })

  it('sorts, filters and tabs its lists from the address, without script', async () => {
    const t = await testApp({ role: 'viewer', clock: fixedClock(NOW), seed })
    await recomputeDirectory({ db: t.db.db, clock: fixedClock(NOW), log: silentLog }, SECTOR)
    const names = async (query: string) => {
      const html = await (await t.request(`/directory?sector=${SECTOR}${query}`)).text()
      return [...html.matchAll(/<th scope="row">(?:<a [^>]*>)?([^<]+)/g)].map((m) => m[1]!)
    }
    // Sources by influence first (the media site cited by both blogs), then by name on demand.
    const byInfluence = await names('')
    expect(byInfluence[0]).toBe('Social Media Today')
    // The heading names the page (the sector is beside it, once); the caption is for screen
    // readers; a source nobody cites shows a dash, not "0 par 0 sources".
    const sourcesPage = await (await t.request(`/directory?sector=${SECTOR}`)).text()
    expect(sourcesPage).toContain('<h1>Annuaire</h1>')
    expect(sourcesPage).toContain('<caption class="visually-hidden">')
    expect(sourcesPage).toMatch(/ par \d+ sources?<\/td>/)
    expect(sourcesPage).not.toContain(' par 0 source')
    const byName = await names('&sort=name')
    expect(byName).toEqual([...byInfluence].sort((a, b) => a.localeCompare(b, 'fr')))
    expect(byName).not.toEqual(byInfluence)
    // People: a name without its accents or case, or a handle, finds them.
    expect(await names('&tab=people&q=CLAIRE')).toEqual(['Claire Dupont'])
    expect(await names('&tab=people&q=tmartin_seo')).toEqual(['Thomas Martin'])
    const none = await (await t.request(`/directory?sector=${SECTOR}&tab=people&q=zorglub`)).text()
    expect(none).toContain('Aucune entrée ne correspond à ces filtres.')
    // The filter form keeps the tab; the column headers sort and keep the filter.
    const filtered = await (
      await t.request(`/directory?sector=${SECTOR}&tab=people&q=martin`)
    ).text()
    expect(filtered).toContain('<input type="hidden" name="tab" value="people"/>')
    expect(filtered).toContain(
      `href="/directory?sector=${SECTOR}&amp;tab=people&amp;sort=citations&amp;q=martin"`,
    )
    expect(filtered).toContain('2 entrées')
    // Suggestions have their own tab; a sort the page does not know is refused by name.
    expect(await (await t.request(`/directory?sector=${SECTOR}&tab=suggestions`)).text()).toContain(
      'id="suggestions"',
    )
    expect((await t.request(`/directory?sector=${SECTOR}&sort=followers`)).status).toBe(400)
  })

  it('refuses anyone not signed in, and an unknown sector', async () => {
    const t = await testApp({ role: 'viewer' })
    expect((await t.app.request(`/api/sectors/${SECTOR}/people`)).status).toBe(401)
    expect((await t.app.request('/directory')).status).toBe(302)
    expect((await t.request('/api/sectors/nope/people')).status).toBe(404)
  })
})
