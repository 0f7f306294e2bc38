import fs from 'node:fs'
import createDOMPurify from 'dompurify'
import { JSDOM } from 'jsdom'
const html = fs.readFileSync('test/fixtures/pages/wordpress-fr.html', 'utf8')
const gc = (globalThis as any).gc as () => void
const mode = process.argv[2]!
const { window } = new JSDOM('<!doctype html><html><body></body></html>')
const purify = createDOMPurify(window as any)
for (let round = 0; round < 4; round++) {
  for (let i = 0; i < 300; i++) {
    if (mode === 'string') purify.sanitize(html)
    else if (mode === 'fragment') { const f = purify.sanitize(html, { RETURN_DOM_FRAGMENT: true }); const d = window.document.createElement('div'); d.append(f); d.innerHTML }
    else if (mode === 'parser') { new window.DOMParser().parseFromString(html, 'text/html') }
    else if (mode === 'iter') { const doc = new window.DOMParser().parseFromString(html, 'text/html'); const it = doc.createNodeIterator(doc.body); while (it.nextNode()); }
    await new Promise((r) => setImmediate(r))
  }
  gc(); await new Promise((r) => setImmediate(r)); gc()
  console.log(mode, round, (process.memoryUsage().heapUsed / 1048576).toFixed(1), 'MB')
}
