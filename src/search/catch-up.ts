import { systemClock, type Clock } from '../lib/clock.ts'
import type { Db } from '../store/db.ts'
import { forgetOldDeletions } from '../store/deletion-log.ts'
import { syncIndex } from './sync.ts'
import type { SearchIndex } from './types.ts'

export type SyncChanges = Awaited<ReturnType<typeof syncIndex>>

/** Where a catch-up stands: reading the saved index, then adding what the database has more. */
export interface CatchUpStatus {
  phase: 'loading' | 'indexing'
  done: number
  total: number
}

/**
 * After the first sync, a sync compares only the articles changed since the previous one began (less
 * this margin, for a write committed a little after its timestamp or a clock a little behind): at a
 * million articles, comparing every article takes seconds of reads for each crawl.
 */
const CHANGES_SLACK_MS = 10 * 60_000
/** How often a sync compares every article all the same: the only way it sees deleted ones. */
const FULL_EVERY_MS = 60 * 60_000

/**
 * Keeps a process's search index caught up with the database, one sync at a time: a sync asked for
 * while one runs is run once after it (however many ask), so every caller's articles are in the
 * index when its promise resolves. The first sync loads the saved index. A server starts serving
 * while it runs (a first start at a million articles indexes for many minutes): `status` says how
 * far it is, for the pages whose results it leaves incomplete.
 */
export function createIndexCatchUp(
  search: SearchIndex,
  db: Db,
  { clock = systemClock }: { clock?: Clock } = {},
) {
  let loaded: Promise<void> | null = null
  // When the last sync that compared every article began, and the last sync of any kind.
  let lastFull: number | null = null
  let lastSync = 0
  let running: Promise<SyncChanges> | null = null
  let next: Promise<SyncChanges> | null = null
  let status: CatchUpStatus | null = null
  const stopping = new AbortController()

  async function once(onProgress?: (done: number, total: number) => void): Promise<SyncChanges> {
    status = { phase: 'loading', done: 0, total: 0 }
    try {
      await (loaded ??= search.load())
      const startedAt = clock.now().getTime()
      const full = lastFull === null || startedAt - lastFull >= FULL_EVERY_MS
      const changes = await syncIndex(search, db, {
        changedSince: full ? undefined : lastSync - CHANGES_SLACK_MS,
        signal: stopping.signal,
        onProgress(done, total) {
          status = { phase: 'indexing', done, total }
          onProgress?.(done, total)
        },
      })
      if (changes.added + changes.updated + changes.removed > 0) await search.save()
      if (full && !stopping.signal.aborted) await forgetOldDeletions(db, clock.now())
      // A sync stopped midway counts for nothing: the next one starts from the same point.
      if (!stopping.signal.aborted) {
        if (full) lastFull = startedAt
        lastSync = startedAt
      }
      return changes
    } finally {
      status = null
    }
  }

  function run(onProgress?: (done: number, total: number) => void): Promise<SyncChanges> {
    if (next) return next
    if (!running) return (running = once(onProgress).finally(() => (running = null)))
    next = running
      .catch(() => {})
      .then(() => {
        next = null
        return run(onProgress)
      })
    return next
  }

  return {
    run,
    /** Whether the index's load has begun (a decision then updates it, queued behind the load). */
    get loaded() {
      return loaded !== null
    },
    /** Null once caught up (or never started). */
    status: (): CatchUpStatus | null => status,
    /** Ends a sync in progress at its next batch (what it added is kept) and waits for it. */
    async stop(): Promise<void> {
      stopping.abort()
      await Promise.allSettled([running, next])
    },
  }
}
