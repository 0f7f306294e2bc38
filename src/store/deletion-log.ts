import { gt, lt } from 'drizzle-orm'
import { articleDeletions } from '../../db/schema.ts'
import type { Db } from './db.ts'

/**
 * How long deletions are logged. Every process with a search index compares every article with the
 * database at least hourly (which sees any deletion) and reads this log in between, since its last
 * sync: a day covers that with room to spare.
 */
export const DELETION_LOG_KEEP_MS = 24 * 60 * 60_000

/** Logs that these articles were deleted (in the batch that deletes them). */
export function deletionLogStatement(db: Db, ids: number[], now: Date) {
  return db
    .insert(articleDeletions)
    .values(ids.map((articleId) => ({ articleId, deletedAt: now })))
    .onConflictDoUpdate({ target: articleDeletions.articleId, set: { deletedAt: now } })
}

/** Ids of the articles deleted after `since` (ms). */
export async function articlesDeletedSince(db: Db, since: number): Promise<number[]> {
  const rows = await db
    .select({ id: articleDeletions.articleId })
    .from(articleDeletions)
    .where(gt(articleDeletions.deletedAt, new Date(since)))
  return rows.map((r) => r.id)
}

/** Forgets deletions older than the log keeps them. */
export async function forgetOldDeletions(db: Db, now: Date): Promise<void> {
  await db
    .delete(articleDeletions)
    .where(lt(articleDeletions.deletedAt, new Date(now.getTime() - DELETION_LOG_KEEP_MS)))
}
