import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { articlePage, articlesFr, rssFeed } from './helpers/fixture-content.ts'
import { tempDb } from './helpers/temp-db.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = path.join(root, 'src/bin.mjs')
const run = promisify(execFile)

async function vigie(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { ...process.env, VIGIE_LOG_LEVEL: 'error', ...env }, cwd: root })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

async function workspace() {
  const db = await tempDb()
  const dir = path.dirname(db.file)
  return { db, dir, env: { DATABASE_URL: db.url, VIGIE_FEEDS_DIR: path.join(root, 'feeds') } }
}

describe('vigie CLI', () => {
  it('has --help on every command', async () => {
    const main = await vigie(['--help'])
    const commands = ['crawl', 'sectors', 'import-opml', 'export-opml', 'articles', 'extract', 'parse-feed', 'serve']
    for (const c of commands) expect(main.stdout).toContain(c)
    const helps = await Promise.all(commands.map((c) => vigie([c, '--help'])))
    helps.forEach((h, i) => {
      expect(h.code, commands[i]).toBe(0)
      expect(h.stdout, commands[i]).toMatch(/Usage: vigie /)
    })
  }, 60_000)

  it('lists the shipped sector with its feeds as JSON', async () => {
    const { env } = await workspace()
    const r = await vigie(['sectors', '--json'], env)
    expect(r.code, r.stderr).toBe(0)
    const sectors = JSON.parse(r.stdout)
    expect(sectors).toContainEqual(expect.objectContaining({ slug: 'community-management', lastCrawlAt: null }))
    expect(sectors.find((s: { slug: string }) => s.slug === 'community-management').feeds).toBeGreaterThanOrEqual(25)
  })

  it('exports a sector as OPML and imports it into another without duplicates', async () => {
    const { env, dir } = await workspace()
    const exported = await vigie(['export-opml', '--sector', 'community-management'], env)
    expect(exported.code, exported.stderr).toBe(0)
    expect(exported.stdout).toMatch(/^<\?xml[\s\S]*<opml version="2.0">/)
    const file = path.join(dir, 'export.opml')
    fs.writeFileSync(file, exported.stdout)
    const again = await vigie(['import-opml', file, '--sector', 'community-management'], env)
    expect(again.stdout).toMatch(/0 added/)
    const unknown = await vigie(['import-opml', file, '--sector', 'nope'], env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/no sector "nope"/)
    const broken = path.join(dir, 'broken.opml')
    fs.writeFileSync(broken, '<opml><body><outline')
    const bad = await vigie(['import-opml', broken, '--sector', 'community-management'], env)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/opml/i)
  }, 30_000)

  it('parses saved feeds and reports a clear error for a broken one', async () => {
    const { dir } = await workspace()
    const good = path.join(dir, 'good.xml')
    const gz = path.join(dir, 'good.xml.gz')
    const bad = path.join(dir, 'bad.xml')
    fs.writeFileSync(good, rssFeed('https://blog.example.fr', articlesFr))
    fs.writeFileSync(gz, zlib.gzipSync(rssFeed('https://blog.example.fr', articlesFr.slice(0, 1))))
    fs.writeFileSync(bad, '<html><body>Pas un flux</body></html>')
    const r = await vigie(['parse-feed', good, gz, bad, '--json'])
    expect(r.code).toBe(1)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines[0]).toMatchObject({ file: good, format: 'rss', title: 'Le Blog du Community Management' })
    expect(lines[0].entries).toHaveLength(3)
    expect(lines[0].entries[0]).toMatchObject({ link: 'https://blog.example.fr/taux-engagement-linkedin-2026/', author: 'Claire Dumas' })
    expect(lines[1].entries).toHaveLength(1)
    expect(lines[2]).toMatchObject({ file: bad })
    expect(lines[2].error).toMatch(/feed/i)
  })

  it('extracts saved pages with every field, one JSON object per line', async () => {
    const { dir } = await workspace()
    const page = path.join(dir, 'page.html')
    fs.writeFileSync(page, articlePage(articlesFr[0]!))
    const r = await vigie(['extract', page, path.join(dir, 'missing.html'), '--base-url', 'https://blog.example.fr/billet/', '--json'])
    expect(r.code).toBe(1)
    const [ok, missing] = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(Object.keys(ok).sort()).toEqual(
      ['input', 'url', 'title', 'author', 'publishedAt', 'siteName', 'image', 'lang', 'excerpt', 'wordCount', 'html', 'text', 'error'].sort(),
    )
    expect(ok).toMatchObject({ author: 'Claire Dumas', lang: 'fr', error: null, image: 'https://blog.example.fr/wp-content/uploads/taux-engagement-linkedin-2026.jpg' })
    expect(ok.text).toContain('carrousels documentaires')
    expect(missing.error).toMatch(/ENOENT|no such file/)
  })
})
