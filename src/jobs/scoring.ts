import {
  analyzeDoc,
  emptyModel,
  learnInPlace,
  salientTerms,
  selectShortlist,
  type Action,
  type AnalyzedDoc,
  type Explanation,
  type ProfileInput,
  type SectorModel,
} from '../score/index.ts'
import type { Clock } from '../lib/clock.ts'
import { AppError, errorMessage } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import { nextTurn } from '../lib/next-turn.ts'
import { isStorageFull } from '../lib/storage-errors.ts'
import {
  articlesForScoring,
  getModel,
  getSector,
  modelDecisionsSeen,
  recordDecision,
  saveNextModel,
  saveScores,
  separateFromStory,
  undoSeparation,
  storySplitsSince,
  type Db,
  type DecisionAction,
  type ScoringRow,
  type StorageWatch,
} from '../store/index.ts'
import type { ScoringHead } from './scoring-sectors.ts'
import { createScoringThread, type OnScores } from './scoring-thread.ts'
import type { WorkerDatabase } from './scoring-worker.ts'

const DAY = 86_400_000
// Attempts at saving a decision's update before giving up: each failure means another decision
// (another process: this one learns one at a time per sector) saved in between.
const LEARN_ATTEMPTS = 20
// What each decision teaches the sector's model, and what an article's state says it was taught:
// snooze, dismiss (skip) and reset teach nothing.
const TAUGHT_BY_ACTION: Record<DecisionAction, Action | null> = {
  approve: 'approve',
  reject: 'reject',
  reshare: 'reshare',
  snooze: null,
  dismiss: null,
  reset: null,
}
const TAUGHT_BY_STATUS: Record<string, Action> = {
  approved: 'approve',
  rejected: 'reject',
  reshared: 'reshare',
}
// A macrotask break: pending I/O (requests to the server) runs before the loop goes on.
/** Articles older than this keep the score they had: the queue is about what is new. */
export const SCORING_WINDOW_DAYS = 30
// Texts are read and handed to the worker this many articles at a time, with a break after each:
// reading thousands of bodies at once would hold the event loop.
const READ_CHUNK = 250

export interface ScoringDeps {
  db: Db
  clock: Clock
  log: Log
  /**
   * The database's address: the scoring worker then saves the scores on a connection of its own.
   * Saving thousands of scores after a decision is most of a rescore's cost on the thread that
   * writes; without it, this thread saves them.
   */
  database?: WorkerDatabase
  /**
   * The server's storage watch: a full disk met by the worker's connection is reported to it (503 on
   * /health, one log line), and the rescoring that could not be saved runs again once writes work.
   */
  storage?: StorageWatch
}

/**
 * A sector's scoring pass in progress: first the text of new or changed articles is analysed (in
 * the worker), then the window is scored (a preview: under both profiles; a rescore: scores saved).
 */
export interface ScoringProgress {
  task: 'preview' | 'rescore'
  analysed: number
  toAnalyse: number
  scored: number
  toScore: number
}

/**
 * Scoring wired to the database: rescoring a sector (profile match, learned model, freshness, source,
 * stories), and decisions that teach the model. Text analysis, stories and scores are computed in a
 * worker thread (scoring-sectors.ts), which keeps each article's analysis while its version
 * (updatedAt) does not change; this thread reads the rows and saves the scores in small batches,
 * so that the server answers requests while a sector is rescored.
 */
