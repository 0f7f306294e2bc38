import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { articlePage, articlesEn, articlesFr, rssFeed } from './helpers/fixture-content.ts'
import { fixtureServer } from './helpers/fixture-server.ts'
import { tempDb } from './helpers/temp-db.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const run = promisify(execFile)
const all = [...articlesFr, ...articlesEn]

async function crawledWorkspace() {
  let origin = ''
  const routes: Parameters<typeof fixtureServer>[0] = {
    '/feed': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(origin, all)),
  }
  // A post the feed does not list: the curator adds it by hand.
  const offFeed = { ...articlesFr[0]!, slug: 'hors-flux', title: 'LinkedIn : la newsletter des pages entreprise' }
  routes['/hors-flux/'] = (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(offFeed))
  for (const a of all) routes[`/${a.slug}/`] = (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(a))
  const server = await fixtureServer(routes)
  origin = server.origin
  const db = await tempDb()
  const dir = path.dirname(db.file)
  const feedsDir = path.join(dir, 'feeds')
  fs.mkdirSync(feedsDir)
  // The shipped profile, with the fixture blog as the only source.
  const shipped = fs.readFileSync(path.join(root, 'feeds/community-management.yaml'), 'utf8')
  fs.writeFileSync(
    path.join(feedsDir, 'community-management.yaml'),
    shipped.replace(/\nsources:[\s\S]*$/, `\nsources:\n  - name: Le Blog du CM\n    feed: ${origin}/feed\n`),
  )
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    VIGIE_FEEDS_DIR: feedsDir,
    VIGIE_INDEX_DIR: path.join(dir, 'index'),
    VIGIE_ALLOW_HOSTS: '127.0.0.1',
    VIGIE_PER_HOST_DELAY_MS: '0',
    VIGIE_EXTRACT_WORKERS: '1',
    VIGIE_LOG_LEVEL: 'error',
  }
  const vigie = async (...args: string[]) => {
    const r = await run(process.execPath, [path.join(root, 'src/bin.mjs'), ...args], { env, cwd: root })
    return r.stdout
  }
  await vigie('crawl', '--json')
  return { vigie, dir, origin }
}

describe('curation from the command line', () => {
  it('ranks, searches and shortlists what was crawled, with stable JSON fields', async () => {
    const { vigie, dir } = await crawledWorkspace()

    const queue = JSON.parse(await vigie('queue', '--sector', 'community-management', '--json'))
    expect(queue.length).toBe(4)
    for (const card of queue) {
      expect(Object.keys(card)).toEqual(expect.arrayContaining(['id', 'url', 'title', 'source', 'publishedAt', 'score', 'explanation', 'alsoCoveredBy']))
    }
    expect(queue.map((c: { score: number }) => c.score)).toEqual([...queue.map((c: { score: number }) => c.score)].sort((a, b) => b - a))

    // Accents, plural and elision do not matter: "reseau" finds "réseaux", "engagements" finds "l'engagement".
    const found = JSON.parse(await vigie('search', 'reseau engagements', '--json'))
    expect(found.length).toBeGreaterThan(0)
    expect(found[0]).toMatchObject({ source: 'Le Blog du CM' })
    expect(found[0].explanation.matchedTerms.length).toBeGreaterThan(0)
    const english = JSON.parse(await vigie('search', 'partnerships', '--json'))
    expect(english.map((h: { title: string }) => h.title)).toEqual([articlesEn[0]!.title])

    // The index was saved: a rebuild gives the same answers.
    expect(fs.readdirSync(path.join(dir, 'index')).length).toBeGreaterThan(0)
    await vigie('reindex')
    expect(JSON.parse(await vigie('search', 'partnerships', '--json'))).toHaveLength(1)

    const shortlist = JSON.parse(await vigie('shortlist', '--sector', 'community-management', '--date', articlesFr[0]!.date.slice(0, 10), '--json'))
    expect(shortlist.length).toBeGreaterThan(0)
    expect(shortlist[0]).toMatchObject({ rank: 1, status: 'new' })
    const again = JSON.parse(await vigie('shortlist', '--sector', 'community-management', '--date', articlesFr[0]!.date.slice(0, 10), '--json'))
    expect(again.map((i: { id: number }) => i.id)).toEqual(shortlist.map((i: { id: number }) => i.id))
  }, 90_000)

  it('adds a page the feed does not list, and finds one it does', async () => {
    const { vigie, origin } = await crawledWorkspace()
    const sector = ['--sector', 'community-management']
    const added = JSON.parse(await vigie('add', `${origin}/hors-flux/`, ...sector, '--approve', '--json'))
    expect(added).toEqual({ id: expect.any(Number), existing: false, approved: true })
    const rows = JSON.parse(await vigie('articles', ...sector, '--json'))
    expect(rows.find((r: { id: number }) => r.id === added.id)).toMatchObject({
      title: 'LinkedIn : la newsletter des pages entreprise',
      status: 'approved',
    })
    const crawled = rows.find((r: { id: number }) => r.id !== added.id)
    expect(await vigie('add', crawled.url, ...sector)).toBe(
      `already in community-management: article ${crawled.id}\n`,
    )
    await expect(vigie('add', 'ftp://exemple.fr/x', ...sector)).rejects.toThrow(
      /the address must be an http or https URL/,
    )
  })
})
