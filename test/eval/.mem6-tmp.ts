import fs from 'node:fs'
import { sanitizeHtml } from '../../src/extract/sanitize.ts'
import { openPage, closePage } from '../../src/extract/dom.ts'
import { readPageMeta } from '../../src/extract/page-meta.ts'
import { removeBoilerplate, trimArticleEdges } from '../../src/extract/boilerplate.ts'
import { promoteLazyImages, removeTrackingPixels } from '../../src/extract/images.ts'
import { htmlToText } from '../../src/extract/html-text.ts'
import { Readability } from '@mozilla/readability'
const gc = (globalThis as any).gc as () => void
const html = fs.readFileSync('test/fixtures/pages/wordpress-fr.html', 'utf8')
async function leak(name: string, f: () => Promise<void> | void) {
  for (let i = 0; i < 20; i++) await f()
  gc(); const before = process.memoryUsage().heapUsed
  for (let i = 0; i < 200; i++) { await f() }
  await new Promise((r) => setImmediate(r)); gc()
  console.log(name, ((process.memoryUsage().heapUsed - before) / 1024 / 200).toFixed(1), 'KB')
}
await leak('sanitize', () => { sanitizeHtml(html) })
const step = (upto: number) => async () => {
  const p = openPage(html, 'https://a.example/x')
  const doc = p.dom.window.document
  if (upto >= 1) readPageMeta(doc)
  if (upto >= 2) { promoteLazyImages(doc); removeTrackingPixels(doc) }
  if (upto >= 3) removeBoilerplate(doc)
  if (upto >= 4) { const a = new Readability<Element>(doc, { serializer: (el) => el as Element }).parse(); if (upto >= 5) { trimArticleEdges(a!.content!); htmlToText(a!.content!) } }
  await closePage(p)
}
for (const n of [0, 1, 2, 3, 4, 5]) await leak('step' + n, step(n))