export function createScoring(deps: ScoringDeps) {
  const thread = createScoringThread(deps.database, {
    onSaved: (slug, stats) =>
      stats.rows && deps.log.debug('scores saved', { sector: slug, ...stats }),
  })
  // Sectors whose scores could not be saved on a full disk: rescored once space is back.
  const owed = new Set<string>()
  deps.storage?.onWritable(() => {
    for (const slug of owed) void rescoreSoon(slug)
    owed.clear()
  })
  // Analyses of the few articles this thread needs itself (a decision's article, shortlist cards).
  const cache = new Map<number, { version: number; doc: AnalyzedDoc }>()
  // Per sector, the tail of the decisions learning in this process: the next waits for it.
  const learning = new Map<string, Promise<unknown>>()

  function analyzed(row: ScoringRow) {
    const version = row.updatedAt.getTime()
    const hit = cache.get(row.id)
    if (hit && hit.version === version) return hit
    const entry = { version, doc: analyzeDoc({ ...row, text: row.text ?? '' }) }
    cache.set(row.id, entry)
    return entry
  }

  // Per sector, the model as last read or saved here, by how many decisions it has learned: every
  // save raises that count (compare-and-set), so an equal count in the database means the same model,
  // and a decision reads a number instead of the model's hundreds of kilobytes of JSON.
  const models = new Map<string, { seen: number; model: SectorModel }>()
  // The passes in progress, oldest first: the profile editor shows them while a preview or a save waits.
  const running: { slug: string; work: ScoringProgress }[] = []

  async function sectorContext(slug: string) {
    const sector = await getSector(deps.db, slug)
    if (!sector) throw new AppError('sector_not_found', { slug }, `no sector "${slug}"`)
    const seen = await modelDecisionsSeen(deps.db, slug)
    let known = models.get(slug)
    if (known?.seen !== seen) {
      const modelRow = await getModel(deps.db, slug)
      known = {
        seen: modelRow?.decisionsSeen ?? 0,
        model: (modelRow?.model as SectorModel | undefined) ?? emptyModel(),
      }
      models.set(slug, known)
    }
    return {
      profileInput: sector.profile as ProfileInput,
      profileKey: JSON.stringify(sector.profile),
      model: known.model,
      decisionsSeen: known.seen,
    }
  }

  /** Saves each batch of scores the worker sends, as it comes. */
  function saver(
    slug: string,
    now: Date,
    onProgress?: (done: number, total: number) => void | Promise<void>,
  ): OnScores {
    return async (scores, done, total) => {
      if (scores.length)
        await saveScores(
          deps.db,
          scores.map((s) => ({ ...s, sectorSlug: slug, computedAt: now })),
        )
      await onProgress?.(done, total)
      await nextTurn()
    }
  }

  // A save that failed leaves the worker believing scores were saved: it starts over next time. On a
  // full disk the storage watch hears of it (the worker's connection is not the one it watches), and
  // the sector is owed a rescore once space is back.
  async function forgetOnFailure<T>(slug: string, pass: Promise<T>): Promise<T> {
    try {
      return await pass
    } catch (err) {
      await thread.forget(slug).catch(() => {})
      if (isStorageFull(err) && deps.storage) {
        owed.add(slug)
        deps.storage.failed(err)
      }
      throw err
    }
  }

  /**
   * Recomputes every recent article's score and story in a sector. Returns how many were scored.
   * The pass waits for `onProgress` after each batch saved.
   */
  async function rescoreSector(
    slug: string,
    onProgress?: (done: number, total: number) => void | Promise<void>,
  ): Promise<number> {
    const now = deps.clock.now()
    const work = track(slug, 'rescore')
    try {
      const { profileInput, profileKey, model } = await sectorContext(slug)
      const { window, analysing } = await analysedWindow(slug, now, work)
      const apart = await storySplitsSince(deps.db, slug, windowStart(now))
      work.toScore = window.length
      const scored = thread.full(
        {
          slug,
          profile: profileInput,
          profileKey,
          model,
          now: now.getTime(),
          heads: window,
          apart,
        },
        saver(slug, now, (done, total) => {
          Object.assign(work, { scored: done, toScore: total })
          return onProgress?.(done, total)
        }),
      )
      const [pass] = await forgetOnFailure(slug, Promise.all([scored, ...analysing]))
      deps.log.debug('sector rescored', { sector: slug, ...pass })
      return pass.articles
    } finally {
      untrack(work)
    }
  }

  /**
   * The sector's scoring window as the queue would rank it under each of these profiles (same model,
   * clock, stories and term rarity), computed in the worker and saved nowhere: a profile's preview.
   * The window is read once: every ranking is of the same articles, returned with it.
   */
  async function rankWith(
    slug: string,
    profiles: ProfileInput[],
  ): Promise<{
    window: ScoringHead[]
    rankings: { id: number; score: number; storyId: number }[][]
  }> {
    const now = deps.clock.now()
    const work = track(slug, 'preview')
    try {
      const { model } = await sectorContext(slug)
      const { window, analysing } = await analysedWindow(slug, now, work)
      const apart = await storySplitsSince(deps.db, slug, windowStart(now))
      work.toScore = window.length * profiles.length
      const input = { slug, profiles, model, now: now.getTime(), heads: window, apart }
      const [ranked] = await Promise.all([
        thread.rank(input, (done, total) => Object.assign(work, { scored: done, toScore: total })),
        ...analysing,
      ])
      const rankings = ranked.map((r) => r.map(([id, score, storyId]) => ({ id, score, storyId })))
      return { window, rankings }
    } finally {
      untrack(work)
    }
  }

  /**
   * The mean score the queue would give these articles of a source the sector does not follow (a
   * suggested feed's items): on the scale of the directory's affinity of the sources it follows.
   */
  async function affinity(slug: string, rows: ScoringRow[]): Promise<number | null> {
    if (!rows.length) return null
    const ask = async () => {
      const { profileKey, model } = await sectorContext(slug)
      return thread.affinity({ slug, profileKey, model, now: deps.clock.now().getTime(), rows })
    }
    // The worker scores with the term rarity of the sector's last full pass: without one, one runs.
    return (await ask()) ?? (await rescoreSector(slug), await ask())
  }

  /**
   * What the sector's scoring is doing now (its latest pass still running), or null. Waiting: the
   * pass has not started in the worker, which runs one request at a time, behind an earlier pass.
   */
  const progress = (slug: string): (ScoringProgress & { waiting: boolean }) | null => {
    const at = running.findLastIndex((r) => r.slug === slug)
    if (at < 0) return null
    const { work } = running[at]!
    return { ...work, waiting: at > 0 && work.analysed + work.scored === 0 }
  }

  function track(slug: string, task: ScoringProgress['task']): ScoringProgress {
    const work: ScoringProgress = { task, analysed: 0, toAnalyse: 0, scored: 0, toScore: 0 }
    running.push({ slug, work })
    return work
  }

  function untrack(work: ScoringProgress) {
    running.splice(
      running.findIndex((r) => r.work === work),
      1,
    )
  }

  /** The window's heads, having sent the worker the text of those it has not analysed (or changed since). */
  async function analysedWindow(slug: string, now: Date, work: ScoringProgress) {
    const since = windowStart(now)
    // Read the text only of articles the worker has not analysed yet (or changed since): it is most
    // of the bytes.
    const heads = await articlesForScoring(deps.db, slug, { since, withText: false })
    const stale = heads.filter((h) => !thread.has(h)).map((h) => h.id)
    work.toAnalyse = stale.length
    const read = new Map<number, ScoringHead>()
    const analysing: Promise<void>[] = []
    for (let i = 0; i < stale.length; i += READ_CHUNK) {
      const rows = await articlesForScoring(deps.db, slug, { ids: stale.slice(i, i + READ_CHUNK) })
      for (const { text: _text, excerpt: _excerpt, ...head } of rows) read.set(head.id, head)
      analysing.push(thread.analyse(rows).then(() => void (work.analysed += rows.length)))
      await nextTurn()
    }
    // An article read again may have changed since (a decision bumps its version), or be gone.
    const window = heads.flatMap((h) =>
      thread.has(h) ? [h] : read.has(h.id) ? [read.get(h.id)!] : [],
    )
    return { window, analysing }
  }

  /**
   * Rescores only what a model change can move (the worker knows what that is), or the whole sector
   * when there is nothing to start from, the profile changed, or the last full pass is too old.
   */
  async function rescoreChanged(
    slug: string,
    decided: Set<number>,
  ): Promise<{ articles: number; full: boolean }> {
    const now = deps.clock.now()
    const { profileKey, model } = await sectorContext(slug)
    const passed = await forgetOnFailure(
      slug,
      thread.changed(
        { slug, profileKey, model, now: now.getTime(), decided: [...decided] },
        saver(slug, now),
      ),
    )
    return passed ?? { articles: await rescoreSector(slug), full: true }
  }

  /**
   * Records a curator decision; approve, reject and reshare teach the sector's model, then the sector
   * is rescored. Snooze and dismiss (skip: seen, not for today) teach nothing.
   */
  async function decide(input: {
    articleId: number
    action: DecisionAction
    snoozeUntil?: Date | null
    actor?: string | null
    /** Rescore the whole sector behind it: the article is new, and its story is still to form. */
    newArticle?: boolean
  }) {
    const now = deps.clock.now()
    const decision = await recordDecision(deps.db, input, now)
    if (!decision)
      throw new AppError(
        'article_not_found',
        { articleId: input.articleId },
        `no article ${input.articleId}`,
      )
    // The article's new decision replaces what its earlier one taught: an approval undone, or turned
    // into a rejection, no longer counts as an approval.
    const learned = TAUGHT_BY_ACTION[input.action]
    const replaced = TAUGHT_BY_STATUS[decision.previousStatus] ?? null
    if (learned !== replaced) {
      await learnOneAtATime(decision.sectorSlug, () =>
        learn(decision.sectorSlug, input.articleId, learned, replaced, now),
      )
    }
    // The curator gets the answer now; what the decision can change is rescored behind it, once
    // for a burst of decisions (readers are not held up by a rescore per decision). Skipping an
    // article teaches nothing and moves no score: its story just leaves the queue.
    if (input.action !== 'dismiss' || input.newArticle)
      void rescoreSoon(decision.sectorSlug, input.articleId, input.newArticle)
    return decision
  }

  /**
   * The curator says this article is not the same story as the others it was grouped with: it is
   * kept apart from each of them from now on, and the sector's stories are formed again in the
   * background. Null for an unknown article; else the articles it is kept apart from.
   */
  async function separate(input: { articleId: number; actor?: string | null }) {
    const split = await separateFromStory(
      deps.db,
      input.articleId,
      input.actor ?? null,
      deps.clock.now(),
    )
    if (split?.apartFrom.length) void rescoreSoon(split.sectorSlug, undefined, true)
    return split
  }

  /** Undoes the article's latest separation: scoring may group it with those articles again. */
  async function undoSeparate(input: { articleId: number }) {
    const undone = await undoSeparation(deps.db, input.articleId)
    if (undone?.rejoined.length) void rescoreSoon(undone.sectorSlug, undefined, true)
    return undone
  }

  const rescoring = new Map<
    string,
    { running: Promise<void>; again: boolean; decided: Set<number>; full: boolean }
  >()
  // A burst of decisions is rescored at most every second: the queue follows within seconds, and
  // the server answers readers in between.
  const RESCORE_GAP_MS = 1000
  // Per sector, the warm-up pass in progress (prime): a decision's rescore waits for it and starts
  // from it, instead of running a full pass of its own behind it.
  const priming = new Map<string, Promise<unknown>>()

  /**
   * Rescores what decisions changed in the background (`full`: the whole sector, its stories formed
   * again); one while a pass runs makes it run once more after.
   */
  function rescoreSoon(slug: string, articleId?: number, full = false): Promise<void> {
    const current = rescoring.get(slug)
    if (current) {
      current.again = true
      current.full ||= full
      if (articleId !== undefined) current.decided.add(articleId)
      return current.running
    }
    const state = {
      again: false,
      running: Promise.resolve(),
      decided: new Set(articleId === undefined ? [] : [articleId]),
      full,
    }
    state.running = (async () => {
      try {
        do {
          state.again = false
          const { decided, full } = state
          state.decided = new Set()
          state.full = false
          await priming.get(slug)?.catch(() => {})
          const started = performance.now()
          const passed = full
            ? { articles: await rescoreSector(slug), full }
            : await rescoreChanged(slug, decided)
          deps.log.debug('rescored after decisions', {
            sector: slug,
            ...passed,
            ms: Math.round(performance.now() - started),
          })
          if (state.again) await new Promise((r) => setTimeout(r, RESCORE_GAP_MS))
        } while (state.again)
      } catch (err) {
        // A full disk is logged once by the storage watch, and the sector rescored when it ends.
        if (isStorageFull(err) && owed.has(slug))
          deps.log.debug('rescore put off until disk space is back', { sector: slug })
        else deps.log.error('background rescore failed', { sector: slug, error: errorMessage(err) })
      } finally {
        rescoring.delete(slug)
      }
    })()
    rescoring.set(slug, state)
    return state.running
  }

  /**
   * A started server's worker knows no sector yet: the first decision's rescore, or the first preview,
   * would analyse and group the sector's whole window (8 s at 100,000 articles, two minutes at a
   * million). This passes each sector now instead, in the background, one after the other; a sector
   * that a crawl passed first costs next to nothing. Stopping the server ends it (settled() does not
   * wait for it).
   */
  async function prime(slugs: string[]): Promise<void> {
    for (const slug of slugs) {
      if (thread.closed()) return
      const pass = rescoreChanged(slug, new Set())
      priming.set(slug, pass)
      try {
        await pass
      } catch (err) {
        if (thread.closed()) return
        deps.log.error('scoring warm-up failed', { sector: slug, error: errorMessage(err) })
      } finally {
        priming.delete(slug)
      }
    }
  }

  /** Resolves once no background rescore is pending (commands and tests wait for it). */
  async function settled(): Promise<void> {
    while (rescoring.size) await Promise.all([...rescoring.values()].map((r) => r.running))
  }

  function learnOneAtATime<T>(slug: string, fn: () => Promise<T>): Promise<T> {
    const run = (learning.get(slug) ?? Promise.resolve()).then(fn, fn)
    const tail = run.catch(() => {})
    learning.set(slug, tail)
    void tail.then(() => learning.get(slug) === tail && learning.delete(slug))
    return run
  }

  // Read, learn, save as one step: the save succeeds only if no other decision saved since the
  // read (another process), else the model is read again, so that no decision's update is lost.
  async function learn(
    slug: string,
    articleId: number,
    action: Action | null,
    replaces: Action | null,
    now: Date,
  ) {
    const [row] = await articlesForScoring(deps.db, slug, { ids: [articleId] })
    const doc = { ...analyzed(row!).doc, feedId: row!.feedId, source: row!.source }
    for (let attempt = 1; ; attempt++) {
      const { model, decisionsSeen } = await sectorContext(slug)
      // Learned into the model read (no copy): kept as the sector's model once saved, forgotten
      // if another process saved first (it is read again).
      const next = learnInPlace(model, doc, action, replaces)
      let saved = false
      try {
        saved = await saveNextModel(deps.db, slug, next, decisionsSeen, now)
      } finally {
        if (saved) models.set(slug, { seen: decisionsSeen + 1, model: next })
        else models.delete(slug)
      }
      if (saved) return
      if (attempt >= LEARN_ATTEMPTS) {
        throw new AppError(
          'model_busy',
          { slug, articleId },
          'the sector model kept changing: decision recorded, not learned',
        )
      }
    }
  }

  /** Rows of these articles, reading the text only of those not analysed yet (or changed since). */
  async function rowsFor(slug: string, ids: number[]): Promise<ScoringRow[]> {
    const heads = await articlesForScoring(deps.db, slug, { ids, withText: false })
    const stale = heads
      .filter((h) => cache.get(h.id)?.version !== h.updatedAt.getTime())
      .map((h) => h.id)
    const full = new Map<number, ScoringRow>()
    for (let i = 0; i < stale.length; i += 500) {
      for (const r of await articlesForScoring(deps.db, slug, { ids: stale.slice(i, i + 500) }))
        full.set(r.id, r)
    }
    return heads.map((h) => full.get(h.id) ?? h)
  }

  /** Feed id and salient terms of each article (for shortlist diversity). */
  async function termsFor(slug: string, ids: number[]) {
    const rows = await rowsFor(slug, ids)
    return new Map(
      rows.map((r) => [r.id, { feedId: r.feedId, terms: salientTerms(analyzed(r).doc) }]),
    )
  }

  return {
    rescoreSector,
    rankWith,
    affinity,
    progress,
    decide,
    /** Scores what came in outside a crawl (an article added by hand): a sector pass, in the background. */
    rescoreInBackground: (slug: string) => rescoreSoon(slug, undefined, true),
    separate,
    undoSeparate,
    settled,
    termsFor,
    selectShortlist,
    /** Starts the scoring worker now, for work that will score (it takes a second or two to load). */
    warm: () => thread.warm(),
    /** Sets the worker connection's PRAGMA max_page_count (per connection): tests fill the disk with it. */
    workerMaxPageCount: (pages: number) => thread.maxPageCount(pages),
    prime,
    /** Stops the scoring worker (it does not hold the process open while idle). */
    close: () => thread.close(),
  }
}

export type Scoring = ReturnType<typeof createScoring>
export type { Explanation }

const windowStart = (now: Date) => new Date(now.getTime() - SCORING_WINDOW_DAYS * DAY)
