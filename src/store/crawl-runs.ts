import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { crawlRuns } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type CrawlRun = typeof crawlRuns.$inferSelect
export type CrawlCounts = Pick<
  CrawlRun,
  | 'feedsTotal'
  | 'feedsDone'
  | 'feedsOk'
  | 'feedsNotModified'
  | 'feedsFailed'
  | 'feedsLeased'
  | 'articlesNew'
  | 'articlesUpdated'
  | 'errors'
  | 'pagesQueued'
  | 'pagesExtracted'
  | 'pagesFailed'
>

export async function startCrawlRun(
  db: Db,
  owner: string,
  sectorSlug: string | null,
  now: Date,
  counts: Partial<CrawlCounts> = {},
): Promise<number> {
  const [row] = await db
    .insert(crawlRuns)
    .values({ ...counts, owner, sectorSlug, startedAt: now })
    .returning({ id: crawlRuns.id })
  return row!.id
}

export async function updateCrawlRun(db: Db, id: number, counts: Partial<CrawlCounts>, finishedAt?: Date) {
  await db
    .update(crawlRuns)
    .set({ ...counts, ...(finishedAt ? { finishedAt } : {}) })
    .where(eq(crawlRuns.id, id))
}

/** The latest runs, newest first; `offset` skips that many (the crawl page's later pages). */
export async function latestCrawlRuns(db: Db, limit = 10, offset = 0): Promise<CrawlRun[]> {
  return db.select().from(crawlRuns).orderBy(desc(crawlRuns.id)).limit(limit).offset(offset)
}

/** How many runs are recorded (the crawl page says which of them it lists). */
export async function countCrawlRuns(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(crawlRuns)
  return Number(row?.n ?? 0)
}

/** Runs neither finished nor known to be interrupted: running, or their process died. */
export async function unfinishedCrawlRuns(db: Db): Promise<{ id: number; owner: string }[]> {
  return db
    .select({ id: crawlRuns.id, owner: crawlRuns.owner })
    .from(crawlRuns)
    .where(and(isNull(crawlRuns.finishedAt), isNull(crawlRuns.interruptedAt)))
}

export async function markCrawlRunInterrupted(db: Db, id: number, now: Date): Promise<void> {
  await db
    .update(crawlRuns)
    .set({ interruptedAt: now })
    .where(and(eq(crawlRuns.id, id), isNull(crawlRuns.finishedAt), isNull(crawlRuns.interruptedAt)))
}

/** The latest runs neither finished nor interrupted, newest first (a crawl of this or another process). */
export async function openCrawlRuns(db: Db, limit = 5): Promise<CrawlRun[]> {
  return db
    .select()
    .from(crawlRuns)
    .where(and(isNull(crawlRuns.finishedAt), isNull(crawlRuns.interruptedAt)))
    .orderBy(desc(crawlRuns.id))
    .limit(limit)
}
