import type { Clock } from '../lib/clock.ts'
import {
  countQueueHeads,
  tagsOf,
  explanationsFor,
  queueHeads,
  rankKeyOf,
  scoredArticles,
  staleListedArticleIds,
  storyHeadOf,
  storyRows,
  type Db,
  type QueueHead,
  type QueueReadFilter,
  type QueueRow,
} from '../store/index.ts'
import { SCORING_WINDOW_DAYS, type Explanation } from './scoring.ts'
import { nextTurn } from '../lib/next-turn.ts'

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
  /** The tags of the article's annotation (read with the explanations). */
  tags?: string[]
  /** The byline's authors, linked to the directory where it knows them (set by the queue page). */
  authors?: { name: string; personId: number | null }[]
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
  /** Stories skipped before the first listed (the API's paging; pages use the cursors below). */
  offset?: number
  /** The stories that come after this article's story in the queue (the last card of the page before). */
  after?: number
  /** The stories just before this article's story (the first card of the page after), best first. */
  before?: number
  /** Only articles whose annotation has this tag. */
  tag?: string
  /** 'reshare': the articles decided "to reshare" (whatever their age) instead of the undecided ones. */
  state?: QueueState
  /** Read the score explanations of the cards (default true); without, `explanation` is null. */
  explain?: boolean
}

export const QUEUE_STATES = ['undecided', 'reshare'] as const
export type QueueState = (typeof QUEUE_STATES)[number]

// The article status each listed state stands for (undecided: new, or snoozed until before now).
const STATUSES: Record<QueueState, string[] | undefined> = { undecided: undefined, reshare: ['reshared'] }

function windowOf(now: Date, f: QueueFilters) {
  // Older articles are no longer rescored (their scores are stale): the undecided queue is about the
  // recent window. What was decided to reshare stays listed until it is done, however old.
  if (f.state === 'reshare') return f.since
  const windowStart = new Date(now.getTime() - SCORING_WINDOW_DAYS * 86_400_000)
  return f.since && f.since > windowStart ? f.since : windowStart
}

function readFilter(now: Date, f: QueueFilters): QueueReadFilter {
  return {
    now,
    statuses: STATUSES[f.state ?? 'undecided'],
    since: windowOf(now, f),
    until: f.until,
    feedIds: f.feedIds,
    lang: f.lang,
    minScore: f.minScore,
    tag: f.tag,
  }
}

/** Counts stop here: a page says "1000+" rather than pay for counting the whole window. */
export const QUEUE_COUNT_CAP = 1000

/** How many stories the queue lists with these filters, up to `cap` (the cards come a page at a time). */
export async function queueCount(
  deps: { db: Db; clock: Clock },
  slug: string,
  f: QueueFilters = {},
  cap = QUEUE_COUNT_CAP,
): Promise<number> {
  return countQueueHeads(deps.db, slug, readFilter(deps.clock.now(), f), cap)
}

const DAY_MS = 86_400_000

/** "Skip everything older than" goes back at most this far (the queue's window is 30 days). */
export const MAX_SKIP_OLDER_DAYS = 30

/**
 * The undecided articles listed with these filters whose stories have nothing published in the last
 * `days` days: what "skip everything older than" takes out of the queue.
 */
export async function staleQueueArticles(
  deps: { db: Db; clock: Clock },
  slug: string,
  f: QueueFilters,
  days: number,
): Promise<number[]> {
  const now = deps.clock.now()
  const before = now.getTime() - days * DAY_MS
  const rf = readFilter(now, { ...f, state: 'undecided' })
  const ids: number[] = []
  // A day of the window at a time, with a turn of the event loop between (the database answers on
  // this thread): at a million articles the window holds 80,000.
  for (let from = rf.since!.getTime(); from < before; from += DAY_MS) {
    const slice = { from: new Date(from), to: new Date(Math.min(from + DAY_MS, before)) }
    for (const id of await staleListedArticleIds(deps.db, slug, rf, new Date(before), slice)) ids.push(id)
    await nextTurn()
  }
  return ids
}

/** The cards of these stories, in this order, from their listed rows. */
async function cardsOf(db: Db, slug: string, heads: QueueHead[], rf: QueueReadFilter): Promise<StoryCard[]> {
  const rows = await storyRows(db, slug, [...new Set(heads.map((h) => h.storyId))], rf)
  const byStory = new Map<number, QueueRow[]>()
  for (const r of rows) byStory.set(r.storyId, [...(byStory.get(r.storyId) ?? []), r])
  const cards: StoryCard[] = []
  for (const h of heads) {
    const list = byStory.get(h.storyId) ?? []
    const best = list.find((r) => r.articleId === h.articleId)
    // Gone between the two reads (a decision just arrived): the card leaves with it.
    if (best) cards.push(card(best, list.filter((r) => r !== best)))
  }
  return cards
}

/**
 * The ranked queue of undecided story cards of a sector (or those decided to reshare): a page read
 * from the stored rank, from the top or from a cursor (`after`, `before`).
 */
export async function queueOf(deps: { db: Db; clock: Clock }, slug: string, f: QueueFilters = {}): Promise<StoryCard[]> {
  const rf = readFilter(deps.clock.now(), f)
  const [after, before] = await Promise.all([
    f.after ? rankKeyOf(deps.db, f.after) : null,
    f.before ? rankKeyOf(deps.db, f.before) : null,
  ])
  const heads = await queueHeads(deps.db, slug, rf, {
    after: after ?? undefined,
    before: before ?? undefined,
    limit: f.limit ?? 200,
    offset: f.offset,
  })
  const cards = await cardsOf(deps.db, slug, heads, rf)
  if (f.explain === false) return cards
  // Explanations are large: read them for the cards shown only.
  const [explanations, tags] = await Promise.all([
    explanationsFor(deps.db, cards.map((c) => c.id)),
    tagsOf(deps.db, cards.map((c) => c.id)),
  ])
  for (const c of cards) {
    c.explanation = explanations.get(c.id) as Explanation
    c.reason = c.explanation?.reason ?? ''
    c.tags = tags.get(c.id) ?? []
  }
  return cards
}

/**
 * Where an article stands in its sector's undecided queue: its story's card, and the stories just
 * before and after it (two index seeks from its story's place). Null card when it is not listed
 * (decided, or out of the window).
 */
export async function queueNeighbours(
  deps: { db: Db; clock: Clock },
  articleId: number,
): Promise<{ card: StoryCard | null; prev: StoryCard | null; next: StoryCard | null }> {
  const none = { card: null, prev: null, next: null }
  const key = await rankKeyOf(deps.db, articleId)
  if (!key) return none
  const rf = readFilter(deps.clock.now(), {})
  const head = await storyHeadOf(deps.db, key.sectorSlug, key.storyId, rf)
  if (!head) return none
  const [[prev], [next]] = await Promise.all([
    queueHeads(deps.db, key.sectorSlug, rf, { before: head, limit: 1 }),
    queueHeads(deps.db, key.sectorSlug, rf, { after: head, limit: 1 }),
  ])
  const cards = await cardsOf(deps.db, key.sectorSlug, [prev, head, next].filter((h) => h !== undefined), rf)
  const byId = new Map(cards.map((c) => [c.id, c]))
  return {
    card: byId.get(head.articleId) ?? null,
    prev: (prev && byId.get(prev.articleId)) ?? null,
    next: (next && byId.get(next.articleId)) ?? null,
  }
}
