import { and, desc, eq, exists, sql } from 'drizzle-orm'
import { annotationVersions, annotations, articles } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type Annotation = typeof annotations.$inferSelect

export async function getAnnotation(db: Db, articleId: number): Promise<Annotation | null> {
  const [row] = await db.select().from(annotations).where(eq(annotations.articleId, articleId))
  return row ?? null
}

/**
 * Writes the next version of an annotation only if it is still at `baseVersion` (compare-and-set),
 * and keeps the version in the history. Returns null when someone saved another version meanwhile.
 * One transaction: a crash never leaves a version without its history row, or the reverse.
 */
export async function writeAnnotation(
  db: Db,
  input: { articleId: number; sectorSlug: string; note: string; tags: string[]; commentary: string; baseVersion: number; userId: number | null },
  now: Date,
): Promise<Annotation | null> {
  const version = input.baseVersion + 1
  const values = { note: input.note, tags: input.tags, commentary: input.commentary, version, updatedBy: input.userId, updatedAt: now }
  const write =
    input.baseVersion === 0
      ? db.insert(annotations).values({ articleId: input.articleId, sectorSlug: input.sectorSlug, ...values }).onConflictDoNothing().returning()
      : db
          .update(annotations)
          .set(values)
          .where(and(eq(annotations.articleId, input.articleId), eq(annotations.version, input.baseVersion)))
          .returning()
  // The statements after the compare-and-set act only on the row it wrote (this version, this time),
  // so that a refused write changes nothing else.
  const written = and(eq(annotations.articleId, input.articleId), eq(annotations.version, version), eq(annotations.updatedAt, now))
  const [rows] = await db.batch([
    write,
    // The article's version moves too, so the search index picks up the new tags.
    db
      .update(articles)
      .set({ updatedAt: now })
      .where(and(eq(articles.id, input.articleId), exists(db.select({ one: sql`1` }).from(annotations).where(written)))),
    db
      .insert(annotationVersions)
      .select(
        db
          .select({
            id: sql<number | null>`null`.as('id'),
            articleId: annotations.articleId,
            version: annotations.version,
            note: annotations.note,
            tags: annotations.tags,
            commentary: annotations.commentary,
            updatedBy: annotations.updatedBy,
            createdAt: annotations.updatedAt,
          })
          .from(annotations)
          .where(written),
      )
      .onConflictDoNothing(),
  ])
  return rows[0] ?? null
}

export async function annotationHistory(db: Db, articleId: number) {
  return db.select().from(annotationVersions).where(eq(annotationVersions.articleId, articleId)).orderBy(desc(annotationVersions.version))
}

/** The sector's tags with how often each is used, most used first (for autocomplete). */
export async function sectorTags(db: Db, sectorSlug: string): Promise<{ tag: string; count: number }[]> {
  const rows = await db.all<{ tag: string; count: number }>(
    sql`select j.value as tag, count(*) as count from ${annotations}, json_each(${annotations.tags}) j where ${annotations.sectorSlug} = ${sectorSlug} group by j.value order by count desc, tag`,
  )
  return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }))
}
