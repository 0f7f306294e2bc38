import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { queueCount, queueOf } from '../../src/jobs/queue.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { migrateDb, recordDecision, saveScores, tombstoneArticle } from '../../src/store/index.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { migrationTime, tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const NOW = new Date('2026-11-20T10:00:00Z')
const DAY = 86_400_000

/** Six recent articles in three stories of two: [a1, a2] in story A, [b1, b2] in B, [c1, c2] in C. */
async function threeStories() {
  const database = await tempDb()
  await seedShippedSectors(database, NOW)
  const ids = await seedArticles(
    database,
    SECTOR,
    ['A', 'A', 'B', 'B', 'C', 'C'].map((s, i) => ({
      title: `Sujet ${s}, source ${i} : la modération des commentaires`,
      text: `Article ${i} du sujet ${s} sur la modération des communautés en ligne.`,
      publishedAt: new Date(NOW.getTime() - (i + 1) * 3_600_000),
      source: `Source ${i}`,
    })),
  )
  const story = { A: ids[0]!, B: ids[2]!, C: ids[4]! }
  const score = async (storyOf: (i: number) => number) =>
    saveScores(
      database.db,
      ids.map((id, i) => ({
        articleId: id,
        sectorSlug: SECTOR,
        score: 0.9 - i * 0.1,
        explanation: { reason: 'test' },
        storyId: storyOf(i),
        computedAt: NOW,
      })),
    )
  await score((i) => ids[i - (i % 2)]!)
  const clock = fixedClock(NOW)
  const deps = { db: database.db, clock }
  const listed = async () => ({
    stories: (await queueOf(deps, SECTOR, { explain: false })).map((c) => c.storyId),
    count: await queueCount(deps, SECTOR),
  })
  return { database, ids, story, score, clock, listed }
}

describe("a story's decided state, kept when decisions are recorded", () => {
  it('hides the story on a decision in any of its articles, and shows it again on reset', async () => {
    const { database, ids, story, listed } = await threeStories()
    expect(await listed()).toEqual({ stories: [story.A, story.B, story.C], count: 3 })
    // The second source of story B is approved: B leaves, with its count.
    await recordDecision(database.db, { articleId: ids[3]!, action: 'approve' }, NOW)
    expect(await listed()).toEqual({ stories: [story.A, story.C], count: 2 })
    await recordDecision(database.db, { articleId: ids[3]!, action: 'reset' }, NOW)
    expect(await listed()).toEqual({ stories: [story.A, story.B, story.C], count: 3 })
    // Rejecting and reshare-deciding hide too; a deleted (tombstoned) decided article stops hiding.
    await recordDecision(database.db, { articleId: ids[0]!, action: 'reject' }, NOW)
    await recordDecision(database.db, { articleId: ids[5]!, action: 'reshare' }, NOW)
    expect(await listed()).toEqual({ stories: [story.B], count: 1 })
    await tombstoneArticle(database.db, ids[5]!, 'test', NOW)
    expect(await listed()).toEqual({ stories: [story.B, story.C], count: 2 })
  })

  it('hides a snoozed story until the snooze ends', async () => {
    const { database, ids, story, clock, listed } = await threeStories()
    await recordDecision(
      database.db,
      { articleId: ids[1]!, action: 'snooze', snoozeUntil: new Date(NOW.getTime() + DAY) },
      NOW,
    )
    expect(await listed()).toEqual({ stories: [story.B, story.C], count: 2 })
    clock.advance(DAY + 1)
    expect(await listed()).toEqual({ stories: [story.A, story.B, story.C], count: 3 })
  })

  it('follows a decided article that scoring moves to another story', async () => {
    const { database, ids, story, score, listed } = await threeStories()
    await recordDecision(database.db, { articleId: ids[3]!, action: 'approve' }, NOW)
    expect((await listed()).stories).toEqual([story.A, story.C])
    // Rescored: the approved article now belongs to story C; B is undecided again, C is decided.
    await score((i) => (i === 3 ? story.C : ids[i - (i % 2)]!))
    expect(await listed()).toEqual({ stories: [story.A, story.B], count: 2 })
  })

  it('is filled from the decisions already taken when the migration runs on an existing database', async () => {
    const { database, ids, story, listed } = await threeStories()
    await recordDecision(database.db, { articleId: ids[2]!, action: 'reject' }, NOW)
    await recordDecision(
      database.db,
      { articleId: ids[4]!, action: 'snooze', snoozeUntil: new Date(NOW.getTime() + DAY) },
      NOW,
    )
    // As on a database at migration 0012 with these decisions: no story_decisions yet
    // (the later migrations are undone first).
    await database.db.run(sql`alter table feeds drop column source_type`)
    await database.db.run(sql`drop table search_alerts`)
    await database.db.run(sql`drop table followed_searches`)
    await database.db.run(sql`drop table story_splits`)
    await database.db.run(sql`drop table article_deletions`)
    await database.db.run(sql`drop index articles_sector_lang_published`)
    await database.db.run(sql`drop index articles_feed_published`)
    await database.db.run(sql`drop index articles_sector_updated_links`)
    await database.db.run(sql`alter table articles drop column links_at`)
    await database.db.run(
      sql`create index articles_sector_updated on articles (sector_slug, updated_at, extract_state)`,
    )
    await database.db.run(sql`drop table story_decisions`)
    await database.db.run(sql`drop index scores_queue_rank`)
    await database.db.run(sql`drop index scores_sector_window`)
    await database.db.run(sql`alter table article_scores drop column published_at`)
    await database.db.run(
      sql`delete from __drizzle_migrations where created_at >= ${migrationTime('0013')}`,
    )
    await migrateDb(database)
    const rows = await database.db.all<{
      article_id: number
      story_id: number
      hidden_until: number | null
    }>(sql`select article_id, story_id, hidden_until from story_decisions order by article_id`)
    expect(rows).toEqual([
      { article_id: ids[2], story_id: story.B, hidden_until: null },
      { article_id: ids[4], story_id: story.C, hidden_until: NOW.getTime() + DAY },
    ])
    expect(await listed()).toEqual({ stories: [story.A], count: 1 })
    // Every score got its article's date.
    const dates = await database.db.all<{ n: number }>(
      sql`select count(*) as n from article_scores s join articles a on a.id = s.article_id where s.published_at = a.published_at`,
    )
    expect(Number(dates[0]!.n)).toBe(ids.length)
  })

  it('hides decided stories and counts from indexes, without reading what is out of the window', async () => {
    const { database } = await threeStories()
    const plan = async (q: ReturnType<typeof sql>) =>
      (await database.db.all<{ detail: string }>(sql`explain query plan ${q}`))
        .map((r) => r.detail)
        .join('\n')
    const hiding = await plan(
      sql`select 1 from story_decisions d where d.sector_slug = ${SECTOR} and d.story_id = 5 and d.published_at >= 0 and (d.hidden_until is null or d.hidden_until > 0)`,
    )
    expect(hiding).toMatch(/USING (COVERING )?INDEX story_decisions_story/)
    // Scores carry their article's date, so the window is read from an index.
    const count = await plan(
      sql`select distinct story_id from article_scores indexed by scores_sector_window where sector_slug = ${SECTOR} and published_at >= 0`,
    )
    expect(count).toMatch(
      /COVERING INDEX scores_sector_window \(sector_slug=\? AND published_at>\?\)/,
    )
  })
})
