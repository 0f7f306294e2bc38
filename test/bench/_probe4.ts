import { Worker } from 'node:worker_threads'
import { articleHtml } from './corpus.ts'
const htmls = Array.from({ length: 100 }, (_, i) => articleHtml('http://127.0.0.1:1', i % 40, i % 15).replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, ''))
const run = (n: number, flags: string[] = []) => Promise.all(Array.from({ length: n }, () => new Promise<number>((r) => { const w = new Worker(new URL('./_w.mjs', import.meta.url), { workerData: { htmls }, execArgv: flags }); w.on('message', (m) => { r(m); void w.terminate() }) })))
console.log('1', (await run(1)).map((x) => (x / 100).toFixed(1)))
console.log('2', (await run(2)).map((x) => (x / 100).toFixed(1)))
