import type { MessagePort } from 'node:worker_threads'
import { lowerThisThread } from '../lib/cpu-priority.ts'
import { AppError } from '../lib/errors.ts'
import { extractFromFeed, extractPage } from './extract-page.ts'
import { findListedArticles, type Listing } from './listing.ts'
import type { Extracted, ExtractInput, FeedFallback } from './types.ts'

/** One task for a pool worker; `started` hears when the task begins, so queueing is not timed. */
export type WorkerTask =
  | { kind: 'page'; input: ExtractInput; started?: MessagePort }
  | { kind: 'feed'; input: { url: string; feed: FeedFallback }; started?: MessagePort }
  | { kind: 'listing'; input: { html: string; url: string }; started?: MessagePort }

/** Errors cross the thread boundary as data: a structured clone would lose the class and code. */
export type WorkerResult =
  | { ok: true; value: Extracted | Listing }
  | { ok: false; code: string; details: Record<string, unknown>; message: string }

/** The piscina task handler: extracts in this worker thread and reports errors as values. */
export default async function runTask(task: WorkerTask): Promise<WorkerResult> {
  task.started?.postMessage('started')
  task.started?.close()
  try {
    const value =
      task.kind === 'page'
        ? await extractPage(task.input)
        : task.kind === 'feed'
          ? await extractFromFeed(task.input)
          : await findListedArticles(task.input.html, task.input.url)
    return { ok: true, value }
  } catch (err) {
    if (err instanceof AppError)
      return { ok: false, code: err.code, details: err.details, message: err.message }
    return {
      ok: false,
      code: 'extract_failed',
      details: { reason: String(err) },
      message: String(err),
    }
  }
}

// Extraction is background work: a server's requests go first for the CPU (the warm-up too).
lowerThisThread()

// Warm up before piscina marks this worker ready: the first jsdom page and DOMPurify window
// cost far more than the next ones, and should not eat into a real task's time limit.
const warmUpPage =
  '<!doctype html><html lang="en"><head><title>Warm-up</title></head><body><article>' +
  '<p>Warming up the extraction worker so that the first real page is not slower than the rest of them.</p>'.repeat(
    8,
  ) +
  '</article></body></html>'
await extractPage({ html: warmUpPage, url: 'https://warm-up.invalid/' }).catch(() => undefined)
