import { describe, expect, it } from 'vitest'
import { articleScores, articles, feeds, shortlists } from '../../db/schema.ts'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { profileSignalsPage, readDirectory, type Db } from '../../src/store/index.ts'
import { tempDb } from '../helpers/temp-db.ts'

// The directory's figures are counted by SQLite per source and byline, and its profiles read a page
// at a time: these check the sums against articles counted by hand, including the cases where a
// sum over bylines could count twice (a byline naming two people, a citing article linking two
// articles of one person).
const SECTOR = 'community-management'
const NOW = new Date('2026-03-02T08:00:00Z')
const DAY = 86_400_000
const signals = (creator: string) => ({
  relMe: [],
  relAuthor: [],
  twitterCreator: [creator],
  twitterSite: [],
  fediverseCreator: [],
  articleAuthor: [],
  ldAuthors: [],
})

async function seed(db: Db) {
  const feed = async (name: string, url: string, siteUrl: string | null) => {
    const [row] = await db
      .insert(feeds)
      .values({
        sectorSlug: SECTOR,
        declaredUrl: url,
        url,
        siteUrl,
        sourceName: name,
        kind: 'blog',
        origin: 'manual',
        createdAt: NOW,
      })
      .returning({ id: feeds.id })
    return row!.id
  }
  const claireBlog = await feed(
    'Le blog de Claire',
    'https://claire-dupont.fr/feed',
    'https://claire-dupont.fr',
  )
  const agency = await feed(
    'Agence Pixel',
    'https://agence-pixel.fr/feed',
    'https://agence-pixel.fr',
  )
  // No site address: the directory knows this source by the host its articles are on.
  const julie = await feed('Julie en veille', 'https://feeds.feedburner.com/julie-veille', null)
  let n = 0
  const article = async (
    feedId: number,
    a: { url: string; canonicalUrl?: string; author: string; daysAgo: number; html?: string },
    extra: { status?: string; signals?: object } = {},
  ) => {
    n++
    const at = new Date(NOW.getTime() - a.daysAgo * DAY)
    const [row] = await db
      .insert(articles)
      .values({
        sectorSlug: SECTOR,
        feedId,
        guid: `g${n}`,
        url: a.url,
        canonicalUrl: a.canonicalUrl ?? a.url,
        title: `Billet ${n}`,
        author: a.author,
        publishedAt: at,
        firstSeenAt: at,
        updatedAt: at,
        html: `<p>${a.html ?? 'Retour d’expérience sur la modération.'}</p>`,
        text: 'texte',
        extractState: 'ok',
        status: extra.status ?? 'new',
        profileSignals: (extra.signals as Record<string, unknown>) ?? null,
      })
      .returning({ id: articles.id })
    return row!.id
  }
  const c1 = await article(
    claireBlog,
    {
      url: 'https://claire-dupont.fr/moderation',
      author: 'Claire Dupont',
      daysAgo: 1,
      html: 'Voir <a href="https://julie-martin.fr/veille-tiktok">Julie</a>.',
    },
    { status: 'approved', signals: signals('@clairedupont') },
  )
  const c2 = await article(
    claireBlog,
    { url: 'https://claire-dupont.fr/calendrier', author: 'Claire Dupont', daysAgo: 8 },
    { status: 'rejected' },
  )
  await article(claireBlog, {
    url: 'https://claire-dupont.fr/archives/2025',
    author: 'Claire Dupont',
    daysAgo: 150,
  })
  // One byline, two people: the article counts once for each, and once for the source.
  const joint = await article(agency, {
    url: 'https://agence-pixel.fr/guide-discord',
    author: 'Claire Dupont et Marc Petit',
    daysAgo: 15,
  })
  // Found at an address that is not its canonical one: cited by that address.
  await article(agency, {
    url: 'https://agence-pixel.fr/?p=12',
    canonicalUrl: 'https://agence-pixel.fr/avis-clients',
    author: 'Marc Petit',
    daysAgo: 3,
  })
  // One citing article linking two of Claire's articles (one on each source): one citation of her.
  await article(julie, {
    url: 'https://julie-martin.fr/veille-tiktok',
    author: 'Julie Martin',
    daysAgo: 2,
    html:
      '<a href="https://claire-dupont.fr/moderation">Claire</a> et ' +
      '<a href="https://agence-pixel.fr/guide-discord/">le guide</a>, ' +
      'puis <a href="https://agence-pixel.fr/?p=12">les avis</a>.',
  })
  await db.insert(articleScores).values(
    [
      [c1, 0.8],
      [c2, 0.5],
    ].map(([articleId, score]) => ({
      articleId: articleId!,
      sectorSlug: SECTOR,
      score: score!,
      explanation: {},
      storyId: articleId!,
      computedAt: NOW,
    })),
  )
  await db.insert(shortlists).values({
    sectorSlug: SECTOR,
    day: '2026-03-01',
    items: [{ id: c1 }, { id: joint }],
    createdAt: NOW,
  })
  return { claireBlog, agency, julie }
}

