import { and, eq } from 'drizzle-orm'
import { feeds } from '../../db/schema.ts'
import type { Db } from './db.ts'
import type { FeedPatch } from './feeds.ts'

const FLUSH_AT = 64
const FLUSH_AFTER_MS = 200

/**
 * Collects feed states (304, failures) and lease releases, and writes them many feeds per short
 * transaction: at 50,000 feeds, one transaction per feed would keep the write lock busy for nothing.
 * A release is written with (after) the feed's state, so no other crawler takes the feed before its
 * new due time is saved; a crawler killed before a flush leaves leases that `recoverAbandoned` frees.
 */
export function createFeedStateWriter(db: Db, owner: string, onError: (err: unknown) => void) {
  let pending: { feedId: number; patch?: FeedPatch; release?: true }[] = []
  let timer: NodeJS.Timeout | null = null
  let flushing: Promise<void> = Promise.resolve()

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = null
    const batch = pending
    pending = []
    if (!batch.length) return flushing
    flushing = flushing.then(async () => {
      const statements = batch.map((w) =>
        w.release
          ? db
              .update(feeds)
              .set({ leaseOwner: null, leaseUntil: null })
              .where(and(eq(feeds.id, w.feedId), eq(feeds.leaseOwner, owner)))
          : db.update(feeds).set(w.patch!).where(eq(feeds.id, w.feedId)),
      )
      try {
        const [first, ...rest] = statements
        await db.batch([first!, ...rest])
      } catch (err) {
        onError(err)
      }
    })
    return flushing
  }
  const add = (w: (typeof pending)[number]) => {
    pending.push(w)
    if (pending.length >= FLUSH_AT) void flush()
    else timer ??= setTimeout(() => void flush(), FLUSH_AFTER_MS)
    // Resolves once queued: the feed's lease covers it until the release is written.
    return Promise.resolve()
  }
  return {
    saveState: (feedId: number, patch: FeedPatch) => add({ feedId, patch }),
    release: (feedId: number) => add({ feedId, release: true }),
    flush,
  }
}
