import { sql, type SQL } from 'drizzle-orm'
import { articleScores, articles, storyDecisions } from '../../db/schema.ts'
import type { Db } from './db.ts'

/**
 * The statement that keeps the rows in story_decisions of these articles (an id, or a query of ids)
 * after a decision: written with each one's story (or its own id until it is scored) for approve,
 * reject, reshare, snooze (hidden until `snoozeUntil`, never when none) and skip, deleted when the
 * decision is reset (`decided` null).
 */
export function storyDecisionStatement(
  db: Db,
  articleIds: number | SQL,
  decided: { snoozeUntil?: Date | null } | null,
) {
  if (!decided)
    return db.run(sql`delete from ${storyDecisions} where article_id in (${articleIds})`)
  // A snooze without a date hides nothing (as an undecided article whose snooze has passed).
  const hiddenUntil =
    decided.snoozeUntil === undefined ? sql`null` : sql`${decided.snoozeUntil?.getTime() ?? 0}`
  return db.run(
    sql`insert into ${storyDecisions} (article_id, sector_slug, story_id, published_at, hidden_until)
      select a.id, a.sector_slug, coalesce(s.story_id, a.id), a.published_at, ${hiddenUntil}
      from ${articles} a left join ${articleScores} s on s.article_id = a.id where a.id in (${articleIds})
      on conflict (article_id) do update set story_id = excluded.story_id, published_at = excluded.published_at, hidden_until = excluded.hidden_until`,
  )
}

/**
 * The statement run after scores are saved: copies each article's date into its score (the queue's
 * indexes tell the window from it) and moves decided articles to the story scoring gave them.
 */
export function afterScoresStatements(db: Db, articleIds: number[]) {
  const ids = sql`(select value from json_each(${JSON.stringify(articleIds)}))`
  return [
    db.run(
      sql`update ${articleScores} set published_at = (select a.published_at from ${articles} a where a.id = ${articleScores}.article_id) where article_id in ${ids}`,
    ),
    db.run(
      sql`update ${storyDecisions} set story_id = (select s.story_id from ${articleScores} s where s.article_id = ${storyDecisions}.article_id)
      where article_id in ${ids} and exists (select 1 from ${articleScores} s where s.article_id = ${storyDecisions}.article_id)`,
    ),
  ]
}
