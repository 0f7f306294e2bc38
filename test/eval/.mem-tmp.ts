import fs from 'node:fs'
import { extractPage } from '../../src/extract/index.ts'
const html = fs.readFileSync('test/fixtures/pages/wordpress-fr.html', 'utf8')
const gc = (globalThis as any).gc as () => void
for (let round = 0; round < 6; round++) {
  for (let i = 0; i < 200; i++) await extractPage({ html, url: `https://carnet-du-cm.fr/2024/03/billet-${i}/` })
  gc(); await new Promise((r) => setImmediate(r)); gc()
  console.log(round, (process.memoryUsage().heapUsed / 1048576).toFixed(1), 'MB')
}
