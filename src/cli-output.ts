import cliProgress from 'cli-progress'
import type { CrawlProgress } from './jobs/crawl.ts'

/** Crawl progress: a bar on a terminal, plain lines otherwise. Always on stderr, so stdout stays for --json. */
export function crawlProgressReporter(stream: NodeJS.WriteStream = process.stderr) {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'crawl [{bar}] {value}/{total} feeds | {articles} new articles | {errors} errors | {current}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    return {
      update(p: CrawlProgress) {
        const payload = { articles: p.articlesNew, errors: p.errors.length, current: shorten(p.current ?? '') }
        if (!started) {
          bar.start(p.feedsTotal, p.feedsDone, payload)
          started = true
        }
        bar.setTotal(p.feedsTotal)
        bar.update(p.feedsDone, payload)
      },
      stop: () => started && bar.stop(),
    }
  }
  let lastDone = -1
  return {
    update(p: CrawlProgress) {
      if (p.feedsDone === lastDone) return
      lastDone = p.feedsDone
      const last = p.errors.at(-1)
      stream.write(
        `crawl ${p.feedsDone}/${p.feedsTotal} feeds, ${p.articlesNew} new articles, ${p.errors.length} errors` +
          (last && p.feedsDone > 0 ? ` (last error: ${last.feedUrl}: ${last.error})` : '') +
          '\n',
      )
    },
    stop() {},
  }
}

/** A plain progress bar for other long work (reindex, rescore), on stderr. */
export function progressReporter(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr) {
  const bar = stream.isTTY
    ? new cliProgress.SingleBar({ stream, format: `${label} [{bar}] {value}/{total} ${unit}`, hideCursor: true }, cliProgress.Presets.shades_classic)
    : null
  let started = false
  let lastLine = 0
  return {
    update(done: number, total: number) {
      if (bar) {
        if (!started) bar.start(total, 0)
        started = true
        bar.setTotal(total)
        bar.update(done)
      } else if (done === total || Date.now() - lastLine > 2000) {
        lastLine = Date.now()
        stream.write(`${label} ${done}/${total} ${unit}\n`)
      }
    },
    stop: () => started && bar?.stop(),
  }
}

function shorten(s: string, max = 50) {
  return s.length > max ? '…' + s.slice(-max + 1) : s
}

/** A fixed-width text table for human output. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cells = rows.map((r) => columns.map((c) => (r[c] == null ? '' : String(r[c]))))
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)))
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(columns), ...cells.map(line)].join('\n')
}
