import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ScoringRow } from '../store/index.ts'
import type {
  AffinityInput,
  ChangedInput,
  FullInput,
  RankInput,
  ScoreRecord,
} from './scoring-sectors.ts'
import type {
  SaveStats,
  ScoringReply,
  ScoringRequest,
  ScoringTask,
  WorkerDatabase,
} from './scoring-worker.ts'

const workerFile = fileURLToPath(new URL('./scoring-worker.mjs', import.meta.url))

/**
 * Hears each batch of scores as the worker sends it; the next waits until this one is saved. When the
 * worker saves them itself, the batches are empty and only tell the progress.
 */
export type OnScores = (scores: ScoreRecord[], done: number, total: number) => Promise<void>

type Pending = {
  onScores?: OnScores
  /** Batches saved one after the other, in the order they came. */
  chain: Promise<void>
  failed?: unknown
  /** The sector a scoring pass saves scores for. */
  slug?: string
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

/** The worker's error as one here; a full disk keeps its code, which the storage watch reads. */
function workerError(reply: { message: string; storageFull?: boolean }): Error {
  const err = new Error(`scoring worker: ${reply.message}`)
  return reply.storageFull ? Object.assign(err, { code: 'SQLITE_FULL' }) : err
}

/**
 * The scoring worker thread, seen from the main thread: analyses, clustering and scores are computed
 * there, so the server's event loop only reads rows and saves scores. Started on first use; a worker
 * that dies is replaced at the next request (its analyses are lost with it: `analysed` says which the
 * live worker holds). It holds the process open only while a request is pending. Given the database,
 * the worker saves the scores on its own connection.
 */
export function createScoringThread(
  database?: WorkerDatabase,
  opts: { onSaved?: (slug: string, stats: SaveStats) => void } = {},
) {
  let worker: Worker | null = null
  // Closed: a request after close (a pass's clean-up as the server stops) fails instead of starting
  // a new worker.
  let closed = false
  let nextId = 1
  const pending = new Map<number, Pending>()
  /** Article id -> the version (updatedAt) the live worker has analysed. */
  const analysed = new Map<number, number>()

  function start(): Worker {
    const w = new Worker(workerFile, { execArgv: [], workerData: database ?? null })
    w.unref()
    w.on('message', (reply: ScoringReply) => {
      const p = pending.get(reply.id)
      if (!p) return
      if (reply.kind === 'batch') {
        const { scores, done, total } = reply
        p.chain = p.chain.then(async () => {
          if (p.failed === undefined) await p.onScores?.(scores, done, total)
        })
        p.chain = p.chain.catch((err: unknown) => void (p.failed = err))
        return
      }
      pending.delete(reply.id)
      if (!pending.size) w.unref()
      void p.chain.then(() => {
        if (p.failed !== undefined) p.reject(p.failed)
        else if (reply.kind === 'error') p.reject(workerError(reply))
        else {
          if (reply.saved && p.slug) opts.onSaved?.(p.slug, reply.saved)
          p.resolve(reply.value)
        }
      })
    })
    w.on('error', (err) => drop(w, err))
    w.on('exit', (code) => drop(w, new Error(`scoring worker exited (code ${code})`)))
    return w
  }

  function request<T>(task: ScoringTask, onScores?: OnScores): Promise<T> {
    if (closed) return Promise.reject(new Error('scoring worker closed'))
    const w = (worker ??= start())
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, {
        onScores,
        slug: task.kind === 'full' || task.kind === 'changed' ? task.input.slug : undefined,
        chain: Promise.resolve(),
        resolve: resolve as (v: unknown) => void,
        reject,
      })
      w.ref()
      w.postMessage({ ...task, id } satisfies ScoringRequest)
    })
  }

  return {
    /** Starts the worker now: loading it takes a second or two, better not after a crawl. */
    warm: () => void (closed || (worker ??= start())),
    /** Whether the live worker holds this article's analysis at this version. */
    has: (row: Pick<ScoringRow, 'id' | 'updatedAt'>) =>
      analysed.get(row.id) === row.updatedAt.getTime(),
    analyse(rows: ScoringRow[]): Promise<void> {
      for (const r of rows) analysed.set(r.id, r.updatedAt.getTime())
      return request({ kind: 'analyse', rows })
    },
    full: (input: FullInput, onScores: OnScores) =>
      request<{ articles: number; clustered: number }>({ kind: 'full', input }, onScores),
    /** Scores and stories under each of the input's profiles, kept and saved nowhere: [id, score, story]. */
    rank: (input: RankInput, onProgress?: (done: number, total: number) => void) =>
      request<[number, number, number][][]>(
        { kind: 'rank', input },
        onProgress && (async (_scores, done, total) => onProgress(done, total)),
      ),
    changed: (input: ChangedInput, onScores: OnScores) =>
      request<{ articles: number; full: boolean } | null>({ kind: 'changed', input }, onScores),
    /** Mean queue score of a suggested feed's items, or null without a kept full pass (see the scorer). */
    affinity: (input: AffinityInput) => request<number | null>({ kind: 'affinity', input }),
    forget: (slug: string) => request<void>({ kind: 'forget', slug }),
    /** Sets PRAGMA max_page_count on the worker's connection (tests: a full disk); returns it. */
    maxPageCount: (pages: number) => request<number | null>({ kind: 'maxPageCount', pages }),
    /** Whether close() was called: the worker is gone for good. */
    closed: () => closed,
    /** Stops the worker for good: pending requests are rejected, and any made after. */
    async close() {
      closed = true
      const w = worker
      if (!w) return
      drop(w, new Error('scoring worker closed'))
      await w.terminate()
    },
  }

  /** Forgets a worker that died or was closed: its requests fail, its analyses are gone. */
  function drop(w: Worker, err: unknown) {
    if (worker !== w) return
    worker = null
    analysed.clear()
    for (const [id, p] of pending) {
      pending.delete(id)
      void p.chain.then(() => p.reject(err))
    }
  }
}

export type ScoringThread = ReturnType<typeof createScoringThread>
