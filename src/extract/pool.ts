import { fileURLToPath } from 'node:url'
import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import { errorMessage } from '../lib/errors.ts'
import { silentLog, type Log } from '../lib/log.ts'
import { ExtractError, type ExtractErrorCode } from './errors.ts'
import type { Listing } from './listing.ts'
import type { Extracted, ExtractInput, FeedFallback } from './types.ts'
import type { WorkerResult, WorkerTask } from './worker.ts'

/** Extraction off the main thread, each task with a time limit and each worker with a heap limit. */
export interface Extractor {
  extract(input: ExtractInput): Promise<Extracted>
  fromFeed(input: { url: string; feed: FeedFallback }): Promise<Extracted>
  /** The articles a page of a site without a feed lists (findListedArticles), in a worker. */
  listing(input: { html: string; url: string }): Promise<Listing>
  /** Stops the workers; tasks still running are rejected. */
  close(): Promise<void>
  readonly workers: number
  /** Worker threads alive now (0 after close). */
  readonly threads: number
}

export interface ExtractorOptions {
  workers: number
  /** Time limit of one task, counted from when a worker starts it (not while it waits in the queue). */
  timeoutMs: number
  /** Heap limit of each worker; a page that needs more fails alone and its worker is replaced. */
  maxHeapMb?: number
  log?: Log
  /** Hears, for each finished task, how long it waited for a worker and how long the worker took. */
  onTaskTimed?: (timing: { waitMs: number; runMs: number }) => void
}

const workerFile = fileURLToPath(new URL('./worker.mjs', import.meta.url))

/** A piscina pool of always-alive workers (jsdom takes seconds to load in a new thread). */
export function createExtractor(opts: ExtractorOptions): Extractor {
  const workers = Math.max(1, Math.floor(opts.workers))
  const log = opts.log ?? silentLog
  const pool = new Piscina({
    filename: workerFile,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 2 ** 31 - 1,
    concurrentTasksPerWorker: 1,
    // Idle workers wait on messages, not Atomics.wait, so their event loop can free closed windows.
    atomics: 'disabled',
    // The worker registers tsx itself; inherited loader flags would register it twice.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 512 },
  })
  pool.on('error', (err: unknown) => log.warn('extract worker error', { error: errorMessage(err) }))
  let closed = false

  async function run<T extends Extracted | Listing>(task: WorkerTask, url: string): Promise<T> {
    if (closed) throw new ExtractError('extract_failed', { url, reason: 'extractor closed' })
    const channel = new MessageChannel()
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const queuedAt = performance.now()
    let startedAt: number | undefined
    channel.port1.once('message', () => {
      startedAt = performance.now()
      timer = setTimeout(() => controller.abort(), opts.timeoutMs)
    })
    try {
      const result: WorkerResult = await pool.run(
        { ...task, started: channel.port2 },
        { transferList: [channel.port2], signal: controller.signal },
      )
      if (result.ok) return result.value as T
      throw new ExtractError(
        result.code as ExtractErrorCode,
        { ...result.details, url },
        result.message,
      )
    } catch (err) {
      if (err instanceof ExtractError) throw err
      if (controller.signal.aborted) {
        throw new ExtractError('extract_timeout', { url, timeoutMs: opts.timeoutMs })
      }
      const oom = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
      const reason = oom
        ? `worker ran out of memory (${opts.maxHeapMb ?? 512} MB)`
        : errorMessage(err)
      throw new ExtractError('extract_failed', { url, reason })
    } finally {
      if (startedAt !== undefined) {
        opts.onTaskTimed?.({ waitMs: startedAt - queuedAt, runMs: performance.now() - startedAt })
      }
      clearTimeout(timer)
      channel.port1.close()
    }
  }

  return {
    workers,
    get threads() {
      return pool.threads.length
    },
    extract: (input) => run({ kind: 'page', input }, input.url),
    fromFeed: (input) => run({ kind: 'feed', input }, input.url),
    listing: (input) => run({ kind: 'listing', input }, input.url),
    async close() {
      if (closed) return
      closed = true
      await pool.destroy()
    },
  }
}
