import fs from 'node:fs'
import { JSDOM } from 'jsdom'
import createDOMPurify from 'dompurify'
import { prepareHtml } from '../../src/extract/prepare-html.ts'
const gc = (globalThis as any).gc as () => void
const html = prepareHtml(fs.readFileSync('test/fixtures/pages/wordpress-fr.html', 'utf8'), { dropStyles: true, dropIds: true }).html
const { window } = new JSDOM('<!doctype html><html><body></body></html>')
const purify = createDOMPurify(window as any)
async function leak(name: string, f: () => void) {
  gc(); const before = process.memoryUsage().heapUsed
  for (let i = 0; i < 200; i++) { f(); if (i % 50 === 0) await new Promise((r) => setImmediate(r)) }
  await new Promise((r) => setImmediate(r)); gc()
  console.log(name, ((process.memoryUsage().heapUsed - before) / 1024 / 200).toFixed(1), 'KB')
}
await leak('parser', () => new window.DOMParser().parseFromString(html, 'text/html'))
await leak('purify-string', () => purify.sanitize(html))
await leak('purify-cfg', () => purify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['form', 'input'], RETURN_DOM_FRAGMENT: true }))
const lines = html.split('\n')
for (let i = 0; i < lines.length; i++) {
  gc(); const before = process.memoryUsage().heapUsed
  for (let j = 0; j < 200; j++) new window.DOMParser().parseFromString(lines[i]!, 'text/html')
  await new Promise((r) => setImmediate(r)); gc()
  const k = (process.memoryUsage().heapUsed - before) / 1024 / 200
  if (k > 1) console.log(i + 1, k.toFixed(1), lines[i]!.slice(0, 120))
}
