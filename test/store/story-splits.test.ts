import { describe, expect, it } from 'vitest'
import {
  saveScores,
  separateFromStory,
  storySplitsSince,
  undoSeparation,
} from '../../src/store/index.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const NOW = new Date('2026-11-20T10:00:00Z')
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)

/** Four articles scored as one story (a wrong link, say), the first article's id as its story. */
async function oneStoryOfFour() {
  const database = await tempDb()
  await seedShippedSectors(database, NOW)
  const ids = await seedArticles(
    database,
    SECTOR,
    [0, 1, 2, 3].map((i) => ({
      title: `Source ${i} : les carrousels LinkedIn progressent`,
      text: `Article ${i} sur les carrousels LinkedIn et leur taux d'engagement.`,
      publishedAt: new Date(NOW.getTime() - (i + 1) * 3_600_000),
      source: `Source ${i}`,
    })),
  )
  const score = (storyOf: (id: number) => number) =>
    saveScores(
      database.db,
      ids.map((id) => ({
        articleId: id,
        sectorSlug: SECTOR,
        score: 0.8,
        explanation: { reason: 'test' },
        storyId: storyOf(id),
        computedAt: NOW,
      })),
    )
  await score(() => ids[0]!)
  return { db: database.db, ids: ids as [number, number, number, number], score }
}

describe('articles kept apart from their story', () => {
  it('records one pair per other member, smaller id first, once however often it is asked', async () => {
    const { db, ids } = await oneStoryOfFour()
    const [a, b, c, d] = ids
    expect(await separateFromStory(db, c, 'curator@vigie.test', NOW)).toEqual({
      sectorSlug: SECTOR,
      apartFrom: [a, b, d],
    })
    await separateFromStory(db, c, null, minutes(1))
    const pairs = await storySplitsSince(db, SECTOR, NOW)
    expect(pairs).toEqual([
      [a, c],
      [b, c],
      [c, d],
    ])
    expect(await storySplitsSince(db, SECTOR, minutes(1))).toEqual([])
    expect(await storySplitsSince(db, 'another-sector', NOW)).toEqual([])
    expect(await separateFromStory(db, 999_999, null, NOW)).toBeNull()
  })

  it("undoes an article's own separation, not one that took another article out of its story", async () => {
    const { db, ids, score } = await oneStoryOfFour()
    const [a, b, c, d] = ids
    await separateFromStory(db, d, null, NOW)
    // Rescored: d alone; then another curator takes b out of the story of a, b and c.
    await score((id) => (id === d ? d : a))
    await separateFromStory(db, b, null, minutes(1))
    // Undoing d's separation forgets d's pairs; b's, later, stay.
    expect(await undoSeparation(db, d)).toEqual({ sectorSlug: SECTOR, rejoined: [a, b, c] })
    expect(await storySplitsSince(db, SECTOR, NOW)).toEqual([
      [a, b],
      [b, c],
    ])
    // a was never taken out itself: nothing to undo, though b's latest pair names it.
    expect(await undoSeparation(db, a)).toEqual({ sectorSlug: SECTOR, rejoined: [] })
    expect(await storySplitsSince(db, SECTOR, NOW)).toHaveLength(2)
    expect(await undoSeparation(db, 999_999)).toBeNull()
  })
})
