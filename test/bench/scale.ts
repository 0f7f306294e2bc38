// npm run bench:scale -- --articles N[,M...] [--json]: test/bench/web.ts without its mixed phase, once per
// size, one after the other on this machine, each in its own process (a size's memory does not weigh
// on the next); with several sizes, each page's figures side by side and the ratio of the largest size
// to the smallest (issue #12: a page's cost depends on the page, not on the size of the window).
// With --json: one size gives web.ts's object; several, { runs: [...], ratios: { page: { p50, p95 } } }.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

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
interface Run {
  articles: number
  window: number
  pages: Record<string, Figures>
  queueJsonRps: number
  [key: string]: unknown
}

async function runOnce(articles: number): Promise<Run> {
  const web = fileURLToPath(new URL('./web.ts', import.meta.url))
  const args = ['--import', 'tsx', web, '--articles', String(articles), '--skip-mixed', '--json']
  if (values.rebuild) args.push('--rebuild')
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`web.ts --articles ${articles} exited with ${code}`)
  return JSON.parse(out.trim().split('\n').at(-1)!) as Run
}

const runs: Run[] = []
for (const n of sizes) runs.push(await runOnce(n))

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
