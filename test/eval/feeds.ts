// Robustness evaluation of the feed parser over a folder of saved feeds:
//   npm run eval:feeds -- DIR [--timeout MS] [--verbose]
// Each file is parsed in a worker thread with a time limit, so a hang is counted, not suffered.
// Exits non-zero when any file crashed (an exception other than FeedParseError) or hung.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Worker, isMainThread, parentPort } from 'node:worker_threads'

type Outcome =
  | {
      status: 'parsed'
      format: string
      entries: number
      withLink: number
      withDate: number
      withTitle: number
    }
  | { status: 'failed' | 'crashed' | 'hung'; message: string }

interface Result {
  path: string
  ms: number
  outcome: Outcome
}

async function workerMain(): Promise<void> {
  const { parseFeedFile, FeedParseError } = await import('../../src/crawl/parse-feed.ts')
  parentPort!.on('message', async (path: string) => {
    let outcome: Outcome
    try {
      const feed = await parseFeedFile(path, { url: 'https://feeds.example.test/feed' })
      const count = (f: (e: (typeof feed.entries)[number]) => unknown) =>
        feed.entries.filter(f).length
      outcome = {
        status: 'parsed',
        format: feed.format,
        entries: feed.entries.length,
        withLink: count((e) => e.link),
        withDate: count((e) => e.publishedAt),
        withTitle: count((e) => e.title),
      }
    } catch (err) {
      const known = err instanceof FeedParseError && !err.details.bug
      outcome = {
        status: known ? 'failed' : 'crashed',
        message: err instanceof Error ? err.message : String(err),
      }
    }
    parentPort!.postMessage(outcome)
  })
  parentPort!.postMessage('ready')
}

const skipName = /^(readme|license|licence|copying|notice)|\.(md|tsv|txt)$|expected|\.serde\.json$/i

function listSamples(dir: string): string[] {
  const index = join(dir, 'index.tsv')
  if (existsSync(index)) {
    const [header, ...rows] = readFileSync(index, 'utf8').split('\n').filter(Boolean)
    const col = Math.max(0, header.split('\t').indexOf('path'))
    return rows.map((r) => join(dir, r.split('\t')[col])).filter((p) => existsSync(p))
  }
  const out: string[] = []
  const walk = (d: string) => {
    const names = readdirSync(d).sort()
    // feed.json beside feed.xml is a parser's expected output for it, not a sample
    const stems = new Set(
      names.filter((n) => !n.endsWith('.json')).map((n) => n.replace(/\.[^.]+$/, '')),
    )
    for (const name of names) {
      if (name.startsWith('.')) continue
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (skipName.test(name)) continue
      else if (name.endsWith('.json') && stems.has(name.slice(0, -5))) continue
      else out.push(p)
    }
  }
  walk(dir)
  return out
}

class ParseWorker {
  private worker = this.spawn()
  private ready = this.readyOf(this.worker)

  private spawn(): Worker {
    // Worker threads do not inherit tsx's loader: the worker registers it, then loads this file.
    const api = import.meta.resolve('tsx/esm/api')
    const self = import.meta.url
    const boot = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`
    return new Worker(boot, { eval: true })
  }

  // The clock starts once the worker has loaded the parser, so start-up is not counted as a hang.
  private readyOf(worker: Worker): Promise<void> {
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve())
      worker.once('error', reject)
    })
  }

  private replace(): void {
    void this.worker.terminate()
    this.worker = this.spawn()
    this.ready = this.readyOf(this.worker)
  }

  async run(path: string, timeoutMs: number): Promise<{ outcome: Outcome; ms: number }> {
    try {
      await this.ready
    } catch (err) {
      this.replace()
      const message = `worker did not start: ${(err as Error).message}`
      return { outcome: { status: 'crashed', message }, ms: 0 }
    }
    const started = performance.now()
    return new Promise((resolve) => {
      const worker = this.worker
      // Only our own listeners are removed: removeAllListeners() also drops the Worker's internal
      // ones and the next answer is silently lost.
      const finish = (outcome: Outcome, replace: boolean) => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        if (replace) this.replace()
        resolve({ outcome, ms: Math.round(performance.now() - started) })
      }
      const onMessage = (outcome: Outcome) => finish(outcome, false)
      const onError = (err: Error) =>
        finish({ status: 'crashed', message: `worker died: ${err.message}` }, true)
      const timer = setTimeout(
        () => finish({ status: 'hung', message: `no answer after ${timeoutMs} ms` }, true),
        timeoutMs,
      )
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.postMessage(path)
    })
  }
  close(): Promise<number> {
    return this.worker.terminate()
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const dir = args.find((a) => !a.startsWith('--'))
  const timeoutArg = args.indexOf('--timeout')
  const timeoutMs = timeoutArg >= 0 ? Number(args[timeoutArg + 1]) : 10_000
  const verbose = args.includes('--verbose')
  if (!dir || !existsSync(dir)) {
    console.error('usage: npm run eval:feeds -- DIR [--timeout MS] [--verbose]')
    process.exit(2)
  }
  const samples = listSamples(dir)
  const worker = new ParseWorker()
  const results: Result[] = []
  for (const path of samples) {
    const { outcome, ms } = await worker.run(path, timeoutMs)
    results.push({ path: relative(dir, path), ms, outcome })
    if (verbose) console.log(relative(dir, path), JSON.stringify(outcome))
  }
  await worker.close()
  report(results)
  const bad = results.filter((r) => r.outcome.status === 'crashed' || r.outcome.status === 'hung')
  process.exit(bad.length ? 1 : 0)
}

function report(results: Result[]): void {
  const by = (s: Outcome['status']) => results.filter((r) => r.outcome.status === s)
  const parsed = by('parsed').map((r) => r.outcome as Extract<Outcome, { status: 'parsed' }>)
  const sum = (f: (o: (typeof parsed)[number]) => number) => parsed.reduce((n, o) => n + f(o), 0)
  const formats = new Map<string, number>()
  for (const o of parsed) formats.set(o.format, (formats.get(o.format) ?? 0) + 1)
  const slowest = [...results].sort((a, b) => b.ms - a.ms)[0]
  console.log(`samples: ${results.length}`)
  console.log(
    `parsed: ${parsed.length} (with >=1 entry: ${parsed.filter((o) => o.entries > 0).length}, with 0 entries: ${parsed.filter((o) => o.entries === 0).length})`,
  )
  console.log(`  by format: ${[...formats].map(([f, n]) => `${f} ${n}`).join(', ')}`)
  console.log(
    `  entries: ${sum((o) => o.entries)} (with link ${sum((o) => o.withLink)}, with date ${sum((o) => o.withDate)}, with title ${sum((o) => o.withTitle)})`,
  )
  console.log(`failed with a clear error: ${by('failed').length}`)
  console.log(`crashed: ${by('crashed').length}`)
  console.log(`hung: ${by('hung').length}`)
  if (slowest) console.log(`slowest: ${slowest.path} (${slowest.ms} ms)`)
  for (const status of ['failed', 'crashed', 'hung'] as const) {
    const list = by(status)
    if (!list.length) continue
    console.log(`\n${status}:`)
    for (const r of list) console.log(`  ${r.path}: ${(r.outcome as { message: string }).message}`)
  }
}

if (isMainThread) await main()
else await workerMain()
