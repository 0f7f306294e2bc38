import { describe, expect, it } from 'vitest'
import { DocTable } from '../../src/search/doc-table.ts'
import type { DocMeta } from '../../src/search/shard.ts'

const meta = (id: number, patch: Partial<DocMeta> = {}): DocMeta => ({
  id,
  version: Date.UTC(2026, 10, 1) + id,
  publishedAt: Date.UTC(2026, 10, 1) - id * 60_000,
  feedId: 100 + (id % 7),
  source: `Blog ${id % 3}`,
  lang: id % 2 ? 'fr' : null,
  status: id % 5 ? 'new' : 'approved',
  firstSeenAt: Date.UTC(2026, 10, 1) + id * 1000,
  ...patch,
})

describe('DocTable', () => {
  it('keeps what a shard knows of each document through updates, deletions and reused rows', () => {
    const table = new DocTable()
    for (let id = 1; id <= 200; id++) table.set(id, meta(id))
    table.set(50, meta(50, { status: 'rejected', source: 'Le Blog du Modérateur', version: 1 }))
    for (let id = 2; id <= 200; id += 2) table.delete(id)
    expect(table.delete(2)).toBe(false)
    // Rows freed by the deletions are reused by new documents without disturbing the others.
    for (let id = 1001; id <= 1100; id++) table.set(id, meta(id, { lang: 'en' }))
    expect(table.size).toBe(200)
    expect(table.has(4)).toBe(false)
    expect(table.get(4)).toBeUndefined()
    expect(table.get(51)).toEqual(meta(51))
    expect(table.get(1042)).toEqual(meta(1042, { lang: 'en' }))
    expect([...table.keys()]).toEqual([
      ...Array.from({ length: 100 }, (_, i) => 2 * i + 1),
      ...Array.from({ length: 100 }, (_, i) => 1001 + i),
    ])
    expect([...table.values()].map((d) => d.id)).toEqual([...table.keys()])
    expect([...table.values()].every((d) => d.id > 1000 || d.lang === 'fr')).toBe(true)
  })

  it('keeps a status changed by a decision, and starts empty after clear', () => {
    const table = new DocTable()
    table.set(7, meta(7))
    table.set(7, meta(7, { status: 'approved' }))
    expect(table.size).toBe(1)
    expect(table.get(7)?.status).toBe('approved')
    table.clear()
    expect(table.size).toBe(0)
    table.set(8, meta(8))
    expect([...table.values()]).toEqual([meta(8)])
  })
})
