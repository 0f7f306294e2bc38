import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { articles, feeds, sourceSuggestions } from '../db/schema.ts'
import { recomputeDirectory } from '../src/jobs/directory.ts'
import { silentLog } from '../src/lib/log.ts'
import { systemClock } from '../src/lib/clock.ts'
import { tempDb } from './helpers/temp-db.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = path.join(root, 'src/bin.mjs')
const run = promisify(execFile)
const SECTOR = 'community-management'
const DAY = 86_400_000

const SITES = [
  { name: 'Le blog de Claire', site: 'https://claire-dupont.fr' },
  // A formula in a name: a spreadsheet must show it, never run it.
  { name: '=HYPERLINK("http://example.invalid","Agence")', site: 'https://agence-pixel.fr' },
  { name: 'Social Media Today', site: 'https://www.socialmediatoday.com' },
]

/** Three blogs; the agency and the media both cite Claire's blog, and Claire cites the agency once. */
async function seed() {
  const database = await tempDb()
  const db = database.db
  const now = Date.now()
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
        origin: 'manual',
        createdAt: new Date(now),
      })
      .returning({ id: feeds.id })
    ids.push(row!.id)
  }
  let n = 0
  const post = (feed: number, author: string, cites: string[], x: string) => {
    n++
    const site = SITES[ids.indexOf(feed)]!.site
    const at = new Date(now - n * DAY)
    return {
      sectorSlug: SECTOR,
      feedId: feed,
      guid: `g${n}`,
      url: `${site}/billets/${n}`,
      canonicalUrl: `${site}/billets/${n}`,
      title: `Billet ${n} sur la modération des communautés`,
      author,
      publishedAt: at,
      firstSeenAt: at,
      updatedAt: at,
      html: `<p>La modération d’une communauté ${cites
        .map((c) => `<a href="${c}/analyse">selon cette analyse</a>`)
        .join(' et ')}.</p>`,
      text: 'La modération d’une communauté.',
      extractState: 'ok' as const,
      profileSignals: {
        relMe: [],
        relAuthor: [],
        twitterSite: [],
        fediverseCreator: [],
        articleAuthor: [],
        ldAuthors: [],
        twitterCreator: [x],
      } as Record<string, unknown>,
    }
  }
  const [claire, agency, media] = ids as [number, number, number]
  await db
    .insert(articles)
    .values([
      post(claire, 'Claire Dupont', [SITES[1]!.site], '@clairedupont'),
      post(agency, 'Claire Dupont', [SITES[0]!.site], '@clairedupont'),
      post(agency, 'Thomas Martin', [SITES[0]!.site], '@tmartin_seo'),
      post(media, 'Nora Benali', [SITES[0]!.site, 'https://veille-sociale.example'], '@norab'),
    ])
  await recomputeDirectory({ db, clock: systemClock, log: silentLog }, SECTOR)
  const at = new Date(now)
  await db.insert(sourceSuggestions).values([
    {
      sectorSlug: SECTOR,
      host: 'veille-sociale.example',
      siteUrl: 'https://veille-sociale.example/',
      feedUrl: 'https://veille-sociale.example/feed.xml',
      title: 'Veille sociale',
      citations: 4,
      citingSources: 2,
      affinity: 0.41,
      createdAt: at,
      updatedAt: at,
    },
    {
      sectorSlug: SECTOR,
      host: 'recettes.example',
      siteUrl: 'https://recettes.example/',
      citations: 9,
      citingSources: 3,
      status: 'dismissed',
      createdAt: at,
      updatedAt: at,
    },
  ])
  const feedsDir = path.join(path.dirname(database.file), 'feeds')
  fs.mkdirSync(feedsDir)
  fs.writeFileSync(
    path.join(feedsDir, `${SECTOR}.yaml`),
    'name: Community management\nlanguage: fr\nsources: []\n',
  )
  return { env: { ...process.env, DATABASE_URL: database.url, VIGIE_FEEDS_DIR: feedsDir } }
}

const vigie = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, [bin, ...args], { env: { ...env, VIGIE_LOG_LEVEL: 'error' }, cwd: root })

describe('vigie directory', () => {
  it('prints sources, people and suggestions best first, as JSON and as safe CSV', async () => {
    const { env } = await seed()
    const json = JSON.parse((await vigie(['directory', '--sector', SECTOR, '--json'], env)).stdout)
    expect(Object.keys(json)).toEqual(['sources', 'people', 'suggestions'])
    // Cited by the two other sources: Claire's blog leads.
    expect(json.sources[0]).toMatchObject({
      name: 'Le blog de Claire',
      siteUrl: 'https://claire-dupont.fr',
      feedUrl: 'https://claire-dupont.fr/feed',
      kind: 'blog',
      followed: true,
      articles: 1,
      citingSources: 2,
      citations: 3,
      rising: expect.any(Boolean),
    })
    const influence = json.sources.map((s: { influence: number }) => s.influence)
    expect(influence).toEqual([...influence].sort((a, b) => b - a))
    expect(influence[0]).toBeGreaterThan(influence[2])
    const claire = json.people.find((p: { name: string }) => p.name === 'Claire Dupont')
    expect(claire).toMatchObject({
      articles: 2,
      handles: { x: expect.stringMatching(/clairedupont/i) },
    })
    expect(claire.sources).toHaveLength(2)
    // Dismissed suggestions are gone for good.
    expect(json.suggestions).toEqual([
      {
        siteUrl: 'https://veille-sociale.example/',
        feedUrl: 'https://veille-sociale.example/feed.xml',
        title: 'Veille sociale',
        citingSources: 2,
        citations: 4,
        affinity: 0.41,
      },
    ])

    const csv = (await vigie(['directory', '--sector', SECTOR, '--csv'], env)).stdout
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n')
    expect(lines[0]).toMatch(/^list,id,name,siteUrl,feedUrl,kind,followed,articles/)
    expect(lines.filter((l) => l.startsWith('source,'))).toHaveLength(3)
    expect(lines.filter((l) => l.startsWith('suggestion,'))).toHaveLength(1)
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""Agence"")"`)
    expect(csv).not.toMatch(/,=HYPERLINK/)
  }, 60_000)

  it('says which sector it does not know', async () => {
    const { env } = await seed()
    const failed = await vigie(['directory', '--sector', 'nope', '--json'], env).catch(
      (e: { code: number; stderr: string }) => e,
    )
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('no sector "nope"') })
  }, 60_000)
})
