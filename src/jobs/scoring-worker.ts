import { parentPort, workerData } from 'node:worker_threads'
import { lowerThisThread } from '../lib/cpu-priority.ts'
import { errorMessage } from '../lib/errors.ts'
import { isStorageFull } from '../lib/storage-errors.ts'
import {
  awaitTurn,
  noteBegin,
  openDb,
  saveScores,
  type Database,
  type ScoringRow,
  type WriteTurns,
} from '../store/index.ts'
import {
  createSectorScorer,
  SAVE_ROWS,
  type AffinityInput,
  type ChangedInput,
  type FullInput,
  type RankInput,
  type ScoreRecord,
} from './scoring-sectors.ts'

/** Where the worker writes the scores itself (its own connection); without it, they are sent back. */
export interface WorkerDatabase {
  url: string
  authToken?: string
  /** The server connection's turns (Database.turns): the worker lets its statements go first. */
  turns?: WriteTurns
}

/** How a pass's scores were written: the main thread logs it. */
export interface SaveStats {
  rows: number
  transactions: number
  largestTransaction: number
  /** The longest of them, in milliseconds: how long a statement of the server may have waited. */
  slowestMs: number
  /** All of them, in milliseconds. */
  totalMs: number
  /** Transactions put off because a statement of the server's thread was in flight. */
  waitedForServer: number
}

/** What the main thread asks of the worker. */
export type ScoringTask =
  | { kind: 'analyse'; rows: ScoringRow[] }
  | { kind: 'full'; input: FullInput }
  | { kind: 'rank'; input: RankInput }
  | { kind: 'changed'; input: ChangedInput }
  | { kind: 'affinity'; input: AffinityInput }
  | { kind: 'forget'; slug: string }
  // PRAGMA max_page_count holds per connection: tests set the worker's too, to stand in for a full disk.
  | { kind: 'maxPageCount'; pages: number }

/** A task with the id its replies repeat. */
export type ScoringRequest = { id: number } & ScoringTask

/**
 * Replies: any number of batches (scores to save, or only progress when the worker saved them),
 * then one end (a result or an error, as data).
 */
export type ScoringReply = { id: number } & (
  | { kind: 'batch'; scores: ScoreRecord[]; done: number; total: number }
  | { kind: 'result'; value: unknown; saved?: SaveStats }
  // storageFull: the disk is full (SQLITE_FULL or ENOSPC), which the server's storage watch must hear.
  | { kind: 'error'; message: string; storageFull?: boolean }
)

// The scoring worker thread: requests run one at a time, in the order they were sent, so that a
// request may rely on the analyses sent before it and a pass's writes never overtake the next's.
// Rescoring runs behind the requests: the server's thread goes first for the CPU.
lowerThisThread()
const scorer = createSectorScorer()
const port = parentPort!
const target = workerData as WorkerDatabase | null
// Saving thousands of scores after a decision is most of a rescore's time on the thread that
// writes them (SQLite and the JSON of each explanation): here, it is not the server's thread.
const database: Promise<Database> | null = target
  ? openDb({ url: target.url, authToken: target.authToken })
  : null
const turns = target?.turns

let tail = Promise.resolve()
port.on('message', (req: ScoringRequest) => {
  tail = tail.then(() => handle(req))
})

async function handle(req: ScoringRequest): Promise<void> {
  const reply = (r: ScoringReply) => port.postMessage(r)
  const kept: { scores: ScoreRecord[]; done: number; total: number }[] = []
  const emit = (scores: ScoreRecord[], done: number, total: number) =>
    database
      ? kept.push({ scores, done, total })
      : reply({ id: req.id, kind: 'batch', scores, done, total })
  try {
    let value: unknown = null
    let saved: SaveStats | undefined
    if (req.kind === 'analyse') scorer.analyse(req.rows)
    else if (req.kind === 'full') value = scorer.full(req.input, emit)
    else if (req.kind === 'rank')
      value = scorer.rank(req.input, (done, total) =>
        reply({ id: req.id, kind: 'batch', scores: [], done, total }),
      )
    else if (req.kind === 'affinity') value = scorer.affinity(req.input)
    else if (req.kind === 'changed') value = scorer.changed(req.input, emit)
    else if (req.kind === 'maxPageCount') value = await maxPageCount(req.pages)
    else scorer.forget(req.slug)
    if (req.kind === 'full' || req.kind === 'changed') {
      const { slug, now } = req.input
      try {
        saved = await save(slug, now, kept, (done, total) =>
          reply({ id: req.id, kind: 'batch', scores: [], done, total }),
        )
      } catch (err) {
        // Scores the scorer believes saved are not: the sector's next pass starts over.
        scorer.forget(slug)
        throw err
      }
    }
    reply({ id: req.id, kind: 'result', value, saved })
  } catch (err) {
    reply({
      id: req.id,
      kind: 'error',
      message: errorMessage(err),
      storageFull: isStorageFull(err),
    })
  }
}

async function maxPageCount(pages: number): Promise<unknown> {
  if (!database) return null
  const { client } = await database
  const { rows } = await client.execute(`PRAGMA max_page_count = ${Math.trunc(pages)}`)
  return Object.values(rows[0] ?? {})[0]
}

async function save(
  slug: string,
  now: number,
  batches: { scores: ScoreRecord[]; done: number; total: number }[],
  progress: (done: number, total: number) => void,
): Promise<SaveStats | undefined> {
  if (!database) return undefined
  const { db } = await database
  const computedAt = new Date(now)
  const stats: SaveStats = {
    rows: 0,
    transactions: 0,
    largestTransaction: 0,
    slowestMs: 0,
    totalMs: 0,
    waitedForServer: 0,
  }
  let overlapped = -1
  for (const b of batches) {
    for (let i = 0; i < b.scores.length; i += SAVE_ROWS) {
      const chunk = b.scores.slice(i, i + SAVE_ROWS)
      if (turns) {
        if ((await awaitTurn(turns)).waited) stats.waitedForServer++
        overlapped = noteBegin(turns, overlapped)
      }
      const started = performance.now()
      await saveScores(
        db,
        chunk.map((s) => ({ ...s, sectorSlug: slug, computedAt })),
      )
      const ms = performance.now() - started
      stats.slowestMs = Math.max(stats.slowestMs, Math.round(ms))
      stats.totalMs += Math.round(ms)
      stats.rows += chunk.length
      stats.transactions++
      stats.largestTransaction = Math.max(stats.largestTransaction, chunk.length)
    }
    progress(b.done, b.total)
  }
  return stats
}
