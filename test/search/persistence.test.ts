import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { createLog } from '../../src/lib/log.ts'
import {
  createSearchIndex,
  type IndexDoc,
  type SearchIndexOptions,
} from '../../src/search/index.ts'
import { PACKED_DOC_SHARE } from '../../src/search/packed-index.ts'
import { allFixtureDocs, doc } from './helpers.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})
function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-search-'))
  dirs.push(d)
  return d
}
function open(dir: string, extra: Partial<SearchIndexOptions> = {}) {
  const lines: string[] = []
  const log = createLog('debug', (l) => lines.push(l))
  const index = createSearchIndex({
    dir,
    clock: fixedClock('2025-03-28T00:00:00Z'),
    log,
    ...extra,
  })
  return Object.assign(index, { lines })
}
const ids = (r: { hits: { id: number }[] }) => r.hits.map((h) => h.id).sort((a, b) => a - b)
const shardFile = (dir: string, month: string) =>
  path.join(dir, 'community-management', `${month}.json`)
// Fixtures span 2024-11 to 2025-03.
const QUERIES = [
  'community',
  'réseaux sociaux',
  'engagement instagram',
  'calendrier',
  'linkedin newsletters',
  'moder',
]

describe('updates', () => {
  it('re-indexes a changed article: found by its new words, not its old ones', async () => {
    const index = open(tempDir())
    await index.upsert([doc(1, 'Les podcasts de marque', { version: 1 })])
    await index.upsert([doc(1, 'Les newsletters de marque', { version: 2 })])
    expect(ids(await index.search('newsletters'))).toEqual([1])
    expect((await index.search('podcasts')).total).toBe(0)
    expect(index.size).toBe(1)
    expect(await index.versions()).toEqual(new Map([[1, 2]]))
  })

  it('lets timers run while it indexes a large batch', async () => {
    const index = open(tempDir())
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    const body = 'Les marques publient des vidéos courtes chaque semaine. '.repeat(30)
    await index.upsert(
      Array.from({ length: 800 }, (_, i) => doc(i + 1, `Article ${i}`, { text: body })),
    )
    clearInterval(timer)
    expect(index.size).toBe(800)
    expect(ticks).toBeGreaterThan(2)
  })

  it('removes articles', async () => {
    const index = open(tempDir())
    await index.upsert([doc(1, 'Veille sur TikTok'), doc(2, 'Tendances TikTok')])
    await index.remove([1, 99])
    expect(ids(await index.search('tiktok'))).toEqual([2])
    expect(index.size).toBe(1)
  })

  it('moves an article whose date changed to its new month, on disk too', async () => {
    const dir = tempDir()
    const index = open(dir)
    await index.upsert([doc(1, 'Bilan annuel', { publishedAt: Date.UTC(2025, 0, 5) })])
    await index.save()
    await index.upsert([doc(1, 'Bilan annuel', { publishedAt: Date.UTC(2025, 2, 5), version: 2 })])
    await index.save()
    expect(fs.existsSync(shardFile(dir, '2025-01'))).toBe(false)
    const again = open(dir)
    await again.load()
    expect(ids(await again.search('bilan'))).toEqual([1])
    expect(ids(await again.search('bilan', { to: new Date(Date.UTC(2025, 1, 1)) }))).toEqual([])
  })
})

