// `vigie serve` as it is deployed, in a process of its own, for the benchmarks that time pages over
// loopback: the benchmark's own process (the database it generated, its clients) is never counted as
// the server's, neither its CPU nor its collector's pauses.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { median, percentile } from './stats.ts'

export interface ServeProcess {
  port: number
  pid: number
  /** When it was spawned (performance.now()). */
  startedAt: number
  /** From spawn to "Vigie is up". */
  upMs: number
  /** GET on the server; throws unless it answers 200. */
  get(p: string): Promise<Response>
  /** Resident and peak resident memory of the server process, in MB (Linux). */
  memory(): { rssMb: number; peakMb: number }
  /**
   * Waits until the server's background work (index catch-up, scoring) has gone quiet; resolves to
   * when (performance.now()) the search index had caught up with the database.
   */
  settled(maxMs?: number): Promise<number>
  stop(): Promise<void>
}

/** Starts `vigie serve` on a database file with its index folder, the crawl loop off. */
export async function startServe(opts: {
  file: string
  indexDir: string
  dir: string
  headers: Record<string, string>
  /** The sector whose search says whether the index is still catching up. */
  sector: string
}): Promise<ServeProcess> {
  const env = {
    ...process.env,
    DATABASE_URL: `file:${opts.file}`,
    VIGIE_INDEX_DIR: opts.indexDir,
    VIGIE_SECRET_KEY_FILE: path.join(opts.dir, 'secret.key'),
    VIGIE_CRAWL_ON_START: '0',
    VIGIE_CRAWL_INTERVAL_S: '0',
    VIGIE_LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
  }
  const started = performance.now()
  const bin = path.resolve(import.meta.dirname, '../../src/bin.mjs')
  const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  // A bench that fails midway must not leave a server running.
  const killChild = () => child.kill('SIGKILL')
  process.once('exit', killChild)
  child.once('close', () => process.off('exit', killChild))
  let out = ''
  let err = ''
  child.stderr.on('data', (d) => (err += d))
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = /Vigie is up: http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('close', (code) =>
      reject(new Error(`vigie serve exited ${code}: ${err.slice(-2000)}`)),
    )
  })
  const upMs = performance.now() - started
  const pid = child.pid!
  const get = async (p: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${p}`, { headers: opts.headers })
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`)
    return res
  }
  return {
    port,
    pid,
    startedAt: started,
    upMs,
    get,
    memory: () => memoryOf(pid),
    async settled(maxMs = 30 * 60_000) {
      const until = performance.now() + maxMs
      for (;;) {
        const res = await get(`/api/search?sector=${opts.sector}&q=community&limit=1`)
        if (!((await res.json()) as { catchingUp: unknown }).catchingUp) break
        if (performance.now() > until) throw new Error('the search index never caught up')
        await new Promise((r) => setTimeout(r, 250))
      }
      const caughtUp = performance.now()
      // Then quiet: the process (its worker threads included) used under a tenth of a core for 3 s.
      for (let cpu = cpuMsOf(pid); ;) {
        await new Promise((r) => setTimeout(r, 3000))
        const now = cpuMsOf(pid)
        if (now - cpu < 300 || performance.now() > until) break
        cpu = now
      }
      return caughtUp
    },
    async stop() {
      const closed = new Promise((r) => child.once('close', r))
      child.kill('SIGTERM')
      await closed
    },
  }
}

/** Resident and peak resident memory of a process, in MB (Linux). */
export function memoryOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) }
}

/** CPU time of a process and its threads so far (user + system), in ms (Linux). */
function cpuMsOf(pid: number) {
  // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

/** The server's own time on a response, from its Server-Timing header (ms). */
export function serverMsOf(res: Response): number {
  const dur = /(?:^|,\s*)total;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1]
  if (dur === undefined) throw new Error('no Server-Timing total in the response')
  return Number(dur)
}

export interface PageTimes {
  /** The server's own time (Server-Timing), median and p95, ms. */
  p50: number
  p95: number
  /** The round trip on loopback as the benchmark's client saw it, median and p95, ms. */
  roundTripP50: number
  roundTripP95: number
}

/** Times `rounds` GETs over `paths` in turn, the first `warmup` not counted. */
export async function timePages(
  server: Pick<ServeProcess, 'get'>,
  paths: string[],
  rounds = 200,
  warmup = 10,
): Promise<PageTimes> {
  const own: number[] = []
  const roundTrip: number[] = []
  for (let i = 0; i < rounds; i++) {
    const t = performance.now()
    const res = await server.get(paths[i % paths.length]!)
    await res.arrayBuffer()
    if (i < warmup) continue
    roundTrip.push(performance.now() - t)
    own.push(serverMsOf(res))
  }
  const r = (x: number) => Math.round(x * 10) / 10
  return {
    p50: r(median(own)),
    p95: r(percentile(own, 95)),
    roundTripP50: r(median(roundTrip)),
    roundTripP95: r(percentile(roundTrip, 95)),
  }
}
