import type { Client } from '@libsql/client'
import { errorMessage } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import { isStorageFull } from '../lib/storage-errors.ts'

export interface StorageState {
  /** True while the database cannot be written because its disk is full. */
  full: boolean
  since: Date | null
  /** The error that said so. */
  cause: string | null
}

/** Whether the database can be written, learned from its errors and from probe writes. */
export interface StorageWatch {
  readonly state: StorageState
  /** Every database error goes through here: SQLITE_FULL or ENOSPC starts the full state. */
  failed(err: unknown): void
  /** The state now: probes with a write while full, and now and then (`probeEveryMs`) otherwise. */
  check(): Promise<StorageState>
  /** Calls `listener` each time writes work again after a full disk (work put off can be redone). */
  onWritable(listener: () => void): void
  close(): void
}

// A few pages' worth: a write that needs new pages, as most inserts do, fails when the disk is full.
const PROBE_BYTES = 16 * 1024

/**
 * Watches the database for a full disk. It logs once when the disk fills and once when writes work
 * again, whatever the number of failed requests in between; while full it probes every `retryMs`, so
 * that the end is noticed even when no one writes.
 */
export function createStorageWatch(
  client: Pick<Client, 'batch'>,
  opts: { log: Log; now?: () => Date; retryMs?: number; probeEveryMs?: number },
): StorageWatch {
  const { log, now = () => new Date(), retryMs = 10_000, probeEveryMs = 60_000 } = opts
  const state: StorageState = { full: false, since: null, cause: null }
  let lastProbe = 0
  let probing: Promise<void> | null = null
  let retry: ReturnType<typeof setInterval> | null = null
  const listeners: (() => void)[] = []

  function markFull(err: unknown) {
    if (state.full) return
    Object.assign(state, { full: true, since: now(), cause: errorMessage(err) })
    log.error('disk full: the database cannot be written; reads go on, writes answer 507', {
      error: state.cause,
    })
    retry = setInterval(() => void probe(), retryMs)
    retry.unref?.()
  }

  function markWritable() {
    if (!state.full) return
    log.info('disk space is back: the database can be written again', {
      since: state.since?.toISOString(),
    })
    Object.assign(state, { full: false, since: null, cause: null })
    if (retry) clearInterval(retry)
    retry = null
    for (const listener of listeners) listener()
  }

  // Inserts and deletes a row in one transaction: nothing stays, but the pages had to be found.
  function probe(): Promise<void> {
    lastProbe = Date.now()
    probing ??= client
      .batch(
        [
          {
            sql: 'insert or replace into storage_probe (id, filler) values (1, randomblob(?))',
            args: [PROBE_BYTES],
          },
          'delete from storage_probe',
        ],
        'write',
      )
      .then(markWritable, (err) => {
        // Busy or locked says nothing about space: keep what we knew.
        if (isStorageFull(err)) markFull(err)
      })
      .finally(() => (probing = null))
    return probing
  }

  return {
    state,
    failed(err) {
      if (isStorageFull(err)) markFull(err)
    },
    async check() {
      if (state.full || Date.now() - lastProbe >= probeEveryMs) await probe()
      return { ...state }
    },
    onWritable: (listener) => void listeners.push(listener),
    close() {
      if (retry) clearInterval(retry)
      retry = null
    },
  }
}
