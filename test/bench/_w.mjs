import { parentPort, workerData } from 'node:worker_threads'
import { JSDOM } from 'jsdom'
import { Readability } from '@mozilla/readability'
const { htmls } = workerData
const t = performance.now()
for (const h of htmls) { const d = new JSDOM(h, { url: 'http://127.0.0.1:1/x/' }); new Readability(d.window.document).parse(); d.window.close(); await new Promise(r => setImmediate(r)) }
parentPort.postMessage(performance.now() - t)
