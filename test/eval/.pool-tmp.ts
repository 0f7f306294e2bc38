import { createExtractor } from '../../src/extract/index.ts'
const t0 = Date.now()
const ex = createExtractor({ workers: 2, timeoutMs: 5000 })
const page = (i: number) => `<html lang="en"><head><title>Post ${i}</title></head><body><article><h1>Post ${i}</h1>${'<p>Community managers schedule posts, answer comments and measure engagement every single day of the week.</p>'.repeat(20)}</article></body></html>`
const rs = await Promise.all([1, 2, 3, 4].map((i) => ex.extract({ html: page(i), url: `https://blog.example/p/${i}` })))
console.log(rs.map((r) => [r.title, r.wordCount, r.lang]), Date.now() - t0, 'ms', 'threads', ex.threads)
await ex.close()
console.log('closed threads', ex.threads)
