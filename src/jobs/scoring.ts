import {
  analyzeDoc,
  clusterStories,
  compileProfile,
  docFrequencies,
  emptyModel,
  isOnTopic,
  learnFromDecision,
  salientTerms,
  scoreDoc,
  selectShortlist,
  simhash,
  type Action,
  type AnalyzedDoc,
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
/** Articles older than this keep the score they had: the queue is about what is new. */
export const SCORING_WINDOW_DAYS = 30

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
    const { profile, model } = await sectorContext(slug)
    const since = new Date(now.getTime() - SCORING_WINDOW_DAYS * DAY)
    // Read the text only of articles not analysed yet (or changed since): it is most of the bytes.
    const heads = await articlesForScoring(deps.db, slug, { since, withText: false })
    const rows = await rowsFor(
      slug,
      heads.map((h) => h.id),
    )
    const docs = []
    for (const [i, r] of rows.entries()) {
      if (i % 200 === 199) await yieldToLoop()
      docs.push({ row: r, ...analyzed(r) })
    }
    // Term rarity in the sector's own articles: "marché" or "company" weigh less than "PIB".
    const df = docFrequencies(docs.map((d) => d.doc))
    const stories = clusterStories(
      docs.map((d) => ({ ...d.doc, publishedAt: d.row.publishedAt, simhash: d.simhash })),
    )
    const feedsOfStory = new Map<number, Set<number>>()
    // A story trends only if all its articles are on topic: one off-topic member means a bad link.
    const offTopicStories = new Set<number>()
    for (const d of docs) {
      const story = stories.get(d.row.id) ?? d.row.id
      if (!feedsOfStory.has(story)) feedsOfStory.set(story, new Set())
      feedsOfStory.get(story)!.add(d.row.feedId)
      if (!isOnTopic(d.doc, profile, df)) offTopicStories.add(story)
    }
    const scored = []
    for (const [i, d] of docs.entries()) {
      // Requests waiting on the server get their turn every few hundred articles.
      if (i % 200 === 199) await yieldToLoop()
      const storyId = stories.get(d.row.id) ?? d.row.id
      const explanation = scoreDoc(
        {
          ...d.doc,
          feedId: d.row.feedId,
          source: d.row.source,
          sourceKind: d.row.sourceKind,
          publishedAt: d.row.publishedAt,
        },
        {
          profile,
          model,
          now,
          df,
          storySources: feedsOfStory.get(storyId)!.size,
          storyOnTopic: !offTopicStories.has(storyId),
        },
      )
      if (onProgress && i % 500 === 0) onProgress(i, docs.length)
      scored.push({
        articleId: d.row.id,
        sectorSlug: slug,
        score: explanation.score,
        explanation,
        storyId,
        simhash: d.simhash,
        computedAt: now,
      })
    }
    await saveScores(deps.db, scored)
    onProgress?.(docs.length, docs.length)
    return scored.length
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
    // The curator gets the answer now; the sector is rescored behind it, once for a burst of
    // decisions (readers are not held up by a rescore per decision).
    void rescoreSoon(decision.sectorSlug)
    return decision
  }

  const rescoring = new Map<string, { running: Promise<void>; again: boolean }>()
  // A burst of decisions is rescored at most every few seconds: the queue follows within seconds,
  // and the server answers readers in between.
  const RESCORE_GAP_MS = 3000

  /** Rescores a sector in the background; a request while one runs makes it run once more after. */
  function rescoreSoon(slug: string): Promise<void> {
    const current = rescoring.get(slug)
    if (current) {
      current.again = true
      return current.running
    }
    const state = { again: false, running: Promise.resolve() }
    state.running = (async () => {
      try {
        do {
          state.again = false
          await rescoreSector(slug)
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
