// Scores Vigie's extraction against bare Readability on a folder of pages with human-checked text:
//   npm run eval:extract -- DIR [--passes N]   (DIR holds html/<id>.html.gz and ground-truth.json)
// With --passes N, Vigie's extraction then runs N more times over the pages and prints the heap
// after each pass (run with node --expose-gc for exact figures) to show that memory stays flat.
// Metric: token 4-shingle precision / recall per page, averaged; F1 of the averages.
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { gunzipSync } from 'node:zlib'
import { Readability } from '@mozilla/readability'
import { JSDOM, VirtualConsole } from 'jsdom'
import { extractPage } from '../../src/extract/index.ts'

interface Truth {
  articleBody: string
  url: string
}
interface Score {
  precision: number
  recall: number
}
interface Row {
  id: string
  vigie: Score
  bare: Score
  vigieMs: number
  bareMs: number
  error?: string
}

function shingles(text: string): Map<string, number> {
  const tokens = text.match(/[\p{L}\p{M}\p{N}_]+/gu) ?? []
  const counts = new Map<string, number>()
  for (let i = 0; i + 4 <= tokens.length; i++) {
    const key = tokens.slice(i, i + 4).join(' ')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

function score(predicted: string, truth: string): Score {
  const p = shingles(predicted)
  const t = shingles(truth)
  let shared = 0
  for (const [k, n] of p) shared += Math.min(n, t.get(k) ?? 0)
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)
  const np = total(p)
  const nt = total(t)
  return { precision: np ? shared / np : 0, recall: nt ? shared / nt : 0 }
}

function bareReadability(html: string, url: string): string {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() })
  try {
    return new Readability(dom.window.document).parse()?.textContent ?? ''
  } finally {
    dom.window.close()
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0
}
const f1 = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0)
const fmt = (x: number) => x.toFixed(3)

async function main() {
  const args = process.argv.slice(2)
  const passesAt = args.indexOf('--passes')
  const passes = passesAt >= 0 ? Number(args.splice(passesAt, 2)[1]) || 0 : 0
  const dir = args[0]
  if (!dir) {
    console.error('usage: npm run eval:extract -- DIR [--passes N]')
    process.exit(2)
  }
  const truth: Record<string, Truth> = JSON.parse(
    fs.readFileSync(path.join(dir, 'ground-truth.json'), 'utf8'),
  )
  const rows: Row[] = []
  for (const [id, t] of Object.entries(truth)) {
    const file = path.join(dir, 'html', `${id}.html.gz`)
    if (!fs.existsSync(file)) continue
    const html = gunzipSync(fs.readFileSync(file)).toString('utf8')
    let start = performance.now()
    let vigieText = ''
    let error: string | undefined
    try {
      vigieText = (await extractPage({ html, url: t.url })).text
    } catch (err) {
      error = String(err)
    }
    const vigieMs = performance.now() - start
    start = performance.now()
    let bareText = ''
    try {
      bareText = bareReadability(html, t.url)
    } catch {
      bareText = ''
    }
    const bareMs = performance.now() - start
    await new Promise((r) => setImmediate(r))
    rows.push({
      id,
      vigie: score(vigieText, t.articleBody),
      bare: score(bareText, t.articleBody),
      vigieMs,
      bareMs,
      error,
    })
  }
  const avg = (pick: (r: Row) => number) => rows.reduce((a, r) => a + pick(r), 0) / rows.length
  const report = (name: string, pick: (r: Row) => Score, ms: (r: Row) => number) => {
    const p = avg((r) => pick(r).precision)
    const r = avg((row) => pick(row).recall)
    console.log(
      `${name.padEnd(18)} precision ${fmt(p)}  recall ${fmt(r)}  F1 ${fmt(f1(p, r))}  median ${median(rows.map(ms)).toFixed(1)} ms/page`,
    )
  }
  console.log(`${rows.length} pages from ${dir}`)
  report(
    'vigie extractPage',
    (r) => r.vigie,
    (r) => r.vigieMs,
  )
  report(
    'bare Readability',
    (r) => r.bare,
    (r) => r.bareMs,
  )
  const pageF1 = (s: Score) => f1(s.precision, s.recall)
  console.log('\nworst pages for vigie (F1, precision, recall; bare F1):')
  for (const r of [...rows].sort((a, b) => pageF1(a.vigie) - pageF1(b.vigie)).slice(0, 10)) {
    const line = `  ${r.id}  ${fmt(pageF1(r.vigie))}  p ${fmt(r.vigie.precision)}  r ${fmt(r.vigie.recall)}  bare ${fmt(pageF1(r.bare))}`
    console.log(line + (r.error ? `  ERROR ${r.error}` : ''))
  }
  if (passes > 0) await soak(dir, truth, passes)
  const worse = rows.filter((r) => pageF1(r.vigie) < pageF1(r.bare) - 0.02)
  console.log(`\npages where vigie is worse than bare by > 0.02 F1: ${worse.length}`)
  for (const r of worse)
    console.log(`  ${r.id}  vigie ${fmt(pageF1(r.vigie))}  bare ${fmt(pageF1(r.bare))}`)
}

async function soak(dir: string, truth: Record<string, Truth>, passes: number) {
  const gc = (globalThis as { gc?: () => void }).gc
  const pages = Object.entries(truth).flatMap(([id, t]) => {
    const file = path.join(dir, 'html', `${id}.html.gz`)
    return fs.existsSync(file)
      ? [{ html: gunzipSync(fs.readFileSync(file)).toString('utf8'), url: t.url }]
      : []
  })
  const heapMb = async () => {
    gc?.()
    await new Promise((r) => setImmediate(r))
    gc?.()
    return (process.memoryUsage().heapUsed / 1048576).toFixed(1)
  }
  console.log(
    `\nsoak: ${passes} passes of ${pages.length} pages${gc ? '' : ' (no --expose-gc: heap figures are noisy)'}`,
  )
  console.log(`  before: heap ${await heapMb()} MB`)
  for (let pass = 1; pass <= passes; pass++) {
    for (const page of pages) await extractPage(page).catch(() => undefined)
    console.log(`  after pass ${pass} (${pass * pages.length} pages): heap ${await heapMb()} MB`)
  }
}

await main()
