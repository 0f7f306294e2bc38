import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createExtractor } from '../../src/extract/index.ts'
import { BACKGROUND_NICE } from '../../src/lib/cpu-priority.ts'
import { createScoringThread } from '../../src/jobs/scoring-thread.ts'
import { blogsOnServer, vigie } from '../helpers/crawl-processes.ts'

/** Thread id -> niceness, for every thread of a process, from /proc (field 19 of each stat). */
function nicenessOfThreads(pid: number | 'self'): Map<number, number> {
  const out = new Map<number, number>()
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]))
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out
}

describe('background work gives the CPU to the curator first', () => {
  it('runs extraction and rescoring in threads that step back, not the thread serving requests', async () => {
    const before = nicenessOfThreads('self')
    const extractor = createExtractor({ workers: 1, timeoutMs: 20_000 })
    const scoring = createScoringThread()
    try {
      const page = `<html lang="fr"><body><article><h1>Modérer une communauté</h1>${'<p>Une charte claire et publique aide les modérateurs à répondre vite et de façon cohérente aux commentaires.</p>'.repeat(5)}</article></body></html>`
      const extracted = await extractor.extract({
        html: page,
        url: 'https://blog.example.fr/moderation',
      })
      expect(extracted.text).toContain('charte claire')
      await scoring.forget('community-management')
      const after = nicenessOfThreads('self')
      const started = [...after].filter(([tid]) => !before.has(tid))
      // The two workers, each with its own threads (V8's helpers stay as Node started them).
      expect(started.filter(([, nice]) => nice >= BACKGROUND_NICE).length).toBeGreaterThanOrEqual(2)
      expect(after.get(process.pid)).toBe(before.get(process.pid))
      expect(after.get(process.pid)).toBeLessThan(BACKGROUND_NICE)
    } finally {
      await scoring.close()
      await extractor.close()
    }
  })

  it('runs every thread of `vigie crawl` behind the server, extraction workers included', async () => {
    const { env } = await blogsOnServer({ feeds: 2, perFeed: 2, pageDelayMs: 0 })
    const run = vigie(['crawl', '--loop', '--every', '60'], env)
    try {
      // One line once its first crawl has stored (and extracted) the posts.
      await new Promise<void>((resolve, reject) => {
        run.child.stdout!.on('data', () => resolve())
        void run.done.then((r) => reject(new Error(`crawl exited ${r.code}: ${r.stderr}`)))
      })
      const threads = nicenessOfThreads(run.child.pid!)
      expect(threads.size).toBeGreaterThan(3)
      for (const [, nice] of threads) expect(nice).toBeGreaterThanOrEqual(BACKGROUND_NICE)
    } finally {
      run.child.kill('SIGTERM')
      expect((await run.done).code).toBe(0)
    }
  })
})
