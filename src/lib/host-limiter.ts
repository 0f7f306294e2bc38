/**
 * Politeness per host: at most `perHost` requests at a time to one host, and at least `delayMs`
 * between the starts of two requests to it. Other hosts are not held up.
 */
export interface HostLimiter {
  run<T>(url: string, task: () => Promise<T>): Promise<T>
}

export function createHostLimiter(opts: { perHost: number; delayMs: number }): HostLimiter {
  const hosts = new Map<string, { active: number; lastStart: number; waiting: (() => void)[] }>()

  function slot(host: string) {
    let h = hosts.get(host)
    if (!h) hosts.set(host, (h = { active: 0, lastStart: 0, waiting: [] }))
    return h
  }

  async function acquire(host: string): Promise<void> {
    const h = slot(host)
    while (h.active >= opts.perHost) await new Promise<void>((r) => h.waiting.push(r))
    h.active++
    const wait = h.lastStart + opts.delayMs - Date.now()
    h.lastStart = Math.max(Date.now(), h.lastStart + opts.delayMs)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }

  function release(host: string) {
    const h = slot(host)
    h.active--
    h.waiting.shift()?.()
    if (h.active === 0 && !h.waiting.length && Date.now() - h.lastStart > opts.delayMs) hosts.delete(host)
  }

  return {
    async run(url, task) {
      let host: string
      try {
        host = new URL(url).hostname
      } catch {
        host = url
      }
      await acquire(host)
      try {
        return await task()
      } finally {
        release(host)
      }
    },
  }
}
