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
function memoryOf(pid: number) {
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
function serverMsOf(res: Response): number {
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

export type Targets = Record<string, { server: Pick<ServeProcess, 'get'>; paths: string[] }>

/** Each page's paths on one server, as timePages takes them. */
export const pagesOn = (
  server: Pick<ServeProcess, 'get'>,
  pages: Record<string, string[]>,
): Targets =>
  Object.fromEntries(Object.entries(pages).map(([page, paths]) => [page, { server, paths }]))

/**
 * Times `rounds` GETs of each target (its paths in turn on its server; the first `warmup` not
 * counted), in `passes` passes over all the targets: a burst of background work, a collection, or
 * the machine's own drift then falls on every target alike, not on whichever was being timed.
 */
export async function timePages(
  targets: Targets,
  { rounds = 200, passes = 5, warmup = 10 } = {},
): Promise<Record<string, PageTimes>> {
  const own = new Map<string, number[]>()
  const roundTrip = new Map<string, number[]>()
  const perPass = Math.ceil(rounds / passes)
  for (let pass = 0; pass < passes; pass++) {
    for (const [key, { server, paths }] of Object.entries(targets)) {
      for (let i = pass * perPass; i < Math.min(rounds, (pass + 1) * perPass); i++) {
        const t = performance.now()
        const res = await server.get(paths[i % paths.length]!)
        await res.arrayBuffer()
        if (i < warmup) continue
        ;(roundTrip.get(key) ?? roundTrip.set(key, []).get(key)!).push(performance.now() - t)
        ;(own.get(key) ?? own.set(key, []).get(key)!).push(serverMsOf(res))
      }
    }
  }
  const r = (x: number) => Math.round(x * 10) / 10
  return Object.fromEntries(
    Object.keys(targets).map((key) => [
      key,
      {
        p50: r(median(own.get(key)!)),
        p95: r(percentile(own.get(key)!, 95)),
        roundTripP50: r(median(roundTrip.get(key)!)),
        roundTripP95: r(percentile(roundTrip.get(key)!, 95)),
      },
    ]),
  )
}

/** Words of the generated articles, searched by the web benchmark and bench:scale. */
export const SEARCH_QUERIES = [
  'community manager',
  'réseaux sociaux',
  'engagement linkedin',
  'modération',
  'influenceurs tiktok',
  'social media',
  'contenu marque',
  'audience instagram',
]

/** The pages that bench:scale and the web benchmark time, for a sector and the queue's top stories. */
export function webPages(sector: string, topIds: number[]): Record<string, string[]> {
  return {
    queue: [`/queue?sector=${sector}`],
    reader: topIds.map((id) => `/articles/${id}`),
    search: SEARCH_QUERIES.map((q) => `/search?sector=${sector}&q=${encodeURIComponent(q)}`),
    shortlist: [`/shortlist?sector=${sector}`],
    queueJson: [`/api/queue?sector=${sector}&limit=50`],
    // Over one article in 400, which the web benchmark puts in German before timing.
    queueRareLang: [`/api/queue?sector=${sector}&limit=50&lang=de`],
  }
}

export const WEB_PAGE_LABELS: Record<string, string> = {
  queue: 'queue page',
  reader: 'reader',
  search: 'search page',
  shortlist: 'shortlist page',
  queueJson: 'queue JSON',
  queueRareLang: 'queue JSON, one article in 400',
}

/** The queue's top story ids on a server. */
export async function topStoryIds(server: Pick<ServeProcess, 'get'>, sector: string, limit = 50) {
  const res = await server.get(`/api/queue?sector=${sector}&limit=${limit}`)
  return ((await res.json()) as { stories: { id: number }[] }).stories.map((s) => s.id)
}

/** Requests per second for the queue JSON over HTTP on loopback, 8 connections for 10 s. */
export async function queueJsonRps(server: Pick<ServeProcess, 'get'>, sector: string) {
  let done = 0
  const until = performance.now() + 10_000
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < until) {
        await (await server.get(`/api/queue?sector=${sector}&limit=50`)).arrayBuffer()
        done++
      }
    }),
  )
  return Math.round(done / 10)
}
