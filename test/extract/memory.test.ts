import fs from 'node:fs'
import v8 from 'node:v8'
import vm from 'node:vm'
import { expect, it } from 'vitest'
import { extractPage } from '../../src/extract/index.ts'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void
const html = fs.readFileSync(
  new URL('../fixtures/pages/wordpress-fr.html', import.meta.url),
  'utf8',
)

async function heapAfter(pages: number): Promise<number> {
  for (let i = 0; i < pages; i++) {
    await extractPage({ html, url: `https://carnet-du-cm.fr/2024/03/billet-${i}/` })
  }
  gc()
  await new Promise((r) => setImmediate(r))
  gc()
  return process.memoryUsage().heapUsed
}

// Pages are parsed in a long-lived jsdom window that keeps each queried document alive until it is
// renewed (~1 MB per page otherwise), and jsdom frees a closed window only once the event loop turns.
it('keeps the heap flat over hundreds of pages', async () => {
  const warm = await heapAfter(30)
  const after = await heapAfter(300)
  const growthMb = (after - warm) / 1024 / 1024
  expect(growthMb).toBeLessThan(10)
}, 120_000)
