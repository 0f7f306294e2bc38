/** Exponential decay: 1 when just published, 0.5 at the half-life; a future date counts as now. */
export function freshness(
  publishedAt: Date,
  now: Date,
  halfLifeHours: number,
): { score: number; ageHours: number } {
  const ageHours = Math.max(0, (now.getTime() - publishedAt.getTime()) / 3_600_000)
  return { score: Math.pow(0.5, ageHours / Math.max(1e-6, halfLifeHours)), ageHours }
}
