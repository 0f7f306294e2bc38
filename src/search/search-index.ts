import fs from 'node:fs/promises'
import { systemClock } from '../lib/clock.ts'
import { errorMessage } from '../lib/errors.ts'
import { silentLog } from '../lib/log.ts'
import { ANALYSIS_VERSION } from './doc-terms.ts'
import { monthOf, monthsBack, overlaps } from './months.ts'
import { excludedTermsOf, parseQuery } from './query.ts'
import { runSearch } from './run-search.ts'
import { indexText } from './shard-codec.ts'
import { metaOfRow, Shard } from './shard.ts'
import * as files from './shard-file.ts'
import type {
  IndexDoc,
  SearchFilters,
  SearchIndex,
  SearchIndexOptions,
  ShardInfo,
} from './types.ts'
import { nextTurn } from '../lib/next-turn.ts'

const ADD_CHUNK = 100
/**
 * Memory a document costs in a MiniSearch, measured: the heap of an index of 100,000 articles of ~250
 * words grows by about 8,000 bytes per document as its months are written (after a GC). A month read
 * from its file is packed, PACKED_DOC_SHARE of that; a document whose month is not loaded costs about
 * 85 bytes of metadata. Turns a memory budget into maxLoadedDocs.
 */
export const LOADED_DOC_BYTES = 8_000
const sum = (shards: Shard[]) => shards.reduce((n, s) => n + s.docs.size, 0)

