import type { Db } from '../store/db.ts'
import {
  articlesDeletedSince,
  articleVersions,
  articleVersionsSince,
  searchDocRows,
} from '../store/index.ts'
import type { IndexDoc, SearchIndex } from './types.ts'

const BATCH = 500

/** The IndexDoc of each article id (for incremental updates after a crawl or a decision). */
export async function indexDocsFor(db: Db, ids: number[]): Promise<IndexDoc[]> {
  const rows = await searchDocRows(db, ids)
  return rows.map((r) => ({
    id: r.id,
    sectorSlug: r.sectorSlug,
    feedId: r.feedId,
    source: r.source ?? r.siteName ?? '',
    lang: r.lang,
    publishedAt: r.publishedAt.getTime(),
    firstSeenAt: r.firstSeenAt.getTime(),
    status: r.status,
    title: r.title,
    excerpt: r.excerpt,
    // Not yet extracted (or never extractable): the feed's own summary is all the text there is.
    text: r.text ?? r.feedSummary ?? '',
    author: r.author,
    siteName: r.siteName,
    tags: r.tags ?? [],
    version: r.updatedAt.getTime(),
  }))
}

/**
 * Makes the index agree with the database: adds missing or outdated articles, removes ones no longer
 * there. Used on start (after a crash), by `vigie reindex` (rebuild: true), and after each crawl.
 */
export async function syncIndex(
  index: SearchIndex,
  db: Db,
  opts: {
    rebuild?: boolean
    onProgress?: (done: number, total: number) => void
    /** Stops between batches (a server shutting down): what was added stays, the rest waits for the next sync. */
    signal?: AbortSignal
    /**
     * Only the articles changed after this time (ms): a sync in proportion to what changed. It sees the
     * deletions logged since then (retention, a removed feed, a duplicate); a full sync (without it)
     * sees any deletion.
     */
    changedSince?: number
  } = {},
): Promise<{ added: number; updated: number; removed: number }> {
  const recent = opts.changedSince !== undefined && !opts.rebuild
  const inDb = recent
    ? // The index's own sectors too: articles of a sector no longer configured are still searchable.
      await articleVersionsSince(db, opts.changedSince!, index.sectors())
    : await articleVersions(db)
  const indexed = await index.versions(recent ? inDb.keys() : undefined)
  let removed = 0
  if (opts.rebuild) {
    removed = [...indexed.keys()].filter((id) => !inDb.has(id)).length
    await index.clear()
  } else {
    // Search results are ids in the index: an id gone from the database must go from the index. A
    // sync of what changed sees the deletions logged since (an id taken again by a new article since
    // is among the changed ones, and stays).
    const candidates = recent
      ? (await index.versions(await articlesDeletedSince(db, opts.changedSince!))).keys()
      : indexed.keys()
    const gone = [...candidates].filter((id) => !inDb.has(id))
    if (gone.length) await index.remove(gone)
    removed = gone.length
  }
  const rebuilt = opts.rebuild ? new Map<number, number>() : indexed
  const todo = [...inDb].filter(([id, version]) => rebuilt.get(id) !== version).map(([id]) => id)
  let added = 0
  let updated = 0
  for (let i = 0; i < todo.length; i += BATCH) {
    if (opts.signal?.aborted) break
    const batch = todo.slice(i, i + BATCH)
    await index.upsert(await indexDocsFor(db, batch))
    for (const id of batch) {
      if (indexed.has(id)) updated++
      else added++
    }
    opts.onProgress?.(Math.min(i + BATCH, todo.length), todo.length)
  }
  return { added, updated, removed }
}
