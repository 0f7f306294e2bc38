import os from 'node:os'
import { randomBytes } from 'node:crypto'
import { processAlive } from '../lib/process-alive.ts'

/** A name for this crawler in leases and crawl runs: host, process and a random part, unique across machines. */
export function crawlerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
}

/**
 * Whether the crawler named `owner` is known to be gone: it ran on this host and its process no
 * longer exists. A crawler on another host, or one whose name does not parse, may still be working.
 */
export function ownerIsGone(
  owner: string,
  here: { hostname: string; pid: number; alive: (pid: number) => boolean } = {
    hostname: os.hostname(),
    pid: process.pid,
    alive: processAlive,
  },
): boolean {
  const m = /^(.+):(\d+):[0-9a-f]+$/.exec(owner)
  if (!m || m[1] !== here.hostname) return false
  const pid = Number(m[2])
  return pid !== here.pid && !here.alive(pid)
}