describe('persistence', () => {
  it('on load, removes the temporary file a crashed save left, never one another process is writing', async () => {
    const dir = tempDir()
    const index = open(dir)
    await index.upsert([doc(1, 'Veille sur TikTok')])
    await index.save()
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    const crashed = `${shardFile(dir, '2025-03')}.tmp-${dead}`
    const writing = `${shardFile(dir, '2025-03')}.tmp-${process.ppid}`
    fs.writeFileSync(crashed, '{"trunc')
    fs.writeFileSync(writing, '{"half')
    await open(dir).load()
    expect(fs.existsSync(crashed)).toBe(false)
    expect(fs.existsSync(writing)).toBe(true)
  })

  it('a fresh index loaded from the same folder gives the same results', async () => {
    const dir = tempDir()
    const index = open(dir)
    await index.upsert(allFixtureDocs())
    await index.save()
    const again = open(dir)
    await again.load()
    expect(again.size).toBe(index.size)
    expect(await again.versions()).toEqual(await index.versions())
    for (const q of QUERIES) expect(await again.search(q)).toEqual(await index.search(q))
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
    expect(manifest.shards['community-management/2025-03']).toMatchObject({
      docs: 3,
    })
  })

  it('keeps when Vigie first saw each article; a file written before that reads it as the date', async () => {
    const dir = tempDir()
    const index = open(dir)
    const dated = Date.parse('2025-03-10T08:00:00Z')
    const seenLate = Date.parse('2025-03-12T08:00:00Z')
    await index.upsert([
      doc(1, 'Carrousels : le baromètre', { publishedAt: dated }),
      doc(2, 'Carrousels : crawlé en retard', { publishedAt: dated, firstSeenAt: seenLate }),
    ])
    await index.save()
    const since = { from: new Date('2025-03-01'), seenAfter: new Date('2025-03-11T00:00:00Z') }
    const again = open(dir)
    await again.load()
    expect(ids(await again.search('carrousels', since))).toEqual([2])
    expect((await again.search('carrousels', since)).total).toBe(1)

    // As saved before the column: rows of seven values.
    const file = shardFile(dir, '2025-03')
    const [header, rest] = fs.readFileSync(file, 'utf8').split(/\n([\s\S]*)/)
    const old = JSON.parse(header!)
    old.docs = old.docs.map((row: unknown[]) => row.slice(0, 7))
    fs.writeFileSync(file, `${JSON.stringify(old)}\n${rest}`)
    const before = open(dir)
    await before.load()
    expect(ids(await before.search('carrousels', since))).toEqual([])
    expect(ids(await before.search('carrousels', { seenAfter: new Date(dated - 1) }))).toEqual([
      1, 2,
    ])
  })

  it('shards by sector and month, and writes only the shards that changed', async () => {
    const dir = tempDir()
    const index = open(dir)
    await index.upsert([
      ...allFixtureDocs(),
      doc(50, 'Tourisme et réseaux', { sectorSlug: 'tourisme' }),
    ])
    await index.save()
    expect(fs.readdirSync(path.join(dir, 'community-management')).sort()).toEqual([
      '2024-11.json',
      '2025-01.json',
      '2025-02.json',
      '2025-03.json',
    ])
    expect(fs.readdirSync(path.join(dir, 'tourisme'))).toEqual(['2025-03.json'])
    const before = fs.statSync(shardFile(dir, '2025-01')).mtimeMs
    const beforeMarch = fs.readFileSync(shardFile(dir, '2025-03'), 'utf8')
    await new Promise((r) => setTimeout(r, 20))
    await index.upsert([doc(51, 'Un nouvel article', { publishedAt: Date.UTC(2025, 2, 27) })])
    await index.save()
    expect(fs.statSync(shardFile(dir, '2025-01')).mtimeMs).toBe(before)
    expect(fs.readFileSync(shardFile(dir, '2025-03'), 'utf8')).not.toBe(beforeMarch)
  })

  it('a month read from its file is packed; a write goes beside it, and its answers survive a save', async () => {
    const dir = tempDir()
    const first = open(dir)
    await first.upsert(allFixtureDocs())
    await first.save()
    const want = new Map<string, number[]>()
    for (const q of QUERIES) want.set(q, ids(await first.search(q, { everyMonth: true })))

    const index = open(dir, { hotMonths: 12 })
    await index.load()
    const march = () => index.shards().find((s) => s.key.endsWith('/2025-03'))!
    // Loaded from disk: a fraction of a MiniSearch document each, and the same answers.
    expect(march().loaded).toBe(true)
    expect(march().weight).toBeCloseTo(march().docs * PACKED_DOC_SHARE)
    for (const q of QUERIES)
      expect(ids(await index.search(q, { everyMonth: true })), q).toEqual(want.get(q))

    // A new article in March: the month stays packed, the article beside it as one MiniSearch
    // document, and it is found with the rest.
    const added = doc(500, 'Modération : la charte des commentaires', {
      publishedAt: Date.parse('2025-03-20T00:00:00Z'),
      text: 'Une charte de modération claire et publique.',
    })
    await index.upsert([added])
    expect(march().weight).toBeCloseTo((march().docs - 1) * PACKED_DOC_SHARE + 1)
    expect(ids(await index.search('charte modération', { everyMonth: true }))).toContain(500)
    // A removal from a packed month (January): gone from its answers, the month still packed.
    const jan = () => index.shards().find((s) => s.key.endsWith('/2025-01'))!
    const janIds = ids(await index.search('moderators', { everyMonth: true }))
    expect(janIds).toContain(4)
    await index.remove([4])
    expect(jan().weight).toBeCloseTo(jan().docs * PACKED_DOC_SHARE)
    expect(ids(await index.search('moderators', { everyMonth: true }))).not.toContain(4)

    await index.save()
    // Saved and packed again, with what was written to them.
    expect(march().weight).toBeCloseTo(march().docs * PACKED_DOC_SHARE)
    expect(ids(await index.search('charte modération', { everyMonth: true }))).toContain(500)
    expect(ids(await index.search('moderators', { everyMonth: true }))).not.toContain(4)
    const again = open(dir, { hotMonths: 12 })
    await again.load()
    expect(ids(await again.search('charte modération', { everyMonth: true }))).toContain(500)
    expect(ids(await again.search('moderators', { everyMonth: true }))).not.toContain(4)
    for (const q of QUERIES) {
      const got = ids(await again.search(q, { everyMonth: true }))
      const expected = [
        ...new Set([...want.get(q)!.filter((id) => id !== 4), ...got.filter((id) => id === 500)]),
      ]
      expect(got, q).toEqual(expected.sort((a, b) => a - b))
    }
  })

  it('a saved month is held packed from what it wrote, neither unloaded nor read back', async () => {
    const dir = tempDir()
    const index = open(dir, { hotMonths: 12, maxLoadedDocs: 20 })
    const docs = Array.from({ length: 6 }, (_, i) =>
      doc(i + 1, `Billet ${i} : animer sa communauté sur LinkedIn`, {
        publishedAt: Date.UTC(2025, 2, 3 + i),
      }),
    )
    await index.upsert(docs)
    const [march] = index.shards()
    expect(march).toMatchObject({ loaded: true, dirty: true, weight: 6 })
    await index.save()
    // Six documents as MiniSearch: held packed from the arrays it wrote.
    expect(index.shards()[0]).toMatchObject({ loaded: true, dirty: false })
    expect(index.shards()[0]!.weight).toBeCloseTo(6 * PACKED_DOC_SHARE)
    expect(index.lines.some((l) => l.includes('search shard unloaded'))).toBe(false)
    expect((await index.search('linkedin')).total).toBe(6)
    expect(index.lines.some((l) => l.includes('search shard loaded'))).toBe(false)
  })

  it('keeps old months on disk until a query needs them, then unloads them past the memory budget', async () => {
    const dir = tempDir()
    const first = open(dir)
    await first.upsert(allFixtureDocs())
    await first.save()
    // A budget of the 3 documents of March as its file loads them (packed).
    const index = open(dir, { hotMonths: 1, maxLoadedDocs: 3 * PACKED_DOC_SHARE })
    await index.load()
    const loaded = () =>
      index
        .shards()
        .filter((s) => s.loaded)
        .map((s) => s.key.split('/')[1])
    expect(loaded()).toEqual(['2025-03'])
    expect(index.size).toBe(6)
    // A January range loads January only.
    const jan = {
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-01-31T23:59:59Z'),
    }
    expect(ids(await index.search('moderators', jan))).toEqual([4])
    expect(
      index.lines.some((l) => l.includes('search shard loaded') && l.includes('2025-01')),
    ).toBe(true)
    // Memory budget of 3 documents: March (hot, 3 docs) stays, January goes once the query is done.
    expect(loaded()).toEqual(['2025-03'])
    // No date filter: the newest months that the budget holds, and what was left out.
    const recent = await index.search('linkedin')
    expect(recent.total).toBe(0)
    expect(recent.olderNotSearched).toEqual({ articles: 3, before: '2025-03' })
    // Every month, asked for: each loaded on demand.
    expect(ids(await index.search('linkedin', { everyMonth: true }))).toEqual([6])
    expect(loaded()).toEqual(['2025-03'])
    const roomy = open(dir, { hotMonths: 1 })
    await roomy.load()
    await roomy.search('linkedin')
    expect(roomy.shards().every((s) => s.loaded)).toBe(true)
  })

  it('indexes more than its budget holds: writes shards out as it goes, recent months included', async () => {
    const dir = tempDir()
    const docs = allFixtureDocs()
    // Every month counts as recent here, and the budget is two documents.
    const index = open(dir, { hotMonths: 12, maxLoadedDocs: 2 })
    const loadedDocs = () => index.shards().reduce((n, s) => n + s.weight, 0)
    let most = 0
    // As a first sync does: batches, in the database's order, with no save in between. The month
    // being filled stays loaded: the budget holds the others.
    for (const d of docs) {
      await index.upsert([d])
      const filling = index
        .shards()
        .find(
          (s) =>
            s.key === `community-management/${new Date(d.publishedAt).toISOString().slice(0, 7)}`,
        )!
      most = Math.max(most, loadedDocs() - filling.weight)
    }
    expect(most).toBeLessThanOrEqual(2)
    // Months were written out and unloaded, or packed (a sixth of their weight), as they filled.
    expect(index.shards().filter((s) => !s.loaded || s.weight < s.docs).length).toBeGreaterThan(1)
    // What left memory was written first: every document is still found, before and after a save.
    for (const q of QUERIES)
      expect((await index.search(q, { everyMonth: true })).total, q).toBeGreaterThan(0)
    const everyWord = async (i: typeof index) => {
      for (const d of docs) {
        const hits = ids(await i.search(d.title, { everyMonth: true }))
        expect(hits, d.title).toContain(d.id)
      }
    }
    await everyWord(index)
    expect(loadedDocs()).toBeLessThanOrEqual(2)
    await index.save()
    const again = open(dir, { hotMonths: 12, maxLoadedDocs: 2 })
    await again.load()
    expect(again.size).toBe(docs.length)
    // On start the newest months load while they fit; the others wait for a query.
    expect(again.shards().reduce((n, s) => n + s.weight, 0)).toBeLessThanOrEqual(2)
    await everyWord(again)
  })

  it('a query over more months than the budget holds loads them one at a time, with the same answers', async () => {
    const dir = tempDir()
    // Six months of 20 articles each; one in four mentions TikTok.
    const docs = Array.from({ length: 120 }, (_, i) =>
      doc(i + 1, `Billet ${i} : ${i % 4 ? 'animer sa communauté' : 'la modération sur TikTok'}`, {
        publishedAt: Date.UTC(2024, 9 + Math.floor(i / 20), 3 + (i % 20)),
      }),
    )
    const roomy = open(dir)
    await roomy.upsert(docs)
    await roomy.save()
    const want = await roomy.search('tiktok modération', {}, { limit: 50 })
    expect(want.total).toBe(30)

    // A budget of 25 documents as months load from their files (packed): one month of 20 fits.
    const index = open(dir, { hotMonths: 1, maxLoadedDocs: 25 * PACKED_DOC_SHARE })
    await index.load()
    const got = await index.search('tiktok modération', { everyMonth: true }, { limit: 50 })
    expect(got).toEqual(want)
    // Replaying the log: at no moment were more than the budget and one shard of 20 in memory.
    const loaded = new Map<string, number>()
    let most = 0
    for (const line of index.lines) {
      const shard = /"shard":"([^"]+)"/.exec(line)?.[1]
      if (!shard) continue
      if (line.includes('search shard loaded'))
        loaded.set(shard, Number(/"docs":(\d+)/.exec(line)![1]) * PACKED_DOC_SHARE)
      if (line.includes('search shard unloaded')) loaded.delete(shard)
      most = Math.max(
        most,
        [...loaded.values()].reduce((a, b) => a + b, 0),
      )
    }
    // The recent month on start, then each other month once.
    expect(index.lines.filter((l) => l.includes('search shard loaded'))).toHaveLength(6)
    expect(most).toBeLessThanOrEqual((25 + 20) * PACKED_DOC_SHARE)
    // A word that no month knows is still looked for with typos everywhere ("tiktokk").
    expect((await index.search('tiktokk', { everyMonth: true })).total).toBe(30)
    // Without dates, only the newest month fits the budget: the rest is said, not searched.
    const recent = await index.search('tiktok')
    expect(recent.total).toBe(5)
    expect(recent.olderNotSearched).toEqual({ articles: 100, before: '2025-03' })
    // Dates reach any month, the oldest included.
    const october = { from: new Date('2024-10-01T00:00:00Z'), to: new Date('2024-10-31T23:59:59Z') }
    expect((await index.search('tiktok', october)).total).toBe(5)
  })

  it('a first sync past the budget writes each month out once, keeping the month it fills', async () => {
    const dir = tempDir()
    // Six months of 60 articles, the newest first as a first sync adds them, in batches of 20, with
    // a budget under two months; the newest month is hot (kept before older months when memory runs
    // out), as the current months are on a first start.
    const docs = Array.from({ length: 360 }, (_, i) =>
      doc(i + 1, `Billet ${i} : animer sa communauté`, {
        publishedAt: Date.UTC(2025, 2 - Math.floor(i / 60), 1 + (i % 25)),
      }),
    )
    const index = open(dir, { hotMonths: 1, maxLoadedDocs: 70 })
    for (let i = 0; i < docs.length; i += 20) {
      await index.upsert(docs.slice(i, i + 20))
      // The month being filled is packed again once 35 articles (half the budget) were added to it
      // as a MiniSearch: at a million articles, a month as one MiniSearch is 650 MB.
      const filling = Math.max(...index.shards().map((s) => s.weight))
      expect(filling).toBeLessThan(35 + 60 * PACKED_DOC_SHARE)
    }
    await index.save()
    const unloads = index.lines.filter((l) => l.includes('search shard unloaded'))
    const byShard = new Map<string, number>()
    for (const l of unloads) {
      const shard = /"shard":"([^"]+)"/.exec(l)![1]!
      byShard.set(shard, (byShard.get(shard) ?? 0) + 1)
    }
    expect([...byShard.values()].every((n) => n === 1)).toBe(true)
    expect(byShard.size).toBeGreaterThanOrEqual(4)
    expect(index.lines.filter((l) => l.includes('search shard loaded'))).toHaveLength(0)
    const reopened = open(dir)
    await reopened.load()
    expect((await reopened.search('communauté', { everyMonth: true }, { limit: 1 })).total).toBe(
      360,
    )
  })

  it('a truncated shard file is logged and rebuilt from the database, not a crash', async () => {
    const dir = tempDir()
    const index = open(dir)
    const docs = allFixtureDocs()
    await index.upsert(docs)
    await index.save()
    const file = shardFile(dir, '2025-01')
    const text = fs.readFileSync(file, 'utf8')
    fs.writeFileSync(file, text.slice(0, text.length - 40))
    const byId = new Map<number, IndexDoc>(docs.map((d) => [d.id, d]))
    const asked: number[][] = []
    const docsFor = async (wanted: number[]) => (
      asked.push(wanted),
      wanted.map((id) => byId.get(id)!)
    )
    const again = open(dir, { hotMonths: 1, docsFor })
    await again.load()
    expect(ids(await again.search('moderators playbooks'))).toEqual([4])
    expect(asked).toEqual([[4]])
    expect(again.lines.some((l) => l.includes('WARN search shard unreadable, rebuilding'))).toBe(
      true,
    )
    await again.save()
    const third = open(dir)
    await third.load()
    expect(ids(await third.search('moderators playbooks'))).toEqual([4])
  })

  it('without a way to reread articles, a corrupt shard drops its ids for syncIndex to add again', async () => {
    const dir = tempDir()
    const index = open(dir)
    await index.upsert(allFixtureDocs())
    await index.save()
    fs.writeFileSync(shardFile(dir, '2025-03'), '{"format":1,"docs":[[1,1,')
    fs.writeFileSync(
      shardFile(dir, '2025-02'),
      '{"format":1,"analysis":1,"sector":"community-management","month":"2025-02","docs":[]}\n{oops',
    )
    const again = open(dir)
    await expect(again.load()).resolves.toBeUndefined()
    expect([...(await again.versions()).keys()].sort()).toEqual([4, 6])
    expect(again.lines.filter((l) => l.includes('WARN search shard unreadable'))).toHaveLength(2)
    expect((await again.search('ambassadeurs')).total).toBe(0)
    expect(ids(await again.search('linkedin'))).toEqual([6])
  })
})
