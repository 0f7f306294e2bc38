// The load of the web benchmark's mixed phase (#15), run in a process of its own so that the
// clients' CPU is not counted as the server's: readers and deciders on the server for a while.
// Argument: one JSON object (Load); prints one JSON line (LoadResult) and exits.

export interface Load {
  origin: string
  token: string
  readPaths: string[]
  /** Articles the deciders approve or reject, then put back (the queue never runs dry). */
  pool: number[]
  readers: number
  deciders: number
  seconds: number
}

export interface LoadResult {
  /** Milliseconds each read and each decision took, and when each decision was answered (ms since the start). */
  reads: number[]
  decisions: number[]
  decidedAt: number[]
  errors: string[]
}

const load = JSON.parse(process.argv[2]!) as Load
const auth = { authorization: `Bearer ${load.token}` }
const result: LoadResult = { reads: [], decisions: [], decidedAt: [], errors: [] }
const start = performance.now()
const until = start + load.seconds * 1000
let turn = 0
await Promise.all([
  ...Array.from({ length: load.readers }, async (_, k) => {
    for (let i = k; performance.now() < until; i++) {
      const t = performance.now()
      const path = load.readPaths[i % load.readPaths.length]!
      const res = await fetch(`${load.origin}${path}`, { headers: auth })
      await res.arrayBuffer()
      if (res.status !== 200) result.errors.push(`${path}: ${res.status}`)
      result.reads.push(performance.now() - t)
    }
  }),
  ...Array.from({ length: load.deciders }, async () => {
    while (performance.now() < until) {
      const n = turn++
      const id = load.pool[n % load.pool.length]!
      const action = Math.floor(n / load.pool.length) % 2 ? 'reset' : n % 3 ? 'reject' : 'approve'
      const t = performance.now()
      const res = await fetch(`${load.origin}/api/articles/${id}/decision`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ action }),
      })
      await res.arrayBuffer()
      if (res.status !== 200) result.errors.push(`decision ${id}: ${res.status}`)
      result.decisions.push(performance.now() - t)
      result.decidedAt.push(performance.now() - start)
    }
  }),
])
process.stdout.write(JSON.stringify(result) + '\n')
