import fs from 'node:fs'
import { JSDOM } from 'jsdom'
import createDOMPurify from 'dompurify'
import { prepareHtml } from '../../src/extract/prepare-html.ts'
const gc = (globalThis as any).gc as () => void
const html = prepareHtml(fs.readFileSync('test/fixtures/pages/wordpress-fr.html', 'utf8'), { dropStyles: true, dropIds: true }).html
const { window } = new JSDOM('<!doctype html><html><body></body></html>')
const purify = createDOMPurify(window as any)
const forbidTags = ['script', 'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select', 'textarea', 'option', 'svg', 'math', 'template', 'noscript', 'canvas', 'audio', 'video', 'source', 'track', 'dialog']
const cfg: any = { USE_PROFILES: { html: true }, FORBID_TAGS: forbidTags, FORBID_ATTR: ['style', 'class', 'id', 'srcset', 'sizes', 'loading', 'decoding', 'tabindex'], ALLOW_DATA_ATTR: false, ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i }
async function leak(name: string, f: () => void) {
  for (let i = 0; i < 20; i++) f()
  gc(); const before = process.memoryUsage().heapUsed
  for (let i = 0; i < 200; i++) { f(); if (i % 50 === 0) await new Promise((r) => setImmediate(r)) }
  await new Promise((r) => setImmediate(r)); gc()
  console.log(name, ((process.memoryUsage().heapUsed - before) / 1024 / 200).toFixed(1), 'KB')
}
await leak('cfg-string', () => purify.sanitize(html, cfg))
await leak('cfg-frag', () => purify.sanitize(html, { ...cfg, RETURN_DOM_FRAGMENT: true }))
await leak('cfg-frag-container', () => { const f = purify.sanitize(html, { ...cfg, RETURN_DOM_FRAGMENT: true }); const c = window.document.createElement('div'); c.append(f); c.innerHTML })
await leak('cfg-frag-qsa', () => { const f = purify.sanitize(html, { ...cfg, RETURN_DOM_FRAGMENT: true }); for (const a of f.querySelectorAll('a[href]')) a.setAttribute('target', '_blank') })
await leak('noforbid', () => purify.sanitize(html, { USE_PROFILES: { html: true } }))
await leak('forbid-only', () => purify.sanitize(html, { FORBID_TAGS: forbidTags }))
const { sanitizeHtml } = await import('../../src/extract/sanitize.ts')
await leak('sanitizeHtml', () => sanitizeHtml(html))
const raw = fs.readFileSync('test/fixtures/pages/wordpress-fr.html', 'utf8')
await leak('sanitizeHtml-raw', () => sanitizeHtml(raw))
await leak('cfg-frag-raw-prepared', () => purify.sanitize(prepareHtml(raw, { dropStyles: true, dropIds: true }).html, { ...cfg, RETURN_DOM_FRAGMENT: true }))
await leak('img-remove', () => { const f = purify.sanitize(html, { ...cfg, RETURN_DOM_FRAGMENT: true }); for (const img of f.querySelectorAll('img')) img.remove() })
await leak('container-remove', () => { const f = purify.sanitize(html, { ...cfg, RETURN_DOM_FRAGMENT: true }); const c = window.document.createElement('div'); c.append(f); c.innerHTML; c.remove() })
await leak('a-removeattr', () => { const f = purify.sanitize(html, { ...cfg, RETURN_DOM_FRAGMENT: true }); for (const a of f.querySelectorAll('a[href]')) { a.removeAttribute('href') } })
await leak('a-rel', () => { const f = purify.sanitize(html, { ...cfg, RETURN_DOM_FRAGMENT: true }); for (const a of f.querySelectorAll('a[href]')) { a.setAttribute('rel', 'noopener noreferrer nofollow') } })
