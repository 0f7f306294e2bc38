// Skipping many articles at once ("mark older as read"): in transactions of a thousand, so that the
// server answers between them, and undone as one batch that holds this curator's skips only.
import { eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articles, storyDecisions } from '../../db/schema.ts'
import { recordDecision, recordDismissals } from '../../src/store/index.ts'
import { generatedArticles } from '../helpers/generated-articles.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const NOW = new Date('2026-11-20T10:00:00Z')

async function seeded(n: number) {
  const database = await tempDb()
  await seedShippedSectors(database, NOW)
  const ids = await seedArticles(database, SECTOR, generatedArticles(n, NOW))
  const statusOf = async (list: number[]) =>
    (
      await database.db
        .select({ status: articles.status })
        .from(articles)
        .where(inArray(articles.id, list))
    ).map((r) => r.status)
  return { db: database.db, ids, statusOf }
}

describe('skipping many articles', () => {
  it('skips more than one transaction holds, names them as one batch, and undoes them all', async () => {
    const { db, ids, statusOf } = await seeded(2300)
    const skipped = await recordDismissals(
      db,
      { sectorSlug: SECTOR, articleIds: ids, actor: 'cm@agence.fr' },
      NOW,
    )
    expect(skipped.articleIds).toEqual([...ids].sort((a, b) => a - b))
    expect(skipped.batch!.last - skipped.batch!.first + 1).toBe(2300)
    expect(new Set(await statusOf(ids))).toEqual(new Set(['dismissed']))
    expect(await db.$count(storyDecisions)).toBe(2300)

    // One of them approved meanwhile: the undo leaves it approved.
    await recordDecision(db, { articleId: ids[1500]!, action: 'approve' }, NOW)
    const undone = await recordDismissals(
      db,
      { sectorSlug: SECTOR, batch: skipped.batch!, undo: true, actor: 'cm@agence.fr' },
      NOW,
    )
    expect(undone.articleIds).toHaveLength(2299)
    expect(undone.articleIds).not.toContain(ids[1500])
    const [approved] = await db
      .select({ status: articles.status })
      .from(articles)
      .where(eq(articles.id, ids[1500]!))
    expect(approved!.status).toBe('approved')
    expect(new Set(await statusOf(ids.filter((_, i) => i !== 1500)))).toEqual(new Set(['new']))
    // The approved article keeps the row that hides its story; the restored ones lost theirs.
    expect(await db.$count(storyDecisions)).toBe(1)
  })

  it('an undo restores its curator’s skips only, even when another’s fall inside its range', async () => {
    const { db, ids, statusOf } = await seeded(3)
    const skip = (articleId: number, actor: string) =>
      recordDismissals(db, { sectorSlug: SECTOR, articleIds: [articleId], actor }, NOW)
    const first = await skip(ids[0]!, 'ana@agence.fr')
    await skip(ids[1]!, 'bruno@agence.fr')
    const last = await skip(ids[2]!, 'ana@agence.fr')
    const range = { first: first.batch!.first, last: last.batch!.last }
    const undone = await recordDismissals(
      db,
      { sectorSlug: SECTOR, batch: range, undo: true, actor: 'ana@agence.fr' },
      NOW,
    )
    expect(undone.articleIds).toEqual([ids[0], ids[2]])
    expect(await statusOf([ids[1]!])).toEqual(['dismissed'])
  })
})
