import {
  analyzeDoc,
  clusterStories,
  compileProfile,
  createStoryCache,
  DocFrequencyCounts,
  isOnTopic,
  learnedTermsOf,
  matchProfile,
  modelDiff,
  relatedTerms,
  scoreDoc,
  simhash,
  type AnalyzedDoc,
  type CompiledProfile,
  type DocFrequencies,
  type Explanation,
  type ProfileInput,
  type ProfileMatch,
  type SectorModel,
  type StoryCache,
} from '../score/index.ts'
import type { ScoringRow } from '../store/index.ts'

// The CPU-heavy half of rescoring, without the database: it runs in the scoring worker thread
// (scoring-worker.ts), fed rows by the main thread, which saves the scores it sends back.

/** What the scorer needs of an article besides its analysis (the text is only needed once). */
export type ScoringHead = Omit<ScoringRow, 'text' | 'excerpt'>

/** One article's new score, as the main thread saves it (it adds the sector and the time). */
export interface ScoreRecord {
  articleId: number
  score: number
  explanation: Explanation
  storyId: number
  simhash: string
}

/** Scores are handed over this many at a time: the main thread saves each batch as it comes. */
export const SCORE_BATCH = 100
/**
 * Scores the worker saves per transaction. SQLite lets one connection write at a time: a decision or
 * an annotation saved by the server waits for the worker's transaction in progress, never more (the
 * turns, src/store/write-turns.ts), so this bounds that wait. 25 rows with their explanations take
 * 5-9 ms on a loaded 2-core machine (100 took 14-16 ms).
 */
export const SAVE_ROWS = 25
// A decision changes some terms' and one source's records, and nudges the model's counts, which
// scale every learned weight a little. The background rescores what the changed records reach;
// the rest follows when a count has more than doubled since the last full pass (every article is
// then rescored with the stories and term rarity kept: they depend on the articles, not the model),
// and at the next full rescore: after a crawl, or after FULL_EVERY_MS.
const COUNTS_DRIFT_MAX = 1
export const FULL_EVERY_MS = 10 * 60_000
// A crawl brings a few articles into the window: they are clustered against the stories kept from
// the pass before (at 82,177 articles and 800 new, 12 s instead of 38 s from scratch), unless they
// are more than this share of the window, or the stories were last clustered from scratch a day ago
// (term rarity, which weighs what articles share, has moved since).
const NEW_TO_STORIES_MAX_SHARE = 0.1
const RECLUSTER_EVERY_MS = 24 * 3_600_000
// Between two passes most of a month's window only ages a little: a score that moved less than this
// since it was saved, with the rest of its explanation as saved, is not saved again, unless it was
// computed over RESAVE_EVERY_MS ago (the explanation gives the article's age). Saving every row,
// explanation and all, was most of a crawl's pass at a large window.
const SAVE_MIN_CHANGE = 0.001
const RESAVE_EVERY_MS = 6 * 3_600_000

/** What a full rescore computed that decisions do not change: reused to rescore a few articles. */
interface SectorState {
  profileKey: string
  profile: CompiledProfile
  /** The model the saved scores reflect, and the one of the last full rescore. */
  model: SectorModel
  fullModel: SectorModel
  fullAt: number
  df: DocFrequencies
  /** match: the article against the profile and df, which no decision changes. */
  docs: {
    row: ScoringHead
    doc: AnalyzedDoc
    simhash: string
    storyId: number
    match: ProfileMatch
  }[]
  feedsOfStory: Map<number, Set<number>>
  offTopicStories: Set<number>
  /** Term -> the articles (indexes in docs) whose learned score reads it (full passes only). */
  byTerm: Map<string, number[]>
  /** Per article, its last saved score, the parts of it a pass can change, and when it was computed. */
  saved: Map<number, { score: number; parts: string; at: number }>
  /** How many articles the pass clustered into stories: the window's new ones, or all. */
  clustered: number
}

/** A sector window's stories and term rarity, kept between passes. */
interface Corpus {
  /** The window's articles at their versions. */
  versions: Set<string>
  /** The window's articles as counted for its term rarity (df), and the counts. */
  counted: Map<number, AnalyzedDoc>
  counts: DocFrequencyCounts
  df: DocFrequencies
  stories: Map<number, number>
  /** The articles' fingerprints and story features, for the next clustering after a crawl. */
  storyCache: StoryCache
  /** When the stories were last clustered from scratch (not only the articles new since). */
  clusteredAt: number
  /** The pairs kept apart when these stories were formed. */
  apart: [number, number][]
}

