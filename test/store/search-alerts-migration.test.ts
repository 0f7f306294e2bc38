import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { migrateDb } from '../../src/store/index.ts'
import { migrationTime, tempDb } from '../helpers/temp-db.ts'

describe('migration 0021: an alert per curator', () => {
  it('keeps the alert that a database had before, for the curator it went to', async () => {
    const database = await tempDb()
    const { db } = database
    // As on a database at migration 0020: one recipient per search, in two columns.
    await db.run(sql`alter table feeds drop column source_type`)
    await db.run(sql`drop table search_alerts`)
    await db.run(sql`alter table followed_searches add column alert_to text`)
    await db.run(sql`alter table followed_searches add column alerted_until integer`)
    await db.run(sql`delete from __drizzle_migrations where created_at >= ${migrationTime('0021')}`)
    await db.run(
      sql`insert into users (email, role, password_hash, created_at) values ('ines@agence.test', 'curator', 'x', 0), ('paul@agence.test', 'curator', 'x', 0)`,
    )
    await db.run(
      sql`insert into followed_searches (sector_slug, query, created_at, seen_at, new_since, alert_to, alerted_until) values
        ('community-management', 'carrousels', 0, 0, 0, 'paul@agence.test', 1700000000000),
        ('community-management', 'threads', 0, 0, 0, null, null),
        ('community-management', 'tiktok', 0, 0, 0, 'gone@agence.test', 1700000000000)`,
    )
    await migrateDb(database)
    expect(await db.all(sql`select search_id, user_id, alerted_until from search_alerts`)).toEqual([
      { search_id: 1, user_id: 2, alerted_until: 1700000000000 },
    ])
    const columns = await db.all<{ name: string }>(sql`pragma table_info(followed_searches)`)
    expect(columns.map((c) => c.name)).not.toContain('alert_to')
  })
})
