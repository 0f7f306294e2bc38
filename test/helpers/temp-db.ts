import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { migrateDb, openDb, type Database } from '../../src/store/db.ts'

const opened: { database: Database; dir: string }[] = []

afterEach(() => {
  for (const { database, dir } of opened.splice(0)) {
    database.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

/** A fresh, migrated libSQL database file for one test, removed after it. */
export async function tempDb(): Promise<Database & { url: string; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-test-'))
  const file = path.join(dir, 'vigie.db')
  const url = `file:${file}`
  const database = await openDb({ url })
  await migrateDb(database)
  opened.push({ database, dir })
  return Object.assign(database, { url, file })
}

/** When drizzle-kit generated the migration whose tag starts with this number (its created_at once applied). */
export function migrationTime(number: string): number {
  const journal = JSON.parse(
    fs.readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
  ) as { entries: { tag: string; when: number }[] }
  return journal.entries.find((e) => e.tag.startsWith(number))!.when
}
