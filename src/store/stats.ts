import { and, eq, gt, gte, inArray, sql } from 'drizzle-orm'
import { articleScores, articles, decisions, feeds } from '../../db/schema.ts'
import type { Db } from './db.ts'

const DAY = 86_400_000

// Days are UTC calendar days ('YYYY-MM-DD'), the same on every machine sharing the database.
const dayOf = (column: unknown) => sql<string>`strftime('%Y-%m-%d', ${column} / 1000, 'unixepoch')`

/** The UTC days from `since` to `until` inclusive, oldest first: the x axis of per-day charts. */
export function daysBetween(since: Date, until: Date): string[] {
  const days: string[] = []
  const start = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate())
  for (let t = start; t <= until.getTime(); t += DAY)
    days.push(new Date(t).toISOString().slice(0, 10))
  return days
}

/** Articles published per feed since `since` (feeds without any are absent). */
export async function articlesPerFeed(
  db: Db,
  since: Date,
  sectorSlug?: string,
): Promise<Map<number, number>> {
  const rows = await db
    .select({ feedId: articles.feedId, n: sql<number>`count(*)` })
    .from(articles)
    .where(
      and(
        gte(articles.publishedAt, since),
        sectorSlug ? eq(articles.sectorSlug, sectorSlug) : undefined,
      ),
    )
    .groupBy(articles.feedId)
  return new Map(rows.map((r) => [r.feedId, Number(r.n)]))
}

/** Articles published per UTC day and sector since `since`. */
export async function articlesPerDay(
  db: Db,
  since: Date,
  sectorSlug?: string,
): Promise<{ sectorSlug: string; day: string; n: number }[]> {
  const day = dayOf(articles.publishedAt)
  const rows = await db
    .select({ sectorSlug: articles.sectorSlug, day, n: sql<number>`count(*)` })
    .from(articles)
    .where(
      and(
        gte(articles.publishedAt, since),
        sectorSlug ? eq(articles.sectorSlug, sectorSlug) : undefined,
      ),
    )
    .groupBy(articles.sectorSlug, day)
    .orderBy(day)
  return rows.map((r) => ({ ...r, n: Number(r.n) }))
}

/** Counts of scores in `bins` equal bins over [0, 1] (a score of exactly 1 falls in the last bin). */
export async function scoreHistogram(db: Db, sectorSlug?: string, bins = 10): Promise<number[]> {
  const bin = sql<number>`min(${bins - 1}, cast(${articleScores.score} * ${bins} as integer))`
  const rows = await db
    .select({ bin, n: sql<number>`count(*)` })
    .from(articleScores)
    .where(sectorSlug ? eq(articleScores.sectorSlug, sectorSlug) : undefined)
    .groupBy(bin)
  const counts = Array.from({ length: bins }, () => 0)
  for (const r of rows) counts[Math.max(0, Number(r.bin))]! += Number(r.n)
  return counts
}

export type DecisionKind = 'approve' | 'reject' | 'reshare'

/** Approve, reject and reshare decisions per UTC day since `since`. */
export async function decisionsPerDay(
  db: Db,
  since: Date,
  sectorSlug?: string,
): Promise<{ day: string; action: DecisionKind; n: number }[]> {
  const day = dayOf(decisions.createdAt)
  const rows = await db
    .select({ day, action: decisions.action, n: sql<number>`count(*)` })
    .from(decisions)
    .where(
      and(
        gte(decisions.createdAt, since),
        inArray(decisions.action, ['approve', 'reject', 'reshare']),
        sectorSlug ? eq(decisions.sectorSlug, sectorSlug) : undefined,
      ),
    )
    .groupBy(day, decisions.action)
    .orderBy(day)
  return rows.map((r) => ({ day: r.day, action: r.action as DecisionKind, n: Number(r.n) }))
}

export interface FeedHealth {
  feeds: number
  enabled: number
  failing: number
  disabled: number
}

/** How many feeds there are, and how many fail (enabled, with errors) or are disabled. */
export async function feedHealth(db: Db, sectorSlug?: string): Promise<FeedHealth> {
  const [row] = await db
    .select({
      feeds: sql<number>`count(*)`,
      enabled: sql<number>`coalesce(sum(${feeds.enabled} = 1), 0)`,
      failing: sql<number>`coalesce(sum(${feeds.enabled} = 1 and ${feeds.errorCount} > 0), 0)`,
    })
    .from(feeds)
    .where(sectorSlug ? eq(feeds.sectorSlug, sectorSlug) : undefined)
  const total = Number(row?.feeds ?? 0)
  const enabled = Number(row?.enabled ?? 0)
  return { feeds: total, enabled, failing: Number(row?.failing ?? 0), disabled: total - enabled }
}

/** Articles published after `since`, and decisions taken after it. */
export async function activitySince(db: Db, since: Date, sectorSlug?: string) {
  const [a] = await db
    .select({ n: sql<number>`count(*)` })
    .from(articles)
    .where(
      and(
        gt(articles.publishedAt, since),
        sectorSlug ? eq(articles.sectorSlug, sectorSlug) : undefined,
      ),
    )
  const [d] = await db
    .select({ n: sql<number>`count(*)` })
    .from(decisions)
    .where(
      and(
        gt(decisions.createdAt, since),
        sectorSlug ? eq(decisions.sectorSlug, sectorSlug) : undefined,
      ),
    )
  return { articles: Number(a?.n ?? 0), decisions: Number(d?.n ?? 0) }
}

export interface SectorDashboard {
  /** UTC days, oldest first, ending today. */
  days: string[]
  articlesPerDay: number[]
  /** Counts per tenth of the score range, [0, 0.1) first. */
  scoreBins: number[]
  decisions: Record<DecisionKind, number[]>
  health: FeedHealth
  week: { articles: number; decisions: number }
}

/** Everything a sector's dashboard shows, over the last `days` UTC days (zero-filled). */
export async function sectorDashboard(
  db: Db,
  slug: string,
  now: Date,
  days = 30,
): Promise<SectorDashboard> {
  const axis = daysBetween(new Date(now.getTime() - (days - 1) * DAY), now)
  const start = new Date(`${axis[0]}T00:00:00Z`)
  const index = new Map(axis.map((d, i) => [d, i]))
  const perDay = axis.map(() => 0)
  for (const r of await articlesPerDay(db, start, slug)) {
    const i = index.get(r.day)
    if (i !== undefined) perDay[i]! += r.n
  }
  const decisions = {
    approve: axis.map(() => 0),
    reject: axis.map(() => 0),
    reshare: axis.map(() => 0),
  }
  for (const r of await decisionsPerDay(db, start, slug)) {
    const i = index.get(r.day)
    if (i !== undefined) decisions[r.action][i]! += r.n
  }
  return {
    days: axis,
    articlesPerDay: perDay,
    scoreBins: await scoreHistogram(db, slug, 10),
    decisions,
    health: await feedHealth(db, slug),
    week: await activitySince(db, new Date(now.getTime() - 7 * DAY), slug),
  }
}
