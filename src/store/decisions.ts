import { and, asc, eq, gt, inArray } from 'drizzle-orm'
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
  dismiss: 'dismissed',
  reset: 'new',
}

/**
 * Records a decision and sets the article's curation state, in one transaction, with the state it
 * replaced (`previousStatus`). Null if no such article.
 */
export async function recordDecision(
  db: Db,
  input: {
    articleId: number
    action: DecisionAction
    snoozeUntil?: Date | null
    actor?: string | null
  },
  now: Date,
): Promise<(Decision & { previousStatus: string }) | null> {
  const [article] = await db
    .select({ id: articles.id, sectorSlug: articles.sectorSlug, status: articles.status })
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
    storyDecisionStatement(
      db,
      article.id,
      input.action === 'reset'
        ? null
        : { snoozeUntil: input.action === 'snooze' ? (input.snoozeUntil ?? null) : undefined },
    ),
  ])
  return inserted[0] ? { ...inserted[0], previousStatus: article.status } : null
}

/**
 * Skips many articles of a sector at once ("mark as seen"), or takes that back (`undo`), in one
 * transaction. Only articles still undecided (new, or snoozed) are skipped, and only articles still
 * skipped are restored, so that neither overwrites a decision taken in between. The ids changed.
 */
export async function recordDismissals(
  db: Db,
  input: { sectorSlug: string; articleIds: number[]; undo?: boolean; actor?: string | null },
  now: Date,
): Promise<number[]> {
  if (!input.articleIds.length) return []
  const action: DecisionAction = input.undo ? 'reset' : 'dismiss'
  const from = input.undo ? ['dismissed'] : ['new', 'snoozed']
  const ids = (
    await db
      .select({ id: articles.id })
      .from(articles)
      .where(
        and(
          eq(articles.sectorSlug, input.sectorSlug),
          inArray(articles.id, input.articleIds),
          inArray(articles.status, from),
        ),
      )
  ).map((r) => r.id)
  if (!ids.length) return []
  await db.batch([
    db.insert(decisions).values(
      ids.map((articleId) => ({
        articleId,
        sectorSlug: input.sectorSlug,
        action,
        actor: input.actor ?? null,
        createdAt: now,
      })),
    ),
    db
      .update(articles)
      .set({ status: statusAfter[action], snoozeUntil: null, updatedAt: now })
      .where(inArray(articles.id, ids)),
    ...ids.map((id) => storyDecisionStatement(db, id, input.undo ? null : {})),
  ])
  return ids
}

/** A sector's decisions in order, optionally only those after a given decision id (to replay into a model). */
export async function listDecisions(db: Db, sectorSlug: string, afterId = 0): Promise<Decision[]> {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.sectorSlug, sectorSlug), gt(decisions.id, afterId)))
    .orderBy(asc(decisions.id))
}
