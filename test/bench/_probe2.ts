import { createExtractor, extractPage } from '../../src/extract/index.ts'
import { articleHtml } from './corpus.ts'
import { median } from './stats.ts'
const N = 120
const ex = createExtractor({ workers: 1, timeoutMs: 30000 })
await ex.extract({ html: articleHtml('http://127.0.0.1:1', 0, 0), url: 'http://127.0.0.1:1/x/' })
const a: number[] = []
for (let i = 0; i < N; i++) {
  const html = articleHtml('http://127.0.0.1:1', i % 40, i % 15)
  const t = performance.now()
  await ex.extract({ html, url: 'http://127.0.0.1:1/x/' })
  a.push(performance.now() - t)
}
console.log('1 worker sequential median', median(a.slice(10)).toFixed(1))
await ex.close()
