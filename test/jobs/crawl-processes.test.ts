import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articles } from '../../db/schema.ts'
import { articlePage, type FixtureArticle } from '../helpers/fixture-content.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { tempDb } from '../helpers/temp-db.ts'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/bin.mjs')
const FEEDS = 12
const PER_FEED = 3

function article(f: number, i: number): FixtureArticle {
  return {
    slug: `blog${f}/billet-${i}`,
    title: `Blog ${f}, billet ${i} : animer une communauté sur LinkedIn`,
    author: `Auteur ${f}`,
    date: new Date(Date.UTC(2026, 10, 10 + i, 8, f)).toISOString(),
    lang: 'fr',
    paragraphs: [
      `Le blog numéro ${f} partage son expérience de community manager et les chiffres de sa page entreprise.`,
      'Les publications qui posent une question ouverte suscitent plus de commentaires que les annonces de produits.',
      'La régularité compte davantage que le volume : trois publications soignées par semaine valent mieux que dix messages vides.',
    ],
  }
}

/** Twelve blogs on one server; every page answers after `pageDelayMs`, to leave room for overlap or a kill. */
async function sectorOnServer(pageDelayMs: number) {
  const feedHits = new Map<string, number>()
  let origin = ''
  const server = await fixtureServer({}, async (req, res) => {
    const url = req.url ?? '/'
    const feed = /^\/blog(\d+)\/feed$/.exec(url)
    if (feed) {
      feedHits.set(url, (feedHits.get(url) ?? 0) + 1)
      const f = Number(feed[1])
      const items = Array.from({ length: PER_FEED }, (_, i) => article(f, i))
      const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog ${f}</title><link>${origin}/blog${f}/</link>${items
        .map((a) => `<item><title>${a.title}</title><link>${origin}/${a.slug}</link><guid>${a.slug}</guid><pubDate>${new Date(a.date).toUTCString()}</pubDate><description>${a.paragraphs[0]}</description></item>`)
        .join('')}</channel></rss>`
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(xml)
    }
    const page = /^\/blog(\d+)\/billet-(\d+)$/.exec(url)
    if (page) {
      await new Promise((r) => setTimeout(r, pageDelayMs))
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(article(Number(page[1]), Number(page[2]))))
    }
    res.writeHead(404).end()
  })
  origin = server.origin
  const db = await tempDb()
  const feedsDir = path.join(path.dirname(db.file), 'feeds')
  fs.mkdirSync(feedsDir)
  const sources = Array.from({ length: FEEDS }, (_, f) => `  - name: Blog ${f}\n    feed: ${origin}/blog${f}/feed\n`).join('')
  fs.writeFileSync(path.join(feedsDir, 'community-management.yaml'), `name: Community management\nlanguage: fr\nsources:\n${sources}`)
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    VIGIE_FEEDS_DIR: feedsDir,
    VIGIE_ALLOW_HOSTS: '127.0.0.1',
    VIGIE_PER_HOST_DELAY_MS: '0',
    VIGIE_PER_HOST_CONCURRENCY: '2',
    VIGIE_EXTRACT_WORKERS: '1',
    VIGIE_LEASE_MS: '1500',
    VIGIE_LOG_LEVEL: 'error',
  }
  return { db, env, feedHits }
}

function vigie(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  )
  return { child, done }
}

async function counts(db: Awaited<ReturnType<typeof tempDb>>) {
  const [row] = await db.db
    .select({
      total: sql<number>`count(*)`,
      distinctUrls: sql<number>`count(distinct ${articles.canonicalUrl})`,
      pending: sql<number>`sum(case when ${articles.extractState} = 'pending' then 1 else 0 end)`,
      ok: sql<number>`sum(case when ${articles.extractState} = 'ok' then 1 else 0 end)`,
    })
    .from(articles)
  return { total: Number(row!.total), distinctUrls: Number(row!.distinctUrls), pending: Number(row!.pending ?? 0), ok: Number(row!.ok ?? 0) }
}

describe('several crawler processes on one database file', () => {
  it('never fetch the same feed twice: each feed is leased by one process', async () => {
    const { db, env, feedHits } = await sectorOnServer(30)
    const runs = await Promise.all([1, 2, 3].map(() => vigie(['crawl', '--json'], env).done))
    for (const r of runs) expect(r.code, r.stderr).toBe(0)
    const summaries = runs.map((r) => JSON.parse(r.stdout))
    expect(summaries.reduce((n, s) => n + s.feedsOk, 0)).toBe(FEEDS)
    expect(summaries.reduce((n, s) => n + s.articlesNew, 0)).toBe(FEEDS * PER_FEED)
    expect([...feedHits.values()]).toEqual(Array(FEEDS).fill(1))
    expect(await counts(db)).toEqual({ total: FEEDS * PER_FEED, distinctUrls: FEEDS * PER_FEED, pending: 0, ok: FEEDS * PER_FEED })
  }, 60_000)
})

describe('a crawler killed mid-crawl', () => {
  it('leaves no duplicate and no half-written article, and the next crawl completes the work', async () => {
    const { db, env } = await sectorOnServer(250)
    const { child, done } = vigie(['crawl', '--json'], env)
    for (let i = 0; i < 400; i++) {
      const c = await counts(db)
      if (c.ok >= 2 && c.pending > 0) break
      await new Promise((r) => setTimeout(r, 50))
    }
    child.kill('SIGKILL')
    await done
    const mid = await counts(db)
    expect(mid.pending).toBeGreaterThan(0)
    expect(mid.total).toBe(mid.distinctUrls)

    await new Promise((r) => setTimeout(r, 1600)) // the dead crawler's leases run out
    const next = await vigie(['crawl', '--json'], env).done
    expect(next.code, next.stderr).toBe(0)
    expect(await counts(db)).toEqual({ total: FEEDS * PER_FEED, distinctUrls: FEEDS * PER_FEED, pending: 0, ok: FEEDS * PER_FEED })
    const again = await vigie(['crawl', '--json', '--all'], env).done
    expect(JSON.parse(again.stdout)).toMatchObject({ articlesNew: 0, feedsFailed: 0 })
    expect((await counts(db)).total).toBe(FEEDS * PER_FEED)
  }, 90_000)
})
