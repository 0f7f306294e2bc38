import fs from 'node:fs'
import os from 'node:os'

/**
 * The niceness of background work: crawls, extraction and rescoring give the CPU to the curator's
 * requests when both want it. On a 2-core machine under load, the server's thread spent 40% of its
 * time waiting for a core taken by a crawl or a rescore; niceness 10 weighs about a tenth of 0 in
 * Linux's scheduler, and costs nothing when the machine is otherwise idle.
 */
export const BACKGROUND_NICE = 10

/**
 * Lowers the calling thread's priority (on Linux niceness is per thread, and the threads it starts
 * later inherit it). Never raises it: that needs privileges, and an operator's `nice` stays.
 */
export function lowerThisThread(nice = BACKGROUND_NICE): void {
  // Elsewhere a priority is the whole process's: lowering it from a worker would slow the server too.
  if (process.platform === 'linux') lower(0, nice)
}

/** Lowers every thread of this process, those already started included (a crawl run on its own). */
export function lowerThisProcess(nice = BACKGROUND_NICE): void {
  let threads: number[]
  try {
    threads = fs.readdirSync('/proc/self/task').map(Number)
  } catch {
    // Not Linux: the process's priority is one value there.
    threads = [0]
  }
  for (const tid of threads) lower(tid, nice)
}

function lower(tid: number, nice: number) {
  try {
    if (os.getPriority(tid) < nice) os.setPriority(tid, nice)
  } catch {
    // A thread that ended meanwhile, or a platform without priorities: the work runs as it is.
  }
}
