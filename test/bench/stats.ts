export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
export const median = (xs: number[]) => percentile(xs, 50)
/** Peak resident set size of this process (worker threads included), in MB. */
export const peakRssMb = () => process.resourceUsage().maxRSS / 1024
