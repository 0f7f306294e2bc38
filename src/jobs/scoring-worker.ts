import { parentPort, workerData } from 'node:worker_threads'
import { errorMessage } from '../lib/errors.ts'
import { openDb, saveScores, type Database, type ScoringRow } from '../store/index.ts'
import {
  createSectorScorer,
  SCORE_BATCH,
  type ChangedInput,
  type FullInput,
  type ScoreRecord,
} from './scoring-sectors.ts'

/** Where the worker writes the scores itself (its own connection); without it, they are sent back. */
export interface WorkerDatabase {
  url: string
  authToken?: string
}

/** What the main thread asks of the worker. */
export type ScoringTask =
  | { kind: 'analyse'; rows: ScoringRow[] }
  | { kind: 'full'; input: FullInput }
  | { kind: 'changed'; input: ChangedInput }
  | { kind: 'forget'; slug: string }

/** A task with the id its replies repeat. */
export type ScoringRequest = { id: number } & ScoringTask

/**
 * Replies: any number of batches (scores to save, or only progress when the worker saved them),
 * then one end (a result or an error, as data).
 */
export type ScoringReply = { id: number } & (
  | { kind: 'batch'; scores: ScoreRecord[]; done: number; total: number }
  | { kind: 'result'; value: unknown }
  | { kind: 'error'; message: string }
)

// The scoring worker thread: requests run one at a time, in the order they were sent, so that a
// request may rely on the analyses sent before it and a pass's writes never overtake the next's.
const scorer = createSectorScorer()
const port = parentPort!
const target = workerData as WorkerDatabase | null
// Saving thousands of scores after a decision is most of a rescore's time on the thread that
// writes them (SQLite and the JSON of each explanation): here, it is not the server's thread.
const database: Promise<Database> | null = target ? openDb(target) : null

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
    if (req.kind === 'analyse') scorer.analyse(req.rows)
    else if (req.kind === 'full') value = scorer.full(req.input, emit)
    else if (req.kind === 'changed') value = scorer.changed(req.input, emit)
    else scorer.forget(req.slug)
    if (req.kind === 'full' || req.kind === 'changed') {
      const { slug, now } = req.input
      try {
        await save(slug, now, kept, (done, total) =>
          reply({ id: req.id, kind: 'batch', scores: [], done, total }),
        )
      } catch (err) {
        // Scores the scorer believes saved are not: the sector's next pass starts over.
        scorer.forget(slug)
        throw err
      }
    }
    reply({ id: req.id, kind: 'result', value })
  } catch (err) {
    reply({ id: req.id, kind: 'error', message: errorMessage(err) })
  }
}

async function save(
  slug: string,
  now: number,
  batches: { scores: ScoreRecord[]; done: number; total: number }[],
  progress: (done: number, total: number) => void,
) {
  if (!database) return
  const { db } = await database
  const computedAt = new Date(now)
  for (const b of batches) {
    for (let i = 0; i < b.scores.length; i += SCORE_BATCH) {
      const chunk = b.scores.slice(i, i + SCORE_BATCH)
      await saveScores(
        db,
        chunk.map((s) => ({ ...s, sectorSlug: slug, computedAt })),
      )
    }
    progress(b.done, b.total)
  }
}
