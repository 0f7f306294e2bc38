import fs from 'node:fs'
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
export const median = (xs: number[]) => percentile(xs, 50)
/**
 * Peak resident set size of this process (worker threads included), in MB: the kernel's VmHWM. Not
 * getrusage's maxRSS, which a spawned process starts with its parent's peak (kept across exec), so a
 * measuring child of a bench that built a database reported the builder's memory.
 */
export function peakRssMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))
    if (hwm) return Number(hwm[1]) / 1024
  } catch {
    // Not Linux: getrusage's figure.
  }
  return process.resourceUsage().maxRSS / 1024
}
