import {
  analyzeDoc,
  clusterStories,
  compileProfile,
  docFrequencies,
  emptyModel,
  isOnTopic,
  learnFromDecision,
  learnedTermsOf,
  modelDiff,
  salientTerms,
  scoreDoc,
  selectShortlist,
  simhash,
  type Action,
  type AnalyzedDoc,
  type CompiledProfile,
  type DocFrequencies,
  type Explanation,
  type ProfileInput,
  type SectorModel,
} from '../score/index.ts'
import type { Clock } from '../lib/clock.ts'
import { AppError, errorMessage } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import {
  articlesForScoring,
  getModel,
  getSector,
  recordDecision,
  saveNextModel,
  saveScores,
  type Db,
  type DecisionAction,
  type ScoringRow,
} from '../store/index.ts'

const DAY = 86_400_000
// Attempts at saving a decision's update before giving up: each failure means another decision
// (another process: this one learns one at a time per sector) saved in between.
const LEARN_ATTEMPTS = 20
// A macrotask break: pending I/O (requests to the server) runs before the loop goes on.
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))
// Scoring loops give waiting requests their turn every few milliseconds of work, however long
// each article takes (a count of articles would hold the loop longer on a slower machine).
const SLICE_MS = 8
function timeSlices() {
  let since = performance.now()
  return async () => {
    if (performance.now() - since < SLICE_MS) return
    await yieldToLoop()
    since = performance.now()
  }
}
/** Articles older than this keep the score they had: the queue is about what is new. */
export const SCORING_WINDOW_DAYS = 30
// Scores are written this many at a time, each batch its own transaction with a break after it:
// the write lock and the event loop are never held for a whole sector.
const SAVE_CHUNK = 200
// A decision changes some terms' and one source's records, and nudges the model's counts, which
// scale every learned weight a little. The background rescores what the changed records reach;
// the rest follows when a count has more than doubled since the last full pass (every article is
// then rescored with the stories and term rarity kept: they depend on the articles, not the model),
// and at the next full rescore: after a crawl, or after FULL_EVERY_MS.
const COUNTS_DRIFT_MAX = 1
const FULL_EVERY_MS = 10 * 60_000

/** What a full rescore computed that decisions do not change: reused to rescore a few articles. */
interface SectorState {
  profileKey: string
  profile: CompiledProfile
  /** The model the saved scores reflect, and the one of the last full rescore. */
  model: SectorModel
  fullModel: SectorModel
  fullAt: number
  df: DocFrequencies
  docs: { row: ScoringRow; doc: AnalyzedDoc; simhash: string; storyId: number }[]
  feedsOfStory: Map<number, Set<number>>
  offTopicStories: Set<number>
  /** Term -> the articles (indexes in docs) whose learned score reads it. */
  byTerm: Map<string, number[]>
  /** Per article, the parts of its last saved score a model change can move. */
  saved: Map<number, string>
}

export interface ScoringDeps {
  db: Db
  clock: Clock
  log: Log
}

/**
 * Scoring wired to the database: rescoring a sector (profile match, learned model, freshness, source,
 * stories), and decisions that teach the model. Keeps each article's analysis in memory while its
 * version (updatedAt) does not change, so rescoring after a decision does not re-analyse text.
 */
