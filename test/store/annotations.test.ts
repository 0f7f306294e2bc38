import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { annotations, annotationVersions, articles } from '../../db/schema.ts'
import { annotationHistory, getAnnotation, writeAnnotation } from '../../src/store/index.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const T0 = new Date('2026-11-20T08:00:00Z')
const T1 = new Date('2026-11-20T09:00:00Z')
const T2 = new Date('2026-11-20T10:00:00Z')

async function setup() {
  const db = await tempDb()
  await seedShippedSectors(db, T0)
  const [id] = await seedArticles(db, SECTOR, [
    { title: 'Modération', text: 'Une charte de modération.', publishedAt: T0 },
  ])
  const save = (baseVersion: number, note: string, now: Date) =>
    writeAnnotation(
      db.db,
      {
        articleId: id!,
        sectorSlug: SECTOR,
        note,
        tags: ['crise'],
        commentary: '',
        baseVersion,
        userId: null,
      },
      now,
    )
  const articleVersion = async () =>
    (await db.db.select({ v: articles.updatedAt }).from(articles).where(eq(articles.id, id!)))[0]!.v
  return { db, id: id!, save, articleVersion }
}

describe('writeAnnotation', () => {
  it('writes the annotation, its history row and the article version together', async () => {
    const { db, id, save, articleVersion } = await setup()
    expect(await save(0, 'première', T1)).toMatchObject({ version: 1, note: 'première' })
    expect(await save(1, 'seconde', T2)).toMatchObject({ version: 2, note: 'seconde' })
    expect(
      (await annotationHistory(db.db, id)).map((h) => [h.version, h.note, h.createdAt]),
    ).toEqual([
      [2, 'seconde', T2],
      [1, 'première', T1],
    ])
    expect(await articleVersion()).toEqual(T2)
  })

  it('refuses a save based on an old version, and then changes nothing', async () => {
    const { db, id, save, articleVersion } = await setup()
    await save(0, 'première', T1)
    expect(await save(0, 'concurrente', T2)).toBeNull()
    expect(await getAnnotation(db.db, id)).toMatchObject({ version: 1, note: 'première' })
    expect(await annotationHistory(db.db, id)).toHaveLength(1)
    expect(await articleVersion()).toEqual(T1)
  })

  it('is one transaction: when the history row cannot be written, neither is the version', async () => {
    const { db, id, save, articleVersion } = await setup()
    await save(0, 'première', T1)
    // As a crash or a full disk would between the statements.
    await db.client.execute(
      "create trigger fail_history before insert on annotation_versions begin select raise(abort, 'history lost'); end",
    )
    await expect(save(1, 'seconde', T2)).rejects.toThrow()
    expect(await getAnnotation(db.db, id)).toMatchObject({ version: 1, note: 'première' })
    expect(await articleVersion()).toEqual(T1)
    await db.client.execute('drop trigger fail_history')
    expect(await save(1, 'seconde', T2)).toMatchObject({ version: 2 })
    const versions = await db.db
      .select()
      .from(annotationVersions)
      .where(eq(annotationVersions.articleId, id))
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2])
    expect((await db.db.select().from(annotations)).length).toBe(1)
  })
})
