import fs from 'node:fs'
import { JSDOM } from 'jsdom'
const gc = (globalThis as any).gc as () => void
const lines = fs.readFileSync('test/fixtures/pages/wordpress-fr.html', 'utf8').split('\n')
const { window } = new JSDOM('<!doctype html><html><body></body></html>')
async function leak(html: string) {
  gc(); const before = process.memoryUsage().heapUsed
  for (let i = 0; i < 300; i++) { new window.DOMParser().parseFromString(html, 'text/html'); if (i % 50 === 0) await new Promise((r) => setImmediate(r)) }
  await new Promise((r) => setImmediate(r)); gc()
  return (process.memoryUsage().heapUsed - before) / 1024 / 300
}
for (let i = 0; i < lines.length; i++) {
  const k = await leak(lines[i]!)
  if (k > 1) console.log(i + 1, k.toFixed(1), 'KB', lines[i]!.slice(0, 100))
}
