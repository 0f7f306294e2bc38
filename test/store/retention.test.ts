import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articles } from '../../db/schema.ts'
import { saveAnnotation } from '../../src/curate/index.ts'
import { pruneUndecided, recordDecision } from '../../src/store/index.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

describe('retention', () => {
  it('prunes old undecided or skipped articles only, and keeps approved, reshared, rejected and annotated ones', async () => {
    const db = await tempDb()
    await seedShippedSectors(db)
    const old = new Date('2026-08-01T10:00:00Z')
    const recent = new Date('2026-11-19T10:00:00Z')
    const article = (title: string, publishedAt: Date) => ({
      title,
      text: `${title} : un billet sur la gestion de communauté.`,
      publishedAt,
    })
    const [undecided, skipped, approved, reshared, rejected, annotated, fresh] = await seedArticles(
      db,
      'community-management',
      [
        article('Ancien billet sans décision', old),
        article('Ancien billet passé', old),
        article('Ancien billet approuvé', old),
        article('Ancien billet repartagé', old),
        article('Ancien billet rejeté', old),
        article('Ancien billet annoté', old),
        article('Billet récent', recent),
      ],
    )
    const now = new Date('2026-11-20T10:00:00Z')
    await recordDecision(db.db, { articleId: skipped!, action: 'dismiss' }, now)
    await recordDecision(db.db, { articleId: approved!, action: 'approve' }, now)
    await recordDecision(db.db, { articleId: reshared!, action: 'reshare' }, now)
    await recordDecision(db.db, { articleId: rejected!, action: 'reject' }, now)
    await saveAnnotation(
      db.db,
      annotated!,
      { note: 'à garder pour la newsletter', tags: ['newsletter'], commentary: '', baseVersion: 0 },
      null,
      now,
    )

    const pruned = await pruneUndecided(db.db, new Date('2026-10-01T00:00:00Z'), now)
    expect(pruned).toBe(2)
    const left = (await db.db.select({ id: articles.id }).from(articles)).map((r) => r.id)
    expect(left.sort()).toEqual([approved, reshared, rejected, annotated, fresh].sort())
    expect(await db.db.select().from(articles).where(eq(articles.id, undecided!))).toHaveLength(0)
    expect(await db.db.select().from(articles).where(eq(articles.id, skipped!))).toHaveLength(0)
  })
})
