import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient, type Client } from '@libsql/client'
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql'
import { migrate } from 'drizzle-orm/libsql/migrator'
import * as schema from '../../db/schema.ts'
import { silentLog, type Log } from '../lib/log.ts'
import { isBusy } from '../lib/storage-errors.ts'
import { createStorageWatch, type StorageWatch } from './storage.ts'
import { createWriteTurns, inTurn, type WriteTurns } from './write-turns.ts'

export type Db = LibSQLDatabase<typeof schema>
export interface Database {
  db: Db
  client: Client
  /** Whether the database can be written (a full disk), from every statement's errors. */
  storage: StorageWatch
  /** Shared with the scoring worker, which lets this connection's statements go first (write-turns.ts). */
  turns: WriteTurns
  close(): void
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations')

/**
 * The page cache of the connection, in KiB (negative, as SQLite takes it): 32 MB instead of SQLite's
 * 2 MB. A write that touches thousands of index pages (the directory's links of a whole sector, a
 * crawl's batch) spilled and re-read them from the WAL with 2 MB; reads of the queue's indexes
 * stay in cache too.
 */
const CACHE_KIB = -32768

/** Opens the embedded file (creating its folder) or a libSQL server URL. */
export async function openDb(opts: {
  url: string
  authToken?: string
  log?: Log
  /** How long a statement waits for another connection's lock before SQLITE_BUSY (30 s). */
  busyTimeoutMs?: number
}): Promise<Database> {
  const isFile = opts.url.startsWith('file:')
  if (isFile) {
    const file = opts.url.slice('file:'.length).replace(/^\/\/(?=\/)/, '')
    if (file && file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  }
  // Several crawl processes may share one file: wait for the lock rather than fail.
  // One connection, so that per-connection pragmas hold for every statement; nothing here needs more.
  const client = createClient({ url: opts.url, authToken: opts.authToken, timeout: opts.busyTimeoutMs ?? 30_000, concurrency: 1 })
  if (isFile) {
    await client.execute('PRAGMA journal_mode = WAL')
    // WAL with synchronous=NORMAL cannot corrupt the file or lose a commit on a process crash (only on
    // power loss), and spares an fsync on every commit, which blocks the event loop.
    await client.execute('PRAGMA synchronous = NORMAL')
    await client.execute(`PRAGMA cache_size = ${CACHE_KIB}`)
  }
  const storage = createStorageWatch(client, { log: opts.log ?? silentLog })
  const turns = createWriteTurns()
  const inMemory = /^file::memory:|^:memory:/.test(opts.url)
  // A statement that met SQLITE_BUSY stays in progress on its connection (the driver does not reset
  // it), and every later commit there fails with "SQL statements in progress": a fresh connection.
  const freshConnection =
    isFile && !inMemory
      ? async () => {
          client.reconnect()
          await client.execute('PRAGMA synchronous = NORMAL')
          await client.execute(`PRAGMA cache_size = ${CACHE_KIB}`)
        }
      : async () => {}
  reportErrors(client, storage, turns, freshConnection)
  const db = drizzle(client, { schema })
  return {
    db,
    client,
    storage,
    turns,
    close: () => {
      storage.close()
      client.close()
    },
  }
}

// Every statement goes through these methods (Drizzle's too): their errors tell the watch when the
// disk fills, whichever stage wrote; each is counted in flight, so that the scoring worker lets it go
// first (write-turns.ts); and one that found the database locked past the busy timeout (another
// process's long write) is tried again: it did nothing (a failed batch is rolled back), and a
// curator's decision should not become a 500 because a crawl wrote for a while.
function reportErrors(
  client: Client,
  storage: StorageWatch,
  turns: WriteTurns,
  freshConnection: () => Promise<void>,
) {
  const methods = ['execute', 'batch', 'migrate', 'executeMultiple'] as const
  const original = Object.fromEntries(
    methods.map((name) => [
      name,
      (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client),
    ]),
  ) as Record<(typeof methods)[number], (...args: unknown[]) => Promise<unknown>>
  for (const name of methods) {
    const once = (args: unknown[]) => inTurn(turns, () => original[name](...args))
    Object.assign(client, {
      [name]: async (...args: unknown[]) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await once(args)
          } catch (err) {
            // A statement caught by the reconnection below, before it ran, is tried again too.
            const retry = isBusy(err) || isClosedInFlight(err)
            if (name !== 'executeMultiple' && retry && attempt < BUSY_ATTEMPTS) {
              if (isBusy(err)) await freshConnection().catch(() => {})
              await new Promise((r) => setTimeout(r, 50 * attempt))
              continue
            }
            storage.failed(err)
            throw err
          }
        }
      },
    })
  }
}

// With the 30 s busy timeout, three tries wait up to a minute and a half before giving up.
const BUSY_ATTEMPTS = 3

const isClosedInFlight = (err: unknown) =>
  (err as { code?: unknown })?.code === 'CLIENT_CLOSED' &&
  /in flight/.test((err as { message?: string }).message ?? '')

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
