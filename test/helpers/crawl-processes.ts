import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { articles } from '../../db/schema.ts'
import { articlePage, type FixtureArticle } from './fixture-content.ts'
import { fixtureServer } from './fixture-server.ts'
import { tempDb } from './temp-db.ts'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/bin.mjs')
// A few days ago, to the minute: recent whenever the tests run, and in one month's shard or two.
const base = Math.floor(Date.now() / 60_000) * 60_000 - 4 * 86_400_000

// Codes sharing long prefixes (like part numbers or hashtags), thousands of them across a sector.
const code = (f: number, i: number, k: number, revision: number) =>
  `ref${(f * 1009 + i * 37 + k * 11 + revision * 101) % 5000}x${k % 7}`

/**
 * The i-th post of blog f; posts from `laterFrom` on speak of a webinar, to be found by search. A
 * new revision rewrites the references each post cites (its text changes).
 */
export function blogPost(f: number, i: number, laterFrom = Infinity, revision = 1): FixtureArticle {
  const later = i >= laterFrom
  return {
    slug: `blog${f}/billet-${i}`,
    title: later
      ? `Blog ${f}, billet ${i} : préparer un webinaire pour sa communauté`
      : `Blog ${f}, billet ${i} : animer une communauté sur LinkedIn`,
    author: `Auteur ${f}`,
    date: new Date(base + i * 3_600_000 + f * 60_000).toISOString(),
    lang: 'fr',
    paragraphs: [
      `Le blog numéro ${f} partage son expérience de community manager et les chiffres de sa page entreprise.`,
      'Les publications qui posent une question ouverte suscitent plus de commentaires que les annonces de produits.',
      'La régularité compte davantage que le volume : trois publications soignées par semaine valent mieux que dix messages vides.',
      // A vocabulary of its own, so that a sector of a hundred posts has thousands of index terms.
      `Références citées : ${Array.from({ length: 40 }, (_, k) => code(f, i, k, revision)).join(', ')}.`,
    ],
  }
}

/**
 * `feeds` blogs on one fixture server, each with `perFeed` posts (raise `state.perFeed` to publish
 * more, from `laterFrom` on about a webinar; raise `state.revision` to rewrite them); every page answers after `state.pageDelayMs`, to leave
 * room for overlap or a kill. The database, feeds folder
 * and index folder are in one temp dir; `env` runs `vigie` on them.
 */
export async function blogsOnServer(opts: {
  feeds: number
  perFeed: number
  pageDelayMs: number
  leaseMs?: number
  laterFrom?: number
}) {
  const feedHits = new Map<string, number>()
  const state = { perFeed: opts.perFeed, pageDelayMs: opts.pageDelayMs, revision: 1 }
  let origin = ''
  const server = await fixtureServer({}, async (req, res) => {
    const url = req.url ?? '/'
    const feed = /^\/blog(\d+)\/feed$/.exec(url)
    if (feed) {
      feedHits.set(url, (feedHits.get(url) ?? 0) + 1)
      const f = Number(feed[1])
      const items = Array.from({ length: state.perFeed }, (_, i) =>
        blogPost(f, i, opts.laterFrom, state.revision),
      )
      const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog ${f}</title><link>${origin}/blog${f}/</link>${items
        .map(
          (a) =>
            `<item><title>${a.title}</title><link>${origin}/${a.slug}</link><guid>${a.slug}</guid><pubDate>${new Date(a.date).toUTCString()}</pubDate><description>${a.paragraphs[0]} ${a.paragraphs[3]}</description></item>`,
        )
        .join('')}</channel></rss>`
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(xml)
    }
    const page = /^\/blog(\d+)\/billet-(\d+)$/.exec(url)
    if (page) {
      await new Promise((r) => setTimeout(r, state.pageDelayMs))
      return void res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          articlePage(blogPost(Number(page[1]), Number(page[2]), opts.laterFrom, state.revision)),
        )
    }
    res.writeHead(404).end()
  })
  origin = server.origin
  const db = await tempDb()
  const dir = path.dirname(db.file)
  const feedsDir = path.join(dir, 'feeds')
  fs.mkdirSync(feedsDir)
  const sources = Array.from(
    { length: opts.feeds },
    (_, f) => `  - name: Blog ${f}\n    feed: ${origin}/blog${f}/feed\n`,
  ).join('')
  fs.writeFileSync(
    path.join(feedsDir, 'community-management.yaml'),
    `name: Community management\nlanguage: fr\nsources:\n${sources}`,
  )
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    VIGIE_FEEDS_DIR: feedsDir,
    VIGIE_INDEX_DIR: path.join(dir, 'index'),
    VIGIE_ALLOW_HOSTS: '127.0.0.1',
    VIGIE_PER_HOST_DELAY_MS: '0',
    VIGIE_PER_HOST_CONCURRENCY: '2',
    VIGIE_EXTRACT_WORKERS: '1',
    VIGIE_LEASE_MS: String(opts.leaseMs ?? 1500),
    VIGIE_CRAWL_ON_START: '0',
    VIGIE_CRAWL_INTERVAL_S: '0',
    VIGIE_LOG_LEVEL: 'error',
  }
  return { db, env, feedHits, state }
}

export interface VigieRun {
  code: number | null
  stdout: string
  stderr: string
}

/** `vigie <args>` as a child process (as cron would run it). */
export function vigie(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; done: Promise<VigieRun> } {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<VigieRun>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  )
  return { child, done }
}

/** Articles stored, distinct URLs, and how many wait for extraction or are extracted. */
export async function articleCounts(db: Awaited<ReturnType<typeof tempDb>>) {
  const [row] = await db.db
    .select({
      total: sql<number>`count(*)`,
      distinctUrls: sql<number>`count(distinct ${articles.canonicalUrl})`,
      pending: sql<number>`sum(case when ${articles.extractState} = 'pending' then 1 else 0 end)`,
      ok: sql<number>`sum(case when ${articles.extractState} = 'ok' then 1 else 0 end)`,
    })
    .from(articles)
  return {
    total: Number(row!.total),
    distinctUrls: Number(row!.distinctUrls),
    pending: Number(row!.pending ?? 0),
    ok: Number(row!.ok ?? 0),
  }
}
