import type { Client } from '@libsql/client'
import { AppError } from '../lib/errors.ts'
import { isBusy } from '../lib/storage-errors.ts'

/** The database file's pages: all of them, and those free for reuse (left by deleted rows). */
export interface DatabaseSpace {
  bytes: number
  freeBytes: number
}

export async function databaseSpace(client: Client): Promise<DatabaseSpace> {
  const pragma = async (name: string) =>
    Number(Object.values((await client.execute(`PRAGMA ${name}`)).rows[0] ?? {})[0] ?? 0)
  const pageSize = await pragma('page_size')
  return {
    bytes: (await pragma('page_count')) * pageSize,
    freeBytes: (await pragma('freelist_count')) * pageSize,
  }
}

/**
 * Rewrites the file without its free pages (SQLite's VACUUM) and empties the write-ahead log.
 * Deleting articles (retention) frees pages that new articles reuse, but the file never shrinks by
 * itself. VACUUM needs the database to itself and as much free disk again as the file's size.
 */
export async function compactDatabase(
  client: Client,
): Promise<{ before: DatabaseSpace; after: DatabaseSpace }> {
  const before = await databaseSpace(client)
  try {
    await client.execute('VACUUM')
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  } catch (err) {
    if (!isBusy(err)) throw err
    throw new AppError(
      'database_busy',
      {},
      'another process is using the database: stop `vigie serve` and the crawl workers, then try again',
    )
  }
  return { before, after: await databaseSpace(client) }
}
