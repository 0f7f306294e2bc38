import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { feeds } from '../../db/schema.ts'
import { loadSectors } from '../../src/sectors/index.ts'
import { syncSectors } from '../../src/store/index.ts'
import { tempDb } from '../helpers/temp-db.ts'

// A sector file with `count` sources, as a curator's export of a large directory would write it.
function sectorYaml(count: number, skip: (i: number) => boolean = () => false): string {
  const lines = ['name: Veille des médias locaux', 'language: fr', 'sources:']
  for (let i = 0; i < count; i++) {
    if (skip(i)) continue
    lines.push(
      `  - name: "Journal local n°${i}"`,
      `    site: https://journal-${i}.example.fr/`,
      `    feed: https://journal-${i}.example.fr/rss.xml`,
      `    kind: ${i % 10 === 0 ? 'media' : 'blog'}`,
    )
    if (i % 1000 === 0)
      lines.push(
        `    people:`,
        `      - name: Rédaction ${i}`,
        `        handles: { mastodon: '@redac${i}@piaille.fr' }`,
      )
  }
  return lines.join('\n') + '\n'
}

describe('syncSectors with a very large sector file', () => {
  it('declares 50,000 sources, keeps their fetch state on a re-sync and disables the ones removed from the file', async () => {
    const { db } = await tempDb()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-sectors-50k-'))
    const file = path.join(dir, 'medias-locaux.yaml')
    const N = 50_000
    fs.writeFileSync(file, sectorYaml(N))
    const load = async () => {
      const { sectors, errors } = await loadSectors(dir)
      expect(errors).toEqual([])
      return sectors
    }
    const first = await load()
    expect(first[0]!.sources).toHaveLength(N)
    await syncSectors(db, first, new Date('2026-11-20T08:00:00Z'))

    const count = async (where = sql`1`) =>
      Number(
        (await db.all<{ n: number }>(sql`select count(*) as n from feeds where ${where}`))[0]!.n,
      )
    expect(
      await count(sql`sector_slug = 'medias-locaux' and enabled = 1 and origin = 'yaml'`),
    ).toBe(N)
    const [withPeople] = await db
      .select()
      .from(feeds)
      .where(eq(feeds.declaredUrl, 'https://journal-3000.example.fr/rss.xml'))
    expect(withPeople!.people).toEqual([
      { name: 'Rédaction 3000', handles: { mastodon: '@redac3000@piaille.fr' } },
    ])
    expect(withPeople!.kind).toBe('media')

    // A crawl wrote fetch state; then the curator renamed one source and removed every seventh.
    await db
      .update(feeds)
      .set({ etag: '"v1"', errorCount: 2 })
      .where(eq(feeds.declaredUrl, 'https://journal-1.example.fr/rss.xml'))
    fs.writeFileSync(
      file,
      sectorYaml(N, (i) => i % 7 === 0).replace('"Journal local n°1"', '"Le Journal du n°1"'),
    )
    await syncSectors(db, await load(), new Date('2026-11-21T08:00:00Z'))

    const removed = Math.ceil(N / 7)
    expect(await count(sql`sector_slug = 'medias-locaux'`)).toBe(N)
    expect(await count(sql`enabled = 0 and disabled_reason = 'removed from the sector file'`)).toBe(
      removed,
    )
    expect(await count(sql`enabled = 1`)).toBe(N - removed)
    const [kept] = await db
      .select()
      .from(feeds)
      .where(eq(feeds.declaredUrl, 'https://journal-1.example.fr/rss.xml'))
    expect(kept).toMatchObject({
      sourceName: 'Le Journal du n°1',
      etag: '"v1"',
      errorCount: 2,
      enabled: true,
    })
    const [gone] = await db
      .select()
      .from(feeds)
      .where(
        and(
          eq(feeds.sectorSlug, 'medias-locaux'),
          eq(feeds.declaredUrl, 'https://journal-7.example.fr/rss.xml'),
        ),
      )
    expect(gone!.enabled).toBe(false)
  }, 120_000)
})

describe('a source written back into the sector file', () => {
  it('is followed again, while a source the curator turned off stays off', async () => {
    const { db } = await tempDb()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-sectors-back-'))
    const file = path.join(dir, 'medias-locaux.yaml')
    const sync = async (yaml: string, at: string) => {
      fs.writeFileSync(file, yaml)
      const { sectors, errors } = await loadSectors(dir)
      expect(errors).toEqual([])
      await syncSectors(db, sectors, new Date(at))
    }
    const state = async (i: number) => {
      const [row] = await db
        .select({ enabled: feeds.enabled, reason: feeds.disabledReason })
        .from(feeds)
        .where(eq(feeds.declaredUrl, `https://journal-${i}.example.fr/rss.xml`))
      return row
    }
    await sync(sectorYaml(3), '2026-11-20T08:00:00Z')
    await db
      .update(feeds)
      .set({ enabled: false, disabledReason: 'disabled by claire@agence.example' })
      .where(eq(feeds.declaredUrl, 'https://journal-2.example.fr/rss.xml'))
    await sync(
      sectorYaml(3, (i) => i === 1),
      '2026-11-21T08:00:00Z',
    )
    expect(await state(1)).toEqual({ enabled: false, reason: 'removed from the sector file' })
    await sync(sectorYaml(3), '2026-11-22T08:00:00Z')
    expect(await state(1)).toEqual({ enabled: true, reason: null })
    expect(await state(2)).toEqual({ enabled: false, reason: 'disabled by claire@agence.example' })
    expect(await state(0)).toEqual({ enabled: true, reason: null })
  })
})
