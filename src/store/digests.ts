import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { annotations, articles, digestRuns, sectors } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type DigestRun = typeof digestRuns.$inferSelect

/** The sectors that have a daily digest set, with what scheduling and rendering it needs. */
export async function digestSectors(db: Db, slugs?: string[]) {
  const rows = await db
    .select({
      slug: sectors.slug,
      name: sectors.name,
      language: sectors.language,
      timezone: sectors.timezone,
      digest: sectors.digest,
    })
    .from(sectors)
    .where(and(isNotNull(sectors.digest), slugs ? inArray(sectors.slug, slugs) : undefined))
    .orderBy(sectors.slug)
  return rows.filter((r): r is typeof r & { digest: { time: string; to: string[] } } => !!r.digest)
}

/**
 * What a digest may show of these articles beyond the shortlist: the author and the curator's public
 * commentary. The private note, tags and score are never read here.
 */
export async function digestExtras(db: Db, ids: number[]) {
  if (!ids.length) return new Map<number, { author: string | null; commentary: string }>()
  const rows = await db
    .select({
      id: articles.id,
      author: articles.author,
      commentary: sql<string>`coalesce(${annotations.commentary}, '')`,
    })
    .from(articles)
    .leftJoin(annotations, eq(annotations.articleId, articles.id))
    .where(inArray(articles.id, ids))
  return new Map(rows.map((r) => [r.id, { author: r.author, commentary: r.commentary }]))
}

export async function getDigestRun(db: Db, sectorSlug: string, day: string) {
  const [row] = await db
    .select()
    .from(digestRuns)
    .where(and(eq(digestRuns.sectorSlug, sectorSlug), eq(digestRuns.day, day)))
  return row ?? null
}

/**
 * Takes the sector's digest of that day for `owner`, before anything is sent: one statement that
 * inserts the run, or takes over a failed one. Null when another sender has it (sending or sent), so
 * that two processes never both send.
 */
export async function claimDigestRun(
  db: Db,
  run: { sectorSlug: string; day: string; owner: string },
  now: Date,
): Promise<DigestRun | null> {
  const claim = { state: 'sending' as const, claimedBy: run.owner, error: null, recipients: 0 }
  const rows = await db
    .insert(digestRuns)
    .values({ sectorSlug: run.sectorSlug, day: run.day, ...claim, createdAt: now })
    .onConflictDoUpdate({
      target: [digestRuns.sectorSlug, digestRuns.day],
      set: claim,
      setWhere: eq(digestRuns.state, 'failed'),
    })
    .returning()
  return rows[0] ?? null
}

/** Records how the claimed run ended; only its owner's claim is changed. */
export async function finishDigestRun(
  db: Db,
  run: { sectorSlug: string; day: string; owner: string },
  end: { state: 'sent' | 'failed'; recipients: number; error: string | null },
  now: Date,
): Promise<void> {
  await db
    .update(digestRuns)
    .set({ ...end, sentAt: end.state === 'sent' ? now : null })
    .where(
      and(
        eq(digestRuns.sectorSlug, run.sectorSlug),
        eq(digestRuns.day, run.day),
        eq(digestRuns.claimedBy, run.owner),
        eq(digestRuns.state, 'sending'),
      ),
    )
}