export interface FullInput {
  slug: string
  profile: ProfileInput
  profileKey: string
  model: SectorModel
  now: number
  /** Every article of the scoring window; each must have been analysed (analyse) at its version. */
  heads: ScoringHead[]
  /** Pairs of articles the curator kept apart (storySplitsSince): never one story. */
  apart?: [number, number][]
}

/** A full pass's input under several profiles (a preview's current and edited ones). */
export interface RankInput extends Omit<FullInput, 'profile' | 'profileKey'> {
  profiles: ProfileInput[]
}

/** Articles of a source the sector does not follow (a suggested feed's items), to score as the queue would. */
export interface AffinityInput {
  slug: string
  profileKey: string
  model: SectorModel
  now: number
  rows: ScoringRow[]
}

export interface ChangedInput {
  slug: string
  profileKey: string
  model: SectorModel
  now: number
  /** Articles decided since the last pass: their stories are rescored. */
  decided: number[]
}

type Emit = (batch: ScoreRecord[], done: number, total: number) => void

/**
 * Sector states and article analyses kept between passes, so that rescoring after a decision does
 * not re-analyse text or recluster stories. An article's analysis is kept while its version
 * (updatedAt) does not change.
 */
export function createSectorScorer() {
  const cache = new Map<number, { version: number; doc: AnalyzedDoc; simhash: string }>()
  const states = new Map<string, SectorState>()
  // Stories and term rarity depend on the window's articles, not on the profile: kept for the next
  // pass over the same articles at the same versions (a preview ranks the window twice), and the
  // stories for the next window's (after a crawl).
  const corpora = new Map<string, Corpus>()

  /** Analyses these rows (with their text) and keeps the analyses for the next passes. */
  function analyse(rows: ScoringRow[]): void {
    for (const row of rows) {
      const doc = analyzeDoc({ ...row, text: row.text ?? '' })
      cache.set(row.id, { version: row.updatedAt.getTime(), doc, simhash: simhash(doc) })
    }
  }

  /**
   * Recomputes every article's story and score in the window. Returns how many were scored, and how
   * many were clustered into stories (the window's new articles, or all of them).
   */
  function full(input: FullInput, emit: Emit): { articles: number; clustered: number } {
    const state = stateOf(input)
    // For the passes after a decision (changed): a preview's ranking needs none.
    state.byTerm = learnedTermIndex(state.docs, state.df)
    // What the passes before saved under this profile, for the articles still in the window.
    const before = states.get(input.slug)
    if (before?.profileKey === input.profileKey)
      for (const d of state.docs) {
        const saved = before.saved.get(d.row.id)
        if (saved) state.saved.set(d.row.id, saved)
      }
    states.set(input.slug, state)
    return { articles: score(state, state.docs, input.now, emit), clustered: state.clustered }
  }

  /**
   * Every article's score and story in the window under each of the input's profiles, as `full`
   * computes them, without keeping or saving anything (a profile's preview): per profile, a list of
   * [article id, score, story id]. The stories and term rarity are computed once for all profiles.
   */
  function rank(
    { profiles, ...input }: RankInput,
    progress: (done: number, total: number) => void = () => {},
  ): [number, number, number][][] {
    return profiles.map((profile, p) => {
      const state = stateOf({ ...input, profile, profileKey: '' })
      const n = state.docs.length
      const out: [number, number, number][] = []
      score(state, state.docs, input.now, (batch, done) => {
        for (const r of batch) out.push([r.articleId, r.score, r.storyId])
        progress(p * n + done, profiles.length * n)
      })
      return out
    })
  }

  /**
   * The mean score the queue would give these articles of a source the sector does not follow:
   * the term rarity and profile of the sector's last full pass, the model, the clock, the prior of
   * a new source, each article a story of its own. Null when no full pass under this profile is
   * kept (the caller runs one), or without articles.
   */
  function affinity(input: AffinityInput): number | null {
    const state = states.get(input.slug)
    if (!state || state.profileKey !== input.profileKey || !input.rows.length) return null
    const now = new Date(input.now)
    const scores = input.rows.map((row) => {
      const doc = analyzeDoc({ ...row, text: row.text ?? '' })
      const { feedId, source, sourceKind, publishedAt } = row
      const ctx = { profile: state.profile, model: input.model, now, df: state.df }
      return scoreDoc({ ...doc, feedId, source, sourceKind, publishedAt }, ctx).score
    })
    return scores.reduce((a, b) => a + b, 0) / scores.length
  }

  /** Term -> the articles (indexes in docs) whose learned score reads it. */
  function learnedTermIndex(docs: SectorState['docs'], df: DocFrequencies) {
    const byTerm = new Map<string, number[]>()
    for (const [i, d] of docs.entries()) {
      for (const t of learnedTermsOf(d.doc, df)) {
        const list = byTerm.get(t)
        if (list) list.push(i)
        else byTerm.set(t, [i])
      }
    }
    return byTerm
  }

  /** What a full rescore computes before scoring: stories, term rarity, profile matches. */
  function stateOf(input: FullInput): SectorState {
    const profile = compileProfile(input.profile)
    const analysed = input.heads.map((row) => {
      const hit = cache.get(row.id)
      if (!hit || hit.version !== row.updatedAt.getTime())
        throw new Error(`article ${row.id} was not analysed at its version`)
      return { row, doc: hit.doc, simhash: hit.simhash }
    })
    const { clustered, ...corpus } = corpusOf(input.slug, analysed, input.now, input.apart ?? [])
    const { stories } = corpus
    const df: DocFrequencies = {
      ...corpus.df,
      related: relatedTerms(
        analysed.map((d) => d.doc),
        profile,
        corpus.df,
      ),
    }
    const docs = analysed.map((d) => ({
      ...d,
      storyId: stories.get(d.row.id) ?? d.row.id,
      match: matchProfile(d.doc, profile, df),
    }))
    const feedsOfStory = new Map<number, Set<number>>()
    // A story trends only if all its articles are on topic: one off-topic member means a bad link.
    const offTopicStories = new Set<number>()
    for (const d of docs) {
      if (!feedsOfStory.has(d.storyId)) feedsOfStory.set(d.storyId, new Set())
      feedsOfStory.get(d.storyId)!.add(d.row.feedId)
      if (!isOnTopic(d.match)) offTopicStories.add(d.storyId)
    }
    const state: SectorState = {
      profileKey: input.profileKey,
      profile,
      model: input.model,
      fullModel: input.model,
      fullAt: input.now,
      df,
      docs,
      feedsOfStory,
      offTopicStories,
      byTerm: new Map(),
      saved: new Map(),
      clustered,
    }
    return state
  }

  /**
   * The window's stories and term rarity: kept while its articles are the same at the same
   * versions. After a crawl, only the new articles are counted and clustered, against the stories
   * kept, unless they are many or the stories were last clustered from scratch a day ago.
   */
  function corpusOf(
    slug: string,
    analysed: { row: ScoringHead; doc: AnalyzedDoc; simhash: string }[],
    now: number,
    apart: [number, number][],
  ): Corpus & { clustered: number } {
    const versions = analysed.map(
      ({ row }) => `${row.id}@${row.updatedAt.getTime()}@${row.publishedAt.getTime()}`,
    )
    const before = corpora.get(slug)
    if (
      before?.apart.join(';') === apart.join(';') &&
      before.versions.size === versions.length &&
      versions.every((v) => before.versions.has(v))
    )
      return { ...before, clustered: 0 }
    const kept = before && now - before.clusteredAt < RECLUSTER_EVERY_MS ? before : null
    const previous = new Map<number, number>()
    versions.forEach((v, i) => {
      const id = analysed[i]!.row.id
      if (kept?.versions.has(v)) previous.set(id, kept.stories.get(id)!)
    })
    // Articles no longer kept apart (a separation undone) are clustered again, so they may rejoin.
    const stillApart = new Set(apart.map((p) => p.join()))
    for (const pair of kept?.apart ?? [])
      if (!stillApart.has(pair.join())) for (const id of pair) previous.delete(id)
    const clustered = analysed.length - previous.size
    const fromScratch = !kept || clustered > NEW_TO_STORIES_MAX_SHARE * analysed.length
    // Term rarity in the sector's own articles: "marché" or "company" weigh less than "PIB".
    const counts = fromScratch ? new DocFrequencyCounts() : kept.counts
    const counted = fromScratch ? new Map<number, AnalyzedDoc>() : kept.counted
    const inWindow = new Set(analysed.map((d) => d.row.id))
    for (const [id, doc] of counted) {
      if (inWindow.has(id)) continue
      counts.remove(doc)
      counted.delete(id)
    }
    for (const { row, doc } of analysed) {
      const was = counted.get(row.id)
      if (was === doc) continue
      if (was) counts.remove(was)
      counts.add(doc)
      counted.set(row.id, doc)
    }
    const storyCache = fromScratch ? createStoryCache() : kept.storyCache
    const corpus: Corpus = {
      versions: new Set(versions),
      counted,
      counts,
      df: counts.frequencies(),
      stories: clusterStories(
        analysed.map((d) => ({ ...d.doc, publishedAt: d.row.publishedAt, simhash: d.simhash })),
        fromScratch ? { cache: storyCache, apart } : { previous, cache: storyCache, apart },
      ),
      storyCache,
      clusteredAt: fromScratch ? now : kept.clusteredAt,
      apart,
    }
    corpora.set(slug, corpus)
    return { ...corpus, clustered: fromScratch ? analysed.length : clustered }
  }

  /**
   * Rescores only what a model change can move: articles holding a term whose record changed,
   * articles of a source whose record changed, and the stories of the decided articles. Null when
   * a full rescore is needed: nothing to start from, the profile changed, or the last full one is
   * too old.
   */
  function changed(input: ChangedInput, emit: Emit): { articles: number; full: boolean } | null {
    const state = states.get(input.slug)
    if (!state || input.now - state.fullAt > FULL_EVERY_MS) return null
    if (input.profileKey !== state.profileKey) return null
    const { model } = input
    if (modelDiff(state.fullModel, model).countsMoved > COUNTS_DRIFT_MAX) {
      state.model = model
      state.fullModel = model
      state.saved = new Map()
      return { articles: score(state, state.docs, input.now, emit), full: true }
    }
    const diff = modelDiff(state.model, model)
    const decided = new Set(input.decided)
    const stories = new Set(state.docs.filter((d) => decided.has(d.row.id)).map((d) => d.storyId))
    const reached = new Set<number>()
    for (const term of diff.terms) for (const i of state.byTerm.get(term) ?? []) reached.add(i)
    const touched = state.docs.filter(
      (d, i) => reached.has(i) || stories.has(d.storyId) || diff.sources.has(String(d.row.feedId)),
    )
    state.model = model
    return { articles: score(state, touched, input.now, emit), full: false }
  }

  /** Scores these articles with the state's model and emits those whose score changed. */
  function score(state: SectorState, docs: SectorState['docs'], nowMs: number, emit: Emit) {
    const now = new Date(nowMs)
    let pending: ScoreRecord[] = []
    for (const [i, d] of docs.entries()) {
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
          match: d.match,
          storySources: state.feedsOfStory.get(d.storyId)!.size,
          storyOnTopic: !state.offTopicStories.has(d.storyId),
        },
      )
      const { learned, source, trending, profile } = explanation
      // The version: an id reused by a new article (the last one deleted) is a new article.
      const parts = JSON.stringify([
        d.row.updatedAt.getTime(),
        d.storyId,
        trending.sources,
        trending.boost > 0,
        learned,
        source,
        profile.related?.map((t) => t.term),
      ])
      const was = state.saved.get(d.row.id)
      if (
        was?.parts === parts &&
        Math.abs(was.score - explanation.score) < SAVE_MIN_CHANGE &&
        nowMs - was.at < RESAVE_EVERY_MS
      )
        continue
      // Kept as saved now: if the main thread fails to save, it tells the scorer to forget the sector.
      state.saved.set(d.row.id, { score: explanation.score, parts, at: nowMs })
      pending.push({
        articleId: d.row.id,
        score: explanation.score,
        explanation,
        storyId: d.storyId,
        simhash: d.simhash,
      })
      if (pending.length >= SCORE_BATCH) {
        emit(pending, i + 1, docs.length)
        pending = []
      }
    }
    emit(pending, docs.length, docs.length)
    return docs.length
  }

  return {
    analyse,
    full,
    rank,
    affinity,
    changed,
    /** Drops a sector's state: its next pass is a full one (after a failed save). */
    forget: (slug: string) => void states.delete(slug),
  }
}
