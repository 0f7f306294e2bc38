import { and, asc, eq, gt } from 'drizzle-orm'
import { articles, decisions } from '../../db/schema.ts'
import type { Db } from './db.ts'
import { storyDecisionStatement } from './story-decisions.ts'

export type Decision = typeof decisions.$inferSelect
export type DecisionAction = Decision['action']

const statusAfter: Record<DecisionAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  reshare: 'reshared',
  snooze: 'snoozed',
  reset: 'new',
}

/** Records a decision and sets the article's curation state, in one transaction. Null if no such article. */
export async function recordDecision(
  db: Db,
  input: { articleId: number; action: DecisionAction; snoozeUntil?: Date | null; actor?: string | null },
  now: Date,
): Promise<Decision | null> {
  const [article] = await db
    .select({ id: articles.id, sectorSlug: articles.sectorSlug })
    .from(articles)
    .where(eq(articles.id, input.articleId))
  if (!article) return null
  const [inserted] = await db.batch([
    db
      .insert(decisions)
      .values({
        articleId: article.id,
        sectorSlug: article.sectorSlug,
        action: input.action,
        snoozeUntil: input.action === 'snooze' ? (input.snoozeUntil ?? null) : null,
        actor: input.actor ?? null,
        createdAt: now,
      })
      .returning(),
    db
      .update(articles)
      .set({
        status: statusAfter[input.action],
        snoozeUntil: input.action === 'snooze' ? (input.snoozeUntil ?? null) : null,
        updatedAt: now,
      })
      .where(eq(articles.id, article.id)),
    storyDecisionStatement(db, article.id, input.action === 'reset' ? null : { snoozeUntil: input.action === 'snooze' ? (input.snoozeUntil ?? null) : undefined }),
  ])
  return inserted[0] ?? null
}

/** A sector's decisions in order, optionally only those after a given decision id (to replay into a model). */
export async function listDecisions(db: Db, sectorSlug: string, afterId = 0): Promise<Decision[]> {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.sectorSlug, sectorSlug), gt(decisions.id, afterId)))
    .orderBy(asc(decisions.id))
}
