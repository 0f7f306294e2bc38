import { and, asc, eq, gt, sql } from 'drizzle-orm'
import { articleScores, articles, decisions } from '../../db/schema.ts'
import { nextTurn } from '../lib/next-turn.ts'
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

/** The range of decision ids one skip wrote (others may fall between, in its slices): what its undo names. */
export interface DismissBatch {
  first: number
  last: number
}

/** A skip writes this many articles a transaction: the server answers other requests between them. */
const DISMISS_CHUNK = 1000

/**
 * Skips many articles of a sector at once ("mark as seen"), or takes that back (`undo`): the
 * articles listed, or (undo) those a skip's batch skipped. Only articles still undecided (new, or
 * snoozed) are skipped, and only articles still skipped are restored: each statement checks the
 * state again, so that neither overwrites a decision taken in between. The ids changed, and the
 * range of decisions written (the batch an undo names).
 */
export async function recordDismissals(
  db: Db,
  input: {
    sectorSlug: string
    articleIds?: number[]
    batch?: DismissBatch
    undo?: boolean
    actor?: string | null
  },
  now: Date,
): Promise<{ articleIds: number[]; batch: DismissBatch | null }> {
  const candidates = input.batch
    ? await stillSkippedIn(db, input.sectorSlug, input.batch, input.actor ?? null)
    : (input.articleIds ?? [])
  const articleIds: number[] = []
  let [first, last] = [Infinity, -Infinity]
  for (let i = 0; i < candidates.length; i += DISMISS_CHUNK) {
    // The database answers on this thread: a turn of the event loop lets other requests in.
    if (i) await nextTurn()
    for (const r of await dismissChunk(db, input, candidates.slice(i, i + DISMISS_CHUNK), now)) {
      articleIds.push(Number(r.articleId))
      first = Math.min(first, Number(r.id))
      last = Math.max(last, Number(r.id))
    }
  }
  return {
    articleIds: articleIds.sort((a, b) => a - b),
    batch: articleIds.length ? { first, last } : null,
  }
}

/** One transaction of a skip (or its undo): the story rows, the decisions written, the states. */
async function dismissChunk(
  db: Db,
  input: { sectorSlug: string; undo?: boolean; actor?: string | null },
  candidates: number[],
  now: Date,
): Promise<{ id: number; articleId: number }[]> {
  const action: DecisionAction = input.undo ? 'reset' : 'dismiss'
  const ids = sql`(select value from json_each(${JSON.stringify(candidates)}))`
  const state = input.undo ? sql`a.status = 'dismissed'` : sql`a.status in ('new', 'snoozed')`
  const targets = sql`select a.id from ${articles} a where a.id in ${ids} and a.sector_slug = ${input.sectorSlug} and ${state}`
  const [, written] = await db.batch([
    storyDecisionStatement(db, targets, input.undo ? null : {}),
    db.all<{ id: number; articleId: number }>(
      sql`insert into ${decisions} (article_id, sector_slug, action, actor, created_at)
        select id, ${input.sectorSlug}, ${action}, ${input.actor ?? null}, ${now.getTime()} from (${targets}) order by id
        returning id, article_id as articleId`,
    ),
    db.run(
      sql`update ${articles} set status = ${statusAfter[action]}, snooze_until = null, updated_at = ${now.getTime()} where id in (${targets})`,
    ),
  ])
  return written as { id: number; articleId: number }[]
}

/**
 * The articles a skip's batch skipped whose latest decision is still that skip. The batch is a range
 * of decisions written in several transactions: the skips of others in between are not in it.
 */
export async function stillSkippedIn(
  db: Db,
  sectorSlug: string,
  batch: DismissBatch,
  actor: string | null,
): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    sql`select d.article_id as id from ${decisions} d
      where d.id between ${batch.first} and ${batch.last} and d.sector_slug = ${sectorSlug} and d.action = 'dismiss' and d.actor is ${actor}
      and not exists (select 1 from ${decisions} d2 where d2.article_id = d.article_id and d2.id > d.id)`,
  )
  return rows.map((r) => Number(r.id))
}

/** How many stories these articles make (an unscored article is a story of its own). */
export async function storyCountOf(db: Db, articleIds: number[]): Promise<number> {
  if (!articleIds.length) return 0
  const [row] = await db.all<{ n: number }>(
    sql`select count(distinct coalesce(s.story_id, -a.value)) as n from json_each(${JSON.stringify(articleIds)}) a
      left join ${articleScores} s on s.article_id = a.value`,
  )
  return Number(row?.n ?? 0)
}

/** A sector's decisions in order, optionally only those after a given decision id (to replay into a model). */
export async function listDecisions(db: Db, sectorSlug: string, afterId = 0): Promise<Decision[]> {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.sectorSlug, sectorSlug), gt(decisions.id, afterId)))
    .orderBy(asc(decisions.id))
}
