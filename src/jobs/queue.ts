import { AppError } from '../lib/errors.ts'
import type { Clock } from '../lib/clock.ts'
import {
  articlesForScoring,
  decidedStories,
  explanationsFor,
  getShortlist,
  saveShortlist,
  scoredArticles,
  type Db,
  type QueueRow,
} from '../store/index.ts'
import { SCORING_WINDOW_DAYS, type Explanation, type Scoring } from './scoring.ts'

export interface StoryCard {
  id: number
  url: string
  title: string
  source: string
  author: string | null
  lang: string | null
  publishedAt: string
  status: string
  score: number
  reason: string
  explanation: Explanation
  storyId: number
  alsoCoveredBy: { id: number; url: string; title: string; source: string }[]
}

function card(best: QueueRow, others: QueueRow[]): StoryCard {
  const explanation = best.explanation as Explanation | null
  return {
    id: best.articleId,
    url: best.url,
    title: best.title,
    source: best.source,
    author: best.author,
    lang: best.lang,
    publishedAt: best.publishedAt.toISOString(),
    status: best.status,
    score: best.score,
    reason: explanation?.reason ?? '',
    explanation: explanation as Explanation,
    storyId: best.storyId,
    alsoCoveredBy: others.map((o) => ({ id: o.articleId, url: o.url, title: o.title, source: o.source })),
  }
}

/** Rows grouped by story, the best-scored article first in each; stories ordered by their best score. */
export function toStoryCards(rows: QueueRow[]): StoryCard[] {
  const byStory = new Map<number, QueueRow[]>()
  for (const r of rows) {
    const list = byStory.get(r.storyId)
    if (list) list.push(r)
    else byStory.set(r.storyId, [r])
  }
  return [...byStory.values()].map(([best, ...others]) => card(best!, others)).sort((a, b) => b.score - a.score)
}

export interface QueueFilters {
  feedIds?: number[]
  lang?: string
  minScore?: number
  since?: Date
  until?: Date
  limit?: number
  /** Read the score explanations of the cards (default true); without, `explanation` is null. */
  explain?: boolean
}

/** The ranked queue of undecided story cards of a sector. */
export async function queueOf(deps: { db: Db; clock: Clock }, slug: string, f: QueueFilters = {}): Promise<StoryCard[]> {
  const now = deps.clock.now()
  // Older articles are no longer rescored (their scores are stale): the queue is about the recent window.
  const windowStart = new Date(now.getTime() - SCORING_WINDOW_DAYS * 86_400_000)
  const since = f.since && f.since > windowStart ? f.since : windowStart
  const limit = f.limit ?? 200
  // Enough of the best rows to fill `limit` stories even when stories have several articles.
  const rowLimit = f.feedIds || f.lang || f.minScore != null ? undefined : Math.max(300, limit * 5)
  const [rows, decided] = await Promise.all([
    scoredArticles(deps.db, slug, { now, since, until: f.until, explain: false, limit: rowLimit }),
    decidedStories(deps.db, slug, since, now),
  ])
  // A decision on one article of a story decides the story: its other sources leave the queue with it.
  const kept = rows.filter(
    (r) =>
      !decided.has(r.storyId) &&
      (!f.feedIds || f.feedIds.includes(r.feedId)) &&
      (!f.lang || r.lang === f.lang) &&
      (f.minScore == null || r.score >= f.minScore),
  )
  const cards = toStoryCards(kept).slice(0, limit)
  if (f.explain === false) return cards
  // Explanations are large: read them for the cards shown only.
  const explanations = await explanationsFor(deps.db, cards.map((c) => c.id))
  for (const c of cards) {
    c.explanation = explanations.get(c.id) as Explanation
    c.reason = c.explanation?.reason ?? ''
  }
  return cards
}

export interface ShortlistItem {
  rank: number
  id: number
  url: string
  title: string
  source: string
  publishedAt: string
  score: number
  reason: string
  explanation: Explanation
  storyId: number
  alsoCoveredBy: StoryCard['alsoCoveredBy']
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/
export const SHORTLIST_MIN_SCORE = 0.2

/**
 * The day's shortlist of a sector: the best stories published that day or the day before (UTC), chosen
 * for relevance and diversity. Saved the first time it is produced with items, so it reads the same later;
 * each item comes back with what the curator has done with it since (its current status).
 */
export async function shortlistOf(
  deps: { db: Db; clock: Clock; scoring: Scoring },
  slug: string,
  day: string,
  size = 10,
): Promise<{ sectorSlug: string; day: string; createdAt: string; items: (ShortlistItem & { status: string })[] }> {
  if (!DAY_RE.test(day) || Number.isNaN(Date.parse(day))) throw new AppError('bad_date', { day }, `not a date (YYYY-MM-DD): ${day}`)
  let saved = await getShortlist(deps.db, slug, day)
  if (!saved) {
    const end = new Date(`${day}T23:59:59.999Z`)
    const start = new Date(end.getTime() - 2 * 86_400_000 + 1)
    // A story with no real tie to the sector (below SHORTLIST_MIN_SCORE) never makes the list, however
    // quiet the day; MMR only looks at the best few hundred stories.
    const rows = await scoredArticles(deps.db, slug, {
      now: deps.clock.now(),
      statuses: ['new', 'snoozed', 'approved', 'reshared'],
      since: start,
      until: end,
      minScore: SHORTLIST_MIN_SCORE,
      explain: false,
      // The best rows are enough to form the few hundred stories MMR looks at.
      limit: Math.max(1500, 50 * size),
    })
    const cards = toStoryCards(rows).slice(0, Math.max(300, 10 * size))
    const info = await deps.scoring.termsFor(slug, cards.map((c) => c.id))
    const picked = deps.scoring.selectShortlist(
      cards.map((c) => ({ id: c.id, storyId: c.storyId, source: c.source, feedId: info.get(c.id)!.feedId, score: c.score, terms: info.get(c.id)!.terms })),
      { size, maxPerSource: 2 },
    )
    const byId = new Map(cards.map((c) => [c.id, c]))
    const explanations = await explanationsFor(deps.db, picked.map((p) => p.id))
    for (const p of picked) {
      const c = byId.get(p.id)!
      c.explanation = explanations.get(p.id) as Explanation
      c.reason = c.explanation?.reason ?? ''
    }
    const items: ShortlistItem[] = picked.map((p, i) => {
      const c = byId.get(p.id)!
      return { rank: i + 1, id: c.id, url: c.url, title: c.title, source: c.source, publishedAt: c.publishedAt, score: c.score, reason: c.reason, explanation: c.explanation, storyId: c.storyId, alsoCoveredBy: c.alsoCoveredBy }
    })
    if (!items.length) return { sectorSlug: slug, day, createdAt: deps.clock.now().toISOString(), items: [] }
    saved = await saveShortlist(deps.db, slug, day, items, deps.clock.now())
  }
  const items = saved.items as ShortlistItem[]
  const statuses = new Map(
    (await articlesForScoring(deps.db, slug, { ids: items.map((i) => i.id), withText: false })).map((r) => [r.id, r.status]),
  )
  return {
    sectorSlug: slug,
    day,
    createdAt: saved.createdAt.toISOString(),
    items: items.map((i) => ({ ...i, status: statuses.get(i.id) ?? 'deleted' })),
  }
}
