import { createExtractor } from '../../src/extract/index.ts'
import { articleHtml } from './corpus.ts'
const N = 200
for (const workers of [1, 2]) {
  const ex = createExtractor({ workers, timeoutMs: 60000 })
  await Promise.all(Array.from({ length: workers }, () => ex.extract({ html: articleHtml('http://127.0.0.1:1', 0, 0), url: 'http://127.0.0.1:1/x/' })))
  const t = performance.now()
  await Promise.all(Array.from({ length: N }, (_, i) => ex.extract({ html: articleHtml('http://127.0.0.1:1', i % 40, i % 15), url: 'http://127.0.0.1:1/x/' })))
  const el = performance.now() - t
  console.log(workers, 'workers, all queued:', (el / N).toFixed(1), 'ms/page', (N / el * 1000).toFixed(1), 'pages/s', 'rss', (process.resourceUsage().maxRSS/1024).toFixed(0))
  await ex.close()
}
