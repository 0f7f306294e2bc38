import { and, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm'
import { articleScores, articles, decisions, feeds } from '../../db/schema.ts'
import { addDays, dayStart, localDay } from '../lib/calendar-days.ts'
import type { Db } from './db.ts'
import { ADDED_BY_HAND } from './added-articles.ts'

const DAY = 86_400_000

/** The `count` calendar days of a time zone ending with today's, oldest first, and the instant each begins. */
function dayAxis(now: Date, count: number, timezone: string) {
  const today = localDay(now, timezone)
  const days = Array.from({ length: count }, (_, i) => addDays(today, i - count + 1))
  // One bound more than days: the end of today.
  const bounds = [...days, addDays(today, 1)].map((d) => dayStart(d, timezone).getTime())
  return { days, bounds }
}

// The axis index of a timestamp column within the bounds (a day can be 23 or 25 hours long, so no
// division by a day's length): the caller keeps rows within [bounds[0], bounds.at(-1)).
function dayIndexOf(column: unknown, bounds: number[]) {
  const branches = bounds.slice(1, -1).map((b, i) => sql`when ${column} < ${b} then ${i}`)
  return sql<number>`case ${sql.join(branches, sql` `)} else ${bounds.length - 2} end`
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

/** A sector's articles published on each day of the axis. */
async function articlesPerDay(db: Db, sectorSlug: string, bounds: number[]): Promise<number[]> {
  const day = dayIndexOf(articles.publishedAt, bounds)
  const rows = await db
    .select({ day, n: sql<number>`count(*)` })
    .from(articles)
    .where(
      and(
        eq(articles.sectorSlug, sectorSlug),
        gte(articles.publishedAt, new Date(bounds[0]!)),
        lt(articles.publishedAt, new Date(bounds.at(-1)!)),
      ),
    )
    .groupBy(day)
  const perDay = bounds.slice(1).map(() => 0)
  for (const r of rows) perDay[Number(r.day)] = Number(r.n)
  return perDay
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

/** A sector's approve, reject and reshare decisions taken on each day of the axis. */
async function decisionsPerDay(db: Db, sectorSlug: string, bounds: number[]) {
  const day = dayIndexOf(decisions.createdAt, bounds)
  const rows = await db
    .select({ day, action: decisions.action, n: sql<number>`count(*)` })
    .from(decisions)
    .where(
      and(
        eq(decisions.sectorSlug, sectorSlug),
        gte(decisions.createdAt, new Date(bounds[0]!)),
        lt(decisions.createdAt, new Date(bounds.at(-1)!)),
        inArray(decisions.action, ['approve', 'reject', 'reshare']),
      ),
    )
    .groupBy(day, decisions.action)
  const perDay = () => bounds.slice(1).map(() => 0)
  const counts: Record<DecisionKind, number[]> = {
    approve: perDay(),
    reject: perDay(),
    reshare: perDay(),
  }
  for (const r of rows) counts[r.action as DecisionKind][Number(r.day)] = Number(r.n)
  return counts
}

export interface FeedHealth {
  feeds: number
  enabled: number
  failing: number
  disabled: number
}

/**
 * How many feeds there are, and how many fail (enabled, with errors) or are disabled. The sources of
 * articles added by hand are no feeds: not counted.
 */
export async function feedHealth(db: Db, sectorSlug?: string): Promise<FeedHealth> {
  const [row] = await db
    .select({
      feeds: sql<number>`count(*)`,
      enabled: sql<number>`coalesce(sum(${feeds.enabled} = 1), 0)`,
      failing: sql<number>`coalesce(sum(${feeds.enabled} = 1 and ${feeds.errorCount} > 0), 0)`,
    })
    .from(feeds)
    .where(
      and(
        sectorSlug ? eq(feeds.sectorSlug, sectorSlug) : undefined,
        sql`coalesce(${feeds.disabledReason}, '') <> ${ADDED_BY_HAND}`,
      ),
    )
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
  /** The sector's calendar days (its time zone), oldest first, ending today. */
  days: string[]
  articlesPerDay: number[]
  /** Counts per tenth of the score range, [0, 0.1) first. */
  scoreBins: number[]
  decisions: Record<DecisionKind, number[]>
  health: FeedHealth
  week: { articles: number; decisions: number }
}

/** Everything a sector's dashboard shows, over its last `days` calendar days (zero-filled). */
export async function sectorDashboard(
  db: Db,
  sector: { slug: string; timezone: string },
  now: Date,
  days = 30,
): Promise<SectorDashboard> {
  const axis = dayAxis(now, days, sector.timezone)
  return {
    days: axis.days,
    articlesPerDay: await articlesPerDay(db, sector.slug, axis.bounds),
    scoreBins: await scoreHistogram(db, sector.slug, 10),
    decisions: await decisionsPerDay(db, sector.slug, axis.bounds),
    health: await feedHealth(db, sector.slug),
    week: await activitySince(db, new Date(now.getTime() - 7 * DAY), sector.slug),
  }
}
