import fs from 'node:fs'; import { gunzipSync } from 'node:zlib'
import { extractPage } from '/work/main/src/extract/index.ts'
const dir = '/work/shared/corpora/article-extraction-dev'
const truth = JSON.parse(fs.readFileSync(dir + '/ground-truth.json', 'utf8'))
const norm = (s: string) => (s.match(/[\p{L}\p{M}\p{N}_]+/gu) ?? []).join(' ')
const ids = process.argv.slice(2)
for (const id of ids.length ? ids : Object.keys(truth)) {
  const html = gunzipSync(fs.readFileSync(`${dir}/html/${id}.html.gz`)).toString('utf8')
  const r = await extractPage({ html, url: truth[id].url })
  const t = norm(truth[id].articleBody)
  const paras = r.text.split(/\n+/).filter((p) => p.trim())
  const extra = paras.map((p, i) => [i, p] as const).filter(([, p]) => { const n = norm(p); return n && !t.includes(n) })
  if (!extra.length) continue
  console.log(`=== ${id.slice(0, 8)} (${paras.length} paras) ${truth[id].url}`)
  for (const [i, p] of extra) console.log(`  [${i}] ${p.slice(0, 140)}`)
}
