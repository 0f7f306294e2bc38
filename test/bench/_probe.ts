import { Readability } from '@mozilla/readability'
import { JSDOM } from 'jsdom'
import { extractPage } from '../../src/extract/index.ts'
import { articleHtml } from './corpus.ts'
import { median } from './stats.ts'
const N = 150
const a: number[] = [], b: number[] = []
for (let i = 0; i < N; i++) {
  const html = articleHtml('http://127.0.0.1:1', i % 40, i % 15)
  let t = performance.now()
  const dom = new JSDOM(html, { url: 'http://127.0.0.1:1/x/' }); new Readability(dom.window.document).parse(); dom.window.close()
  a.push(performance.now() - t)
  t = performance.now()
  await extractPage({ html, url: 'http://127.0.0.1:1/x/' })
  b.push(performance.now() - t)
  await new Promise((r) => setImmediate(r))
}
console.log('floor median', median(a.slice(20)).toFixed(1), 'vigie extractPage median', median(b.slice(20)).toFixed(1))
