import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { migrateDb, openDb, type Database } from '../../src/store/index.ts'

/**
 * A generated database built once per name and schema (the number of migrations) in the temp folder
 * and copied into `dir` for each run, which writes into its copy; `rebuild` builds it again. `build`
 * may return a note kept beside the database (read back as `note`). Returns the copy's path. Without
 * a build at this schema, one at an older schema is used: the caller migrates its copy.
 */
export async function cachedDatabase(
  name: string,
  dir: string,
  build: (database: Database) => Promise<string | void>,
  opts: { rebuild?: boolean } = {},
): Promise<{ file: string; cacheDir: string; note: string }> {
  const migrations = fs
    .readdirSync(path.resolve('db/migrations'))
    .filter((f) => f.endsWith('.sql')).length
  let cacheDir = path.join(os.tmpdir(), `vigie-bench-${name}-m${migrations}`)
  // A build at an older schema is copied and migrated forward by the caller, as a real database is
  // on start (a build at a million articles takes an hour; a migration, seconds).
  if (!opts.rebuild && !fs.existsSync(path.join(cacheDir, 'done'))) {
    for (let m = migrations - 1; m > 0; m--) {
      const older = path.join(os.tmpdir(), `vigie-bench-${name}-m${m}`)
      if (fs.existsSync(path.join(older, 'done'))) {
        cacheDir = older
        break
      }
    }
  }
  const done = path.join(cacheDir, 'done')
  if (opts.rebuild || !fs.existsSync(done)) {
    fs.rmSync(cacheDir, { recursive: true, force: true })
    fs.mkdirSync(cacheDir, { recursive: true })
    const database = await openDb({ url: `file:${path.join(cacheDir, 'bench.db')}` })
    await migrateDb(database)
    const note = await build(database)
    // Everything into the main file: a copy of it alone must hold the whole database.
    await database.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`)
    database.close()
    fs.writeFileSync(done, note ?? '')
  }
  const file = path.join(dir, 'bench.db')
  fs.copyFileSync(path.join(cacheDir, 'bench.db'), file)
  return { file, cacheDir, note: fs.readFileSync(done, 'utf8') }
}