/** A sharded MiniSearch index (one shard per sector and month), persisted under opts.dir. */
export function createSearchIndex(opts: SearchIndexOptions): SearchIndex {
  const { dir, hotMonths = 3, maxLoadedDocs = 25_000, log = silentLog, clock = systemClock } = opts
  const shards = new Map<string, Shard>()
  const where = new Map<number, Shard>()
  // A month written to holds what was added since it was packed as a MiniSearch: packed again past this.
  const packAfter = Math.max(1, Math.floor(maxLoadedDocs / 2))
  let tick = 0
  // Writers (upsert, remove, load, save, clear) run one at a time; searches do not wait for them.
  let queue: Promise<unknown> = Promise.resolve()
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => {})
    return run
  }

  const isHot = (s: Shard) => s.month >= monthsBack(clock.now().getTime(), hotMonths - 1)

  function shardFor(sector: string, month: string): Shard {
    const key = files.shardKey(sector, month)
    let s = shards.get(key)
    if (!s) {
      s = new Shard(sector, month, dir ? files.shardPath(dir, sector, month) : null)
      s.fresh()
      shards.set(key, s)
    }
    return s
  }

  // Shards found unreadable on load, and the ids they held, to be indexed again from the database.
  const unreadable = new Map<Shard, number[]>()

  /**
   * Loads a shard's terms if they are not in memory. A writer (holding the lock) re-adds the docs
   * of an unreadable shard at once; a search takes the lock to do it, as adding to a shard is a
   * write that must not interleave with another writer's adds or vacuum.
   */
  async function ensureLoaded(s: Shard, holdingLock = true): Promise<void> {
    if (s.loaded && !unreadable.has(s)) return
    if (!s.loaded) {
      s.loading ??= loadTerms(s).finally(() => (s.loading = null))
      await s.loading
    }
    const ids = unreadable.get(s)
    if (!ids) return
    unreadable.delete(s)
    if (holdingLock) await readd(ids)
    else await locked(() => readd(ids))
  }

  async function loadTerms(s: Shard): Promise<void> {
    try {
      await s.loadTerms(await files.readShardTerms(s.file!), nextTurn)
      log.debug('search shard loaded', { shard: s.key, docs: s.docs.size })
    } catch (err) {
      dropShard(s, err)
    }
  }

  // A corrupt or truncated file must not stop the index: the shard starts empty and its documents
  // are read again from the database when we can, else dropped so that the next syncIndex adds
  // them again. Synchronous: it runs inside a load that a writer may be waiting for.
  function dropShard(s: Shard, err: unknown): void {
    const ids = [...s.docs.keys()]
    log.warn('search shard unreadable, rebuilding it', {
      shard: s.key,
      docs: ids.length,
      error: errorMessage(err),
    })
    for (const id of ids) if (where.get(id) === s) where.delete(id)
    s.docs.clear()
    s.stale.clear()
    s.fresh()
    s.dirty = true
    if (opts.docsFor && ids.length) unreadable.set(s, ids)
  }

  async function readd(ids: number[]): Promise<void> {
    if (opts.docsFor) await addDocs(await opts.docsFor(ids))
  }

  async function addDocs(docs: IndexDoc[]): Promise<void> {
    const byShard = new Map<Shard, IndexDoc[]>()
    for (const doc of new Map(docs.map((d) => [d.id, d])).values()) {
      const target = shardFor(doc.sectorSlug, monthOf(doc.publishedAt))
      const old = where.get(doc.id)
      if (old && old !== target) old.discard(doc.id)
      where.set(doc.id, target)
      const list = byShard.get(target) ?? []
      list.push(doc)
      byShard.set(target, list)
    }
    for (const [s, list] of byShard) {
      s.lastUsed = ++tick
      s.pins++
      try {
        await ensureLoaded(s)
        for (let i = 0; i < list.length; i += ADD_CHUNK) {
          for (const doc of list.slice(i, i + ADD_CHUNK)) s.add(doc)
          // Indexing is CPU work: let requests through between chunks.
          await nextTurn()
        }
        await s.vacuumIfDirty()
        // A first sync fills a month of the 1M bench with 85,000 articles: as one MiniSearch, 650 MB.
        if (dir && s.addedSincePacked >= packAfter) await s.pack(nextTurn)
        // While it is pinned: the month being filled must stay loaded, or a sync that fills it batch
        // by batch writes it out and reads it back for every batch (each month of a first sync at a
        // million articles written a dozen times). Memory stays within the budget plus this shard
        // (packed, and at most packAfter articles added since).
        await spill()
      } finally {
        s.pins--
      }
    }
  }

  const loadedDocs = () => {
    let n = 0
    for (const s of shards.values()) n += s.loadedWeight
    return n
  }

  // Shards that may leave memory, in the order they go: old months first, then the least recently used.
  function unloadable(withDirty: boolean): Shard[] {
    return [...shards.values()]
      .filter((s) => s.loaded && !s.pins && !s.loading && (withDirty || !s.dirty))
      .sort((a, b) => Number(isHot(a)) - Number(isHot(b)) || a.lastUsed - b.lastUsed)
  }

  function unload(s: Shard, loaded: number): number {
    const weight = s.loadedWeight
    s.unload()
    log.debug('search shard unloaded', { shard: s.key })
    return loaded - weight
  }

  // Keeps memory within the budget after a search: unloads saved shards (their files stay).
  function evict() {
    if (!dir) return
    let loaded = loadedDocs()
    for (const s of unloadable(false)) {
      if (loaded <= maxLoadedDocs) break
      loaded = unload(s, loaded)
    }
  }

  /**
   * The same for a writer (holding the lock), which may also save a changed shard to unload it: a
   * first sync of a million articles would otherwise hold every shard it wrote until the end.
   */
  async function spill() {
    if (!dir) return
    let loaded = loadedDocs()
    for (const s of unloadable(true)) {
      if (loaded <= maxLoadedDocs) break
      if (!s.docs.size) continue
      if (s.dirty) await writeShard(s)
      loaded = unload(s, loaded)
    }
  }

  async function loadAll(): Promise<void> {
    shards.clear()
    where.clear()
    if (!dir) return
    const manifest = await files.readManifest(dir)
    const found = await files.listShardFiles(dir)
    if (
      manifest &&
      (manifest.format !== files.SHARD_FORMAT || manifest.analysis !== ANALYSIS_VERSION)
    ) {
      log.info('search index made by another version: rebuilding', {
        shards: found.length,
      })
      for (const f of found) await fs.rm(f.file, { force: true })
      return
    }
    for (const f of found) {
      let header: files.ShardHeader
      try {
        header = await files.readShardHeader(f.file)
        if (header.analysis !== ANALYSIS_VERSION) throw new Error('made by another analyser')
      } catch (err) {
        // Its documents are unknown: syncIndex finds them missing and adds them again.
        log.warn('search shard unreadable, dropped', {
          file: f.file,
          error: errorMessage(err),
        })
        await fs.rm(f.file, { force: true })
        continue
      }
      const s = new Shard(f.sector, f.month, f.file)
      s.bytes = f.bytes
      shards.set(s.key, s)
      for (const row of header.docs) {
        const meta = metaOfRow(row)
        const other = where.get(meta.id)
        // Twice on disk: a crash during a save that moved it; the newer version wins.
        if (other && other.docs.get(meta.id)!.version >= meta.version) {
          s.stale.add(meta.id)
          s.dirty = true
          continue
        }
        if (other) other.discard(meta.id)
        s.docs.set(meta.id, meta)
        where.set(meta.id, s)
      }
    }
    // The recent months load at once, the newest first, as far as the budget allows; the rest on demand.
    let loaded = 0
    const hot = [...shards.values()].filter(isHot).sort((a, b) => b.month.localeCompare(a.month))
    for (const s of hot) {
      if (loaded + s.weightLoaded > maxLoadedDocs) break
      await ensureLoaded(s)
      loaded += s.loadedWeight
      await nextTurn()
    }
    log.info('search index loaded', { docs: where.size, shards: shards.size })
  }

  /**
   * The shards a query searches. Without dates, the newest months that the memory budget holds: at a
   * million articles, the older months would each be read from disk for every query (seconds, not
   * milliseconds). Dates, or everyMonth, search every month asked for, loaded in turn; an index kept
   * in memory only (no dir) searches everything it holds.
   */
  function scopeOf(chosen: Shard[], f: SearchFilters): { searched: Shard[]; older: Shard[] } {
    if (!dir || f.from || f.to || f.everyMonth) return { searched: chosen, older: [] }
    const weightByMonth = new Map<string, number>()
    for (const s of chosen)
      weightByMonth.set(s.month, (weightByMonth.get(s.month) ?? 0) + s.weightLoaded)
    let room = maxLoadedDocs
    let oldest = ''
    for (const month of [...weightByMonth.keys()].sort().reverse()) {
      if (oldest && weightByMonth.get(month)! > room) break
      room -= weightByMonth.get(month)!
      oldest = month
    }
    return {
      searched: chosen.filter((s) => s.month >= oldest),
      older: chosen.filter((s) => s.month < oldest),
    }
  }

  /**
   * Writes a changed shard. With `repack`, it is then held packed, from the arrays just written: a
   * sixth of its memory as a MiniSearch, and the month that the crawls fill stays searchable without
   * being read back.
   */
  async function writeShard(s: Shard, repack = false): Promise<void> {
    s.pins++
    try {
      await ensureLoaded(s)
      const header: files.ShardHeader = {
        format: files.SHARD_FORMAT,
        analysis: ANALYSIS_VERSION,
        sector: s.sector,
        month: s.month,
        docs: s.rows(),
      }
      // One shard's JSON at a time: never the whole index as one string.
      // In slices: a month of the 1M bench took 3-4 s to encode in one block.
      const flat = await s.flatten(nextTurn)
      const text = await indexText(flat, nextTurn)
      s.bytes = await files.writeAtomic(s.file!, [JSON.stringify(header), '\n', ...text])
      s.dirty = false
      if (repack) await s.pack(nextTurn, flat)
    } finally {
      s.pins--
    }
  }

  async function saveDirty(): Promise<void> {
    if (!dir) return
    let written = 0
    for (const s of [...shards.values()]) {
      if (!s.dirty) continue
      if (!s.docs.size) {
        await fs.rm(s.file!, { force: true })
        shards.delete(s.key)
        continue
      }
      await writeShard(s, true)
      written++
      await nextTurn()
    }
    const manifest: files.Manifest = {
      format: files.SHARD_FORMAT,
      analysis: ANALYSIS_VERSION,
      savedAt: clock.now().toISOString(),
      shards: {},
    }
    for (const s of shards.values()) {
      let maxVersion = 0
      s.docs.forEachVersion((_, version) => (maxVersion = Math.max(maxVersion, version)))
      manifest.shards[s.key] = {
        docs: s.docs.size,
        maxVersion,
        bytes: s.bytes,
      }
    }
    await files.writeManifest(dir, manifest)
    log.debug('search index saved', { shards: written })
    evict()
  }

  return {
    get size() {
      return where.size
    },
    upsert: (docs) => locked(() => addDocs(docs)),
    remove: (ids) =>
      locked(async () => {
        const touched = new Set<Shard>()
        for (const id of ids) {
          const s = where.get(id)
          if (s) touched.add(s)
        }
        for (const s of touched) s.pins++
        try {
          for (const id of ids) {
            where.get(id)?.discard(id)
            where.delete(id)
          }
          for (const s of touched) await s.vacuumIfDirty()
        } finally {
          for (const s of touched) s.pins--
        }
      }),
    load: () => locked(loadAll),
    save: () => locked(saveDirty),
    clear: () =>
      locked(async () => {
        for (const s of shards.values()) {
          s.docs.clear()
          s.stale.clear()
          s.fresh()
          s.dirty = true
        }
        where.clear()
      }),
    async versions(ids) {
      const out = new Map<number, number>()
      if (ids) {
        for (const id of ids) {
          const version = where.get(id)?.docs.versionOf(id)
          if (version !== undefined) out.set(id, version)
        }
        return out
      }
      for (const s of shards.values()) s.docs.forEachVersion((id, version) => out.set(id, version))
      return out
    },
    sectors: () => [
      ...new Set([...shards.values()].filter((s) => s.docs.size).map((s) => s.sector)),
    ],
    shards: (): ShardInfo[] =>
      [...shards.values()].map((s) => ({
        key: s.key,
        docs: s.docs.size,
        loaded: s.loaded,
        weight: s.loadedWeight,
        dirty: s.dirty,
        discarded: s.ms?.dirtCount ?? 0,
      })),
    async search(query, filters = {}, { limit = 20, offset = 0 } = {}) {
      const words = parseQuery(query)
      const excluded = excludedTermsOf(query)
      const chosen = [...shards.values()].filter(
        (s) => s.docs.size && (!filters.sectorSlug || s.sector === filters.sectorSlug),
      )
      const { searched, older } = scopeOf(chosen, filters)
      const result = await runSearch(
        searched,
        words,
        excluded,
        filters,
        limit,
        offset,
        async (s, use) => {
          s.pins++
          s.lastUsed = ++tick
          try {
            await ensureLoaded(s, false)
            return use(s)
          } finally {
            s.pins--
            // Before the next shard loads: a query over every month holds one more at most.
            evict()
          }
        },
      )
      if (!older.length) return result
      const before = searched.reduce((m, s) => (s.month < m ? s.month : m), '9999-99')
      return { ...result, olderNotSearched: { articles: sum(older), before } }
    },
  }
}
