import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient, type Client } from '@libsql/client'
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql'
import { migrate } from 'drizzle-orm/libsql/migrator'
import * as schema from '../../db/schema.ts'
import { silentLog, type Log } from '../lib/log.ts'
import { createStorageWatch, type StorageWatch } from './storage.ts'

export type Db = LibSQLDatabase<typeof schema>
export interface Database {
  db: Db
  client: Client
  /** Whether the database can be written (a full disk), from every statement's errors. */
  storage: StorageWatch
  close(): void
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations')

/** Opens the embedded file (creating its folder) or a libSQL server URL. */
export async function openDb(opts: { url: string; authToken?: string; log?: Log }): Promise<Database> {
  const isFile = opts.url.startsWith('file:')
  if (isFile) {
    const file = opts.url.slice('file:'.length).replace(/^\/\/(?=\/)/, '')
    if (file && file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  }
  // Several crawl processes may share one file: wait for the lock rather than fail.
  // One connection, so that per-connection pragmas hold for every statement; nothing here needs more.
  const client = createClient({ url: opts.url, authToken: opts.authToken, timeout: 30_000, concurrency: 1 })
  if (isFile) {
    await client.execute('PRAGMA journal_mode = WAL')
    // WAL with synchronous=NORMAL cannot corrupt the file or lose a commit on a process crash (only on
    // power loss), and spares an fsync on every commit, which blocks the event loop.
    await client.execute('PRAGMA synchronous = NORMAL')
  }
  const storage = createStorageWatch(client, { log: opts.log ?? silentLog })
  reportErrors(client, storage)
  const db = drizzle(client, { schema })
  return {
    db,
    client,
    storage,
    close: () => {
      storage.close()
      client.close()
    },
  }
}

// Every statement goes through these methods (Drizzle's too): their errors tell the watch when the
// disk fills, whichever stage wrote.
function reportErrors(client: Client, storage: StorageWatch) {
  for (const name of ['execute', 'batch', 'migrate', 'executeMultiple'] as const) {
    const method = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client)
    Object.assign(client, {
      [name]: (...args: unknown[]) =>
        method(...args).catch((err: unknown) => {
          storage.failed(err)
          throw err
        }),
    })
  }
}

/** Applies pending drizzle migrations; safe when several processes start at once. */
export async function migrateDb(database: Database): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(database.db, { migrationsFolder })
      return
    } catch (err) {
      // A concurrent process may have applied the same migration between our read and write.
      if (attempt >= 5) throw err
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
}