export function createScoring(deps: ScoringDeps) {
  const cache = new Map<number, { version: number; doc: AnalyzedDoc; simhash: string }>()
  const states = new Map<string, SectorState>()
  // Per sector, the tail of the decisions learning in this process: the next waits for it.
  const learning = new Map<string, Promise<unknown>>()

  function analyzed(row: ScoringRow) {
    const version = row.updatedAt.getTime()
    const hit = cache.get(row.id)
    if (hit && hit.version === version) return hit
    const doc = analyzeDoc({ ...row, text: row.text ?? '' })
    const entry = { version, doc, simhash: simhash(doc) }
    cache.set(row.id, entry)
    return entry
  }

  async function sectorContext(slug: string) {
    const sector = await getSector(deps.db, slug)
    if (!sector) throw new AppError('sector_not_found', { slug }, `no sector "${slug}"`)
    const modelRow = await getModel(deps.db, slug)
    return {
      profile: compileProfile(sector.profile as ProfileInput),
      profileKey: JSON.stringify(sector.profile),
      model: (modelRow?.model as SectorModel | undefined) ?? emptyModel(),
      decisionsSeen: modelRow?.decisionsSeen ?? 0,
    }
  }

  /** Recomputes every recent article's score and story in a sector. Returns how many were scored. */
  async function rescoreSector(
    slug: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    const now = deps.clock.now()
    const { profile, profileKey, model } = await sectorContext(slug)
    const since = new Date(now.getTime() - SCORING_WINDOW_DAYS * DAY)
    const breathe = timeSlices()
    // Read the text only of articles not analysed yet (or changed since): it is most of the bytes.
    const heads = await articlesForScoring(deps.db, slug, { since, withText: false })
    const rows = await rowsFor(
      slug,
      heads.map((h) => h.id),
    )
    const analysed = []
    for (const r of rows) {
      await breathe()
      analysed.push({ row: r, ...analyzed(r) })
    }
    // Term rarity in the sector's own articles: "marché" or "company" weigh less than "PIB".
    const df = docFrequencies(analysed.map((d) => d.doc))
    await yieldToLoop()
    const stories = clusterStories(
      analysed.map((d) => ({ ...d.doc, publishedAt: d.row.publishedAt, simhash: d.simhash })),
    )
    await yieldToLoop()
    const docs = analysed.map((d) => ({ ...d, storyId: stories.get(d.row.id) ?? d.row.id }))
    const feedsOfStory = new Map<number, Set<number>>()
    // A story trends only if all its articles are on topic: one off-topic member means a bad link.
    const offTopicStories = new Set<number>()
    const byTerm = new Map<string, number[]>()
    for (const [i, d] of docs.entries()) {
      await breathe()
      for (const t of learnedTermsOf(d.doc, df)) {
        const list = byTerm.get(t)
        if (list) list.push(i)
        else byTerm.set(t, [i])
      }
      if (!feedsOfStory.has(d.storyId)) feedsOfStory.set(d.storyId, new Set())
      feedsOfStory.get(d.storyId)!.add(d.row.feedId)
      if (!isOnTopic(d.doc, profile, df)) offTopicStories.add(d.storyId)
    }
    const state: SectorState = {
      profileKey,
      profile,
      model,
      fullModel: model,
      fullAt: now.getTime(),
      df,
      docs,
      feedsOfStory,
      offTopicStories,
      byTerm,
      saved: new Map(),
    }
    const n = await scoreAndSave(slug, state, docs, now, onProgress)
    states.set(slug, state)
    return n
  }

  /**
   * Rescores only what a model change can move: articles holding a term whose record changed,
   * articles of a source whose record changed, and the stories of the decided articles. Falls back
   * to a full rescore when there is nothing to start from, the profile changed, or the model's
   * counts moved too far since the last full one.
   */
  async function rescoreChanged(
    slug: string,
    decided: Set<number>,
  ): Promise<{ articles: number; full: boolean }> {
    const full = async () => ({ articles: await rescoreSector(slug), full: true })
    const state = states.get(slug)
    const now = deps.clock.now()
    if (!state || now.getTime() - state.fullAt > FULL_EVERY_MS) return full()
    const { profileKey, model } = await sectorContext(slug)
    if (profileKey !== state.profileKey) return full()
    if (modelDiff(state.fullModel, model).countsMoved > COUNTS_DRIFT_MAX) {
      // Reclustering thousands of articles holds the event loop for a second: not for a decision.
      state.model = model
      state.fullModel = model
      state.saved = new Map()
      return { articles: await scoreAndSave(slug, state, state.docs, now), full: true }
    }
    const diff = modelDiff(state.model, model)
    const stories = new Set(state.docs.filter((d) => decided.has(d.row.id)).map((d) => d.storyId))
    const reached = new Set<number>()
    for (const term of diff.terms) for (const i of state.byTerm.get(term) ?? []) reached.add(i)
    const touched = state.docs.filter(
      (d, i) => reached.has(i) || stories.has(d.storyId) || diff.sources.has(String(d.row.feedId)),
    )
    state.model = model
    return { articles: await scoreAndSave(slug, state, touched, now), full: false }
  }

  /** Scores these articles with the state's model and saves those whose score changed. */
  async function scoreAndSave(
    slug: string,
    state: SectorState,
    docs: SectorState['docs'],
    now: Date,
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    let pending: Parameters<typeof saveScores>[1] = []
    const breathe = timeSlices()
    const keys = new Map<number, string>()
    for (const [i, d] of docs.entries()) {
      // Requests waiting on the server get their turn every few hundred articles.
      await breathe()
      const explanation = scoreDoc(
        {
          ...d.doc,
          feedId: d.row.feedId,
          source: d.row.source,
          sourceKind: d.row.sourceKind,
          publishedAt: d.row.publishedAt,
        },
        {
          profile: state.profile,
          model: state.model,
          now,
          df: state.df,
          storySources: state.feedsOfStory.get(d.storyId)!.size,
          storyOnTopic: !state.offTopicStories.has(d.storyId),
        },
      )
      if (onProgress && i % 500 === 0) onProgress(i, docs.length)
      const key = `${explanation.score}|${JSON.stringify(explanation.learned)}|${JSON.stringify(explanation.source)}`
      if (state.saved.get(d.row.id) === key) continue
      keys.set(d.row.id, key)
      pending.push({
        articleId: d.row.id,
        sectorSlug: slug,
        score: explanation.score,
        explanation,
        storyId: d.storyId,
        simhash: d.simhash,
        computedAt: now,
      })
      if (pending.length >= SAVE_CHUNK) {
        await saveScores(deps.db, pending)
        pending = []
        await yieldToLoop()
      }
    }
    await saveScores(deps.db, pending)
    for (const [id, key] of keys) state.saved.set(id, key)
    onProgress?.(docs.length, docs.length)
    return docs.length
  }

  /** Records a curator decision; approve, reject and reshare teach the sector's model, then the sector is rescored. */
  async function decide(input: {
    articleId: number
    action: DecisionAction
    snoozeUntil?: Date | null
    actor?: string | null
  }) {
    const now = deps.clock.now()
    const decision = await recordDecision(deps.db, input, now)
    if (!decision)
      throw new AppError(
        'article_not_found',
        { articleId: input.articleId },
        `no article ${input.articleId}`,
      )
    if (input.action === 'approve' || input.action === 'reject' || input.action === 'reshare') {
      await learnOneAtATime(decision.sectorSlug, () =>
        learn(decision.sectorSlug, input.articleId, input.action as Action, now),
      )
    }
    // The curator gets the answer now; what the decision can change is rescored behind it, once
    // for a burst of decisions (readers are not held up by a rescore per decision).
    void rescoreSoon(decision.sectorSlug, input.articleId)
    return decision
  }

  const rescoring = new Map<
    string,
    { running: Promise<void>; again: boolean; decided: Set<number> }
  >()
  // A burst of decisions is rescored at most every second: the queue follows within seconds, and
  // the server answers readers in between.
  const RESCORE_GAP_MS = 1000

  /** Rescores what decisions changed in the background; one while a pass runs makes it run once more after. */
  function rescoreSoon(slug: string, articleId: number): Promise<void> {
    const current = rescoring.get(slug)
    if (current) {
      current.again = true
      current.decided.add(articleId)
      return current.running
    }
    const state = { again: false, running: Promise.resolve(), decided: new Set([articleId]) }
    state.running = (async () => {
      try {
        do {
          state.again = false
          const decided = state.decided
          state.decided = new Set()
          const started = performance.now()
          const passed = await rescoreChanged(slug, decided)
          deps.log.debug('rescored after decisions', {
            sector: slug,
            ...passed,
            ms: Math.round(performance.now() - started),
          })
          if (state.again) await new Promise((r) => setTimeout(r, RESCORE_GAP_MS))
        } while (state.again)
      } catch (err) {
        deps.log.error('background rescore failed', { sector: slug, error: errorMessage(err) })
      } finally {
        rescoring.delete(slug)
      }
    })()
    rescoring.set(slug, state)
    return state.running
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
  async function learn(slug: string, articleId: number, action: Action, now: Date) {
    const [row] = await articlesForScoring(deps.db, slug, { ids: [articleId] })
    const doc = { ...analyzed(row!).doc, feedId: row!.feedId, source: row!.source }
    for (let attempt = 1; ; attempt++) {
      const { model, decisionsSeen } = await sectorContext(slug)
      if (
        await saveNextModel(
          deps.db,
          slug,
          learnFromDecision(model, doc, action),
          decisionsSeen,
          now,
        )
      )
        return
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

  return { rescoreSector, decide, settled, termsFor, selectShortlist }
}

export type Scoring = ReturnType<typeof createScoring>
export type { Explanation }