describe('the directory counted per source and byline', () => {
  it('adds up articles, weeks, scores, decisions, shortlists and citations as the articles say', async () => {
    const { db } = await tempDb()
    const ids = await seed(db)
    await recomputeDirectory({ db, clock: fixedClock(NOW), log: silentLog }, SECTOR)
    const dir = await readDirectory(db, SECTOR)
    const person = (name: string) => dir.people.find((p) => p.name === name)!.figures!
    const source = (id: number) => dir.sources.find((s) => s.id === id)!.figures!

    const claire = person('Claire Dupont')
    expect(claire.articles).toBe(4)
    expect(claire.weekly.slice(0, 3)).toEqual([1, 1, 1])
    expect(claire.weekly.reduce((a, b) => a + b, 0)).toBe(3)
    expect(claire.lastPublishedAt?.getTime()).toBe(NOW.getTime() - DAY)
    expect(claire.affinity).toBe(0.65)
    expect(claire.shortlistShare).toBe(0.5)
    expect(claire.approveRate).toBe(0.5)
    expect(claire.citations).toBe(1)
    expect(claire.citingSources).toBe(1)
    expect(claire.citedWeekly[0]).toBe(1)

    const marc = person('Marc Petit')
    expect(marc.articles).toBe(2)
    expect(marc.affinity).toBeNull()
    expect(marc.approveRate).toBeNull()
    expect(marc.shortlistShare).toBe(0.5)
    // The same citing article links both of his articles (one by its non-canonical address).
    expect(marc.citations).toBe(1)

    const agency = source(ids.agency)
    expect(agency.articles).toBe(2)
    expect(agency.shortlistShare).toBe(0.5)
    expect(agency.citations).toBe(1)
    const blog = source(ids.claireBlog)
    expect(blog.articles).toBe(3)
    expect(blog.affinity).toBe(0.65)
    expect(blog.approveRate).toBe(0.5)
    expect(blog.lastPublishedAt?.getTime()).toBe(NOW.getTime() - DAY)
    // Julie's article of 2 days ago links the blog: this week's citing articles say so.
    expect(blog.citedWeekly.slice(0, 2)).toEqual([1, 0])
    // Known by its articles' host, so Claire's link to julie-martin.fr is a citation of it.
    const julie = source(ids.julie)
    expect(julie.citations).toBe(1)
    expect(julie.citingSources).toBe(1)
    expect(julie.influence).toBeGreaterThan(0)
  })

  it('reads profile signals a page at a time, each article once, in id order', async () => {
    const { db } = await tempDb()
    await seed(db)
    const seen: number[] = []
    for (let after = 0; ;) {
      const page = await profileSignalsPage(db, SECTOR, after, 1)
      if (!page.length) break
      expect(page).toHaveLength(1)
      expect(page[0]!.signals).toMatchObject({ twitterCreator: ['@clairedupont'] })
      seen.push(page[0]!.id)
      after = page[0]!.id
    }
    expect(seen).toHaveLength(1)
    await recomputeDirectory({ db, clock: fixedClock(NOW), log: silentLog }, SECTOR)
    const dir = await readDirectory(db, SECTOR)
    const claire = dir.people.find((p) => p.name === 'Claire Dupont')!
    expect(claire.handles.map((h) => `${h.network}:${h.handle}`)).toEqual(['x:@clairedupont'])
  })
})
