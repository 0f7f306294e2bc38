import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { createSearchIndex } from '../../src/search/index.ts'
import { internalsOf } from '../../src/search/score.ts'
import { PackedIndex } from '../../src/search/packed-index.ts'
import { encodeIndex } from '../../src/search/shard-codec.ts'
import { Shard } from '../../src/search/shard.ts'
import { analyseDoc } from '../../src/search/doc-terms.ts'
import { doc } from './helpers.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})
function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-vacuum-'))
  dirs.push(d)
  return d
}

// Words shared across articles, so that re-adding an article splits edges of the radix tree that a
// vacuum paused between two batches still has to visit.
const body = (id: number, version: number) =>
  Array.from(
    { length: 60 },
    (_, k) => `mot${(id * 37 + k * 11 + version * 101) % 5000}x${k % 7}`,
  ).join(' ')
const article = (id: number, version: number) =>
  doc(id, `Billet ${id} version ${version}`, {
    text: body(id, version),
    version,
    status: version > 1 ? 'approved' : 'new',
  })

/** Errors nobody awaited (MiniSearch's own vacuum promise): they kill a CLI process with exit 1. */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = []
  const listener = (err: unknown) => seen.push(err)
  process.on('unhandledRejection', listener)
  try {
    await fn()
    // The vacuum waits between batches with timers: give them time to run.
    await new Promise((r) => setTimeout(r, 300))
  } finally {
    process.off('unhandledRejection', listener)
  }
  return seen
}

describe('a shard changed while it is vacuumed', () => {
  it('a decoded shard has the same radix tree as the index it was saved from', () => {
    const s = new Shard('community-management', '2025-03', null)
    const ms = s.fresh()
    for (let id = 1; id <= 166; id++) ms.add(analyseDoc(article(id, 1)))
    const edges = (node: Map<string, unknown>, prefix = '', out = new Set<string>()) => {
      for (const [k, child] of node) {
        if (k === '') continue
        out.add(`${prefix}|${k}`)
        edges(child as Map<string, unknown>, prefix + k, out)
      }
      return out
    }
    const treeOf = (m: typeof ms) =>
      (internalsOf(m).tree as unknown as { _tree: Map<string, unknown> })._tree
    expect([...edges(treeOf(PackedIndex.fromJSON(encodeIndex(ms)).thaw()))].sort()).toEqual(
      [...edges(treeOf(ms))].sort(),
    )
  })

  it('re-indexes the articles of a saved shard after decisions, without a crash in MiniSearch', async () => {
    const dir = tempDir()
    const clock = fixedClock('2025-03-28T00:00:00Z')
    const first = createSearchIndex({ dir, clock })
    await first.upsert(Array.from({ length: 166 }, (_, i) => article(i + 1, 1)))
    await first.save()

    // What `vigie crawl` does after the server decided on every article: load, then upsert them all.
    const index = createSearchIndex({ dir, clock })
    await index.load()
    const errors = await unhandledDuring(() =>
      index.upsert(Array.from({ length: 166 }, (_, i) => article(i + 1, 2))),
    )
    expect(errors).toEqual([])
    expect((await index.search('billet', { status: ['approved'] })).total).toBe(166)
    expect((await index.search('billet', { status: ['new'] })).total).toBe(0)
    // The discarded postings are gone from memory too, not only from the next file.
    expect(index.shards()).toMatchObject([{ docs: 166, discarded: 0 }])
    await index.save()
    const again = createSearchIndex({ dir, clock })
    await again.load()
    expect(await again.search('billet')).toEqual(await index.search('billet'))
  })

  it('vacuums discarded postings itself, inside the writer', async () => {
    const index = createSearchIndex({ dir: null, clock: fixedClock('2025-03-28T00:00:00Z') })
    await index.upsert(Array.from({ length: 50 }, (_, i) => article(i + 1, 1)))
    // One at a time, as decisions arrive: each discards the old version of one article.
    for (let i = 1; i <= 50; i++) await index.upsert([article(i, 2)])
    const errors = await unhandledDuring(async () => {
      for (let i = 1; i <= 50; i++) await index.upsert([article(i, 3)])
    })
    expect(errors).toEqual([])
    expect(index.size).toBe(50)
    // Vacuumed each time a tenth of the shard was discarded: never more than MiniSearch's threshold.
    expect(index.shards()[0]!.discarded).toBeLessThan(20)
    expect((await index.search(body(7, 3).split(' ')[0]!)).hits.map((h) => h.id)).toContain(7)
  })
})
