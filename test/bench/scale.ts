// npm run bench:scale -- --articles N[,M...] [--json]: test/bench/web.ts's pages at each size. Each size's
// database and index are prepared by web.ts in its own process, one after the other (a size's memory does
// not weigh on the next); then every size is served at once, each by `vigie serve` in its own process,
// and the pages of all sizes are timed in the same passes, by each server's own time (Server-Timing):
// the machine's drift over a run (30-40% on a page's p95 here, from one run to the next) falls on every
// size alike. With several sizes, each page's figures side by side and the ratio of the largest size to
// the smallest (issue #12: a page's cost depends on the page, not on the size of the window).
// With --json: one size gives its run's object; several, { runs: [...], ratios: { page: { p50, p95 } } }.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  queueJsonRps,
  type ServeProcess,
  startServe,
  type Targets,
  timePages,
  topStoryIds,
  WEB_PAGE_LABELS,
  webPages,
} from './serve-process.ts'

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    json: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
  },
})
const sizes = values.articles.split(',').map(Number)
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  throw new Error(
    `--articles takes sizes separated by commas, e.g. 100000,1000000: ${values.articles}`,
  )
}
// The lines go to stderr with --json, so that stdout holds the one object.
const say = values.json ? console.error : console.log

interface Figures {
  p50: number
  p95: number
}
interface Prepared {
  dir: string
  file: string
  indexDir: string
  cookie: string
  sector: string
  articles: number
  window: number
  dbBytes: number
  bytesPerArticle: number
  setupMs: number
}
interface Run extends Omit<Prepared, 'dir' | 'file' | 'indexDir' | 'cookie' | 'sector'> {
  pages: Record<string, Figures>
  queueJsonRps: number
  rssMb: number
  peakMb: number
}

async function prepare(articles: number): Promise<Prepared> {
  const web = fileURLToPath(new URL('./web.ts', import.meta.url))
  const args = ['--import', 'tsx', web, '--articles', String(articles), '--prepare', '--json']
  if (values.rebuild) args.push('--rebuild')
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`web.ts --articles ${articles} exited with ${code}`)
  return JSON.parse(out.trim().split('\n').at(-1)!) as Prepared
}

const prepared: Prepared[] = []
for (const n of sizes) prepared.push(await prepare(n))
const servers: ServeProcess[] = []
const targets: Targets = {}
try {
  for (const p of prepared) {
    const server = await startServe({ ...p, headers: { cookie: p.cookie } })
    servers.push(server)
    await server.settled()
    const pages = webPages(p.sector, await topStoryIds(server, p.sector))
    for (const [page, paths] of Object.entries(pages))
      targets[`${p.articles} ${page}`] = { server, paths }
  }
  say(
    `timing ${Object.keys(targets).length} pages on ${servers.length} servers, in the same passes`,
  )
  const times = await timePages(targets)
  const runs: Run[] = []
  for (const [i, p] of prepared.entries()) {
    const { dir, file, indexDir, cookie, sector, ...figures } = p
    const pages = Object.fromEntries(
      Object.keys(WEB_PAGE_LABELS).map((page) => [page, times[`${p.articles} ${page}`]!]),
    )
    // One size at a time: the others are idle meanwhile.
    const rps = await queueJsonRps(servers[i]!, sector)
    runs.push({ ...figures, pages, queueJsonRps: rps, ...servers[i]!.memory() })
    say(
      `${p.articles} articles (${p.window} in the scoring window), server time (median / p95 ms; round trip on loopback in brackets):`,
    )
    for (const [page, t] of Object.entries(times).filter(([k]) => k.startsWith(`${p.articles} `))) {
      say(
        `  ${WEB_PAGE_LABELS[page.split(' ')[1]!]}: ${t.p50} / ${t.p95} (${t.roundTripP50} / ${t.roundTripP95})`,
      )
    }
    say(
      `  queue JSON over HTTP on loopback, 8 connections: ${rps} requests/s; server RSS ${runs.at(-1)!.rssMb} MB, peak ${runs.at(-1)!.peakMb} MB`,
    )
  }
  report(runs)
} finally {
  for (const server of servers) await server.stop()
  for (const p of prepared) fs.rmSync(p.dir, { recursive: true, force: true })
}

function report(runs: Run[]) {
  if (runs.length === 1) {
    if (values.json) console.log(JSON.stringify(runs[0]))
  } else {
    const small = runs.reduce((a, b) => (b.articles < a.articles ? b : a))
    const large = runs.reduce((a, b) => (b.articles > a.articles ? b : a))
    const ratios: Record<string, Figures> = {}
    const head = runs.map((r) => `${r.articles} (${r.window} in the window)`)
    say(
      `\n| page (median / p95 ms) | ${head.join(' | ')} | ratio ${large.articles} / ${small.articles} |`,
    )
    say(`|---|${runs.map(() => '---|').join('')}---|`)
    for (const page of Object.keys(small.pages)) {
      const ratio = (k: keyof Figures) =>
        Math.round((large.pages[page]![k] / small.pages[page]![k]) * 100) / 100
      ratios[page] = { p50: ratio('p50'), p95: ratio('p95') }
      const cells = runs.map((r) => `${r.pages[page]!.p50} / ${r.pages[page]!.p95}`)
      say(`| ${page} | ${cells.join(' | ')} | ${ratios[page].p50} / ${ratios[page].p95} |`)
    }
    say(
      `| queue JSON over HTTP, 8 connections | ${runs.map((r) => `${r.queueJsonRps} req/s`).join(' | ')} | |`,
    )
    if (values.json) console.log(JSON.stringify({ runs, ratios }))
  }
}
