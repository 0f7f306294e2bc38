// The daily shortlist of a sector: the best stories of a day, chosen for relevance and diversity, kept
// as first produced so that it reads the same later (exports, digest), unless the curator makes it again.
import { addDays, checkDay, dayEnd, dayStart, localDay } from '../lib/calendar-days.ts'
import type { Clock } from '../lib/clock.ts'
import { errorMessage } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import { DEFAULT_SHORTLIST_FLOOR } from '../sectors/index.ts'
import {
  articlesForScoring,
  digestExtras,
  explanationsFor,
  getSector,
  getShortlist,
  replaceShortlist,
  saveShortlist,
  scoredArticles,
  type Db,
} from '../store/index.ts'
import { toStoryCards, type StoryCard } from './queue.ts'
import type { Explanation, Scoring } from './scoring.ts'

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

/** The sector's shortlist floor (profile.shortlist_floor in its file) and its time zone. */
async function shortlistSettingsOf(db: Db, slug: string) {
  const sector = await getSector(db, slug)
  const profile = sector?.profile as { shortlistFloor?: number } | undefined
  return {
    floor: profile?.shortlistFloor ?? DEFAULT_SHORTLIST_FLOOR,
    timezone: sector?.timezone ?? 'UTC',
  }
}

// A list of one blog is no veille: at most two items of a source, the curator's kept ones included.
const MAX_PER_SOURCE = 2

// Shortlists whose save failed, warned about once each (not at every view while the disk is full).
const unsavedShortlists = new Set<string>()

/** The best stories published on `day` or the day before (days of the sector's time zone), chosen for relevance and diversity. */
async function composeShortlist(
  deps: { db: Db; clock: Clock; scoring: Scoring },
  slug: string,
  day: string,
  size: number,
  settings: { floor: number; timezone: string },
): Promise<ShortlistItem[]> {
  const { floor, timezone } = settings
  // A story with no real tie to the sector (below the sector's floor) never makes the list, however
  // quiet the day; MMR only looks at the best few hundred stories.
  const rows = await scoredArticles(deps.db, slug, {
    now: deps.clock.now(),
    statuses: ['new', 'snoozed', 'approved', 'reshared'],
    since: dayStart(addDays(day, -1), timezone),
    until: dayEnd(day, timezone),
    minScore: floor,
    explain: false,
    judgedStoriesOut: true,
    // The best rows are enough to form the few hundred stories MMR looks at.
    limit: Math.max(1500, 50 * size),
  })
  const cards = toStoryCards(rows).slice(0, Math.max(300, 10 * size))
  const info = await deps.scoring.termsFor(
    slug,
    cards.map((c) => c.id),
  )
  const picked = deps.scoring.selectShortlist(
    cards.map((c) => ({
      id: c.id,
      storyId: c.storyId,
      source: c.source,
      feedId: info.get(c.id)!.feedId,
      score: c.score,
      terms: info.get(c.id)!.terms,
    })),
    { size, maxPerSource: MAX_PER_SOURCE, minScore: floor },
  )
  const byId = new Map(cards.map((c) => [c.id, c]))
  const explanations = await explanationsFor(
    deps.db,
    picked.map((p) => p.id),
  )
  return picked.map((p, i) => {
    const c = byId.get(p.id)!
    const explanation = explanations.get(p.id) as Explanation
    return {
      rank: i + 1,
      id: c.id,
      url: c.url,
      title: c.title,
      source: c.source,
      publishedAt: c.publishedAt,
      score: c.score,
      reason: explanation?.reason ?? '',
      explanation,
      storyId: c.storyId,
      alsoCoveredBy: c.alsoCoveredBy,
    }
  })
}

/**
 * The day's shortlist of a sector (see composeShortlist). Saved the first time it is produced with items,
 * so it reads the same later; each item comes back with what the curator has done with it since (its
 * current status).
 */
export async function shortlistOf(
  deps: { db: Db; clock: Clock; scoring: Scoring; log?: Log },
  slug: string,
  day: string,
  size = 10,
): Promise<{
  sectorSlug: string
  day: string
  createdAt: string
  floor: number
  items: (ShortlistItem & { status: string })[]
}> {
  checkDay(day)
  const settings = await shortlistSettingsOf(deps.db, slug)
  const { floor } = settings
  let saved = await getShortlist(deps.db, slug, day)
  if (!saved) {
    const items = await composeShortlist(deps, slug, day, size, settings)
    if (!items.length)
      return { sectorSlug: slug, day, createdAt: deps.clock.now().toISOString(), floor, items: [] }
    // Viewing the list must not depend on keeping it (a full disk): if the save fails, the list
    // computed now is shown, and saved by a later view once the database can be written.
    saved = await saveShortlist(deps.db, slug, day, items, deps.clock.now()).catch(
      (err: unknown) => {
        const key = `${slug} ${day}`
        if (!unsavedShortlists.has(key)) {
          unsavedShortlists.add(key)
          deps.log?.warn('shortlist shown but not saved', {
            sector: slug,
            day,
            error: errorMessage(err),
          })
        }
        return { sectorSlug: slug, day, items, createdAt: deps.clock.now() }
      },
    )
  }
  // A list saved before the floor was raised keeps only what still clears it.
  const items = (saved.items as ShortlistItem[]).filter((i) => i.score >= floor)
  const statuses = new Map(
    (await articlesForScoring(deps.db, slug, { ids: items.map((i) => i.id), withText: false })).map(
      (r) => [r.id, r.status],
    ),
  )
  return {
    sectorSlug: slug,
    day,
    createdAt: saved.createdAt.toISOString(),
    floor,
    items: items.map((i) => ({ ...i, status: statuses.get(i.id) ?? 'deleted' })),
  }
}

// What the curator has taken from a list (approved, marked to reshare): a list made again keeps it.
const KEPT_STATUSES = new Set(['approved', 'reshared'])

/**
 * Makes today's shortlist again, with what arrived and what was scored since it was made: the items the
 * curator approved, marked to reshare or commented on publicly stay (first, in their order), the rest
 * is chosen again. Past days' lists stay as they were sent and exported.
 */
export async function rebuildShortlist(
  deps: { db: Db; clock: Clock; scoring: Scoring; log?: Log },
  slug: string,
  size = 10,
) {
  const settings = await shortlistSettingsOf(deps.db, slug)
  const day = localDay(deps.clock.now(), settings.timezone)
  const before = await shortlistOf(deps, slug, day, size)
  const commented = await digestExtras(
    deps.db,
    before.items.map((i) => i.id),
  )
  const kept = before.items.filter(
    (i) => KEPT_STATUSES.has(i.status) || commented.get(i.id)?.commentary,
  )
  const keptStories = new Set(kept.map((i) => i.storyId))
  // The bound of items per source counts the kept ones too.
  const perSource = new Map<string, number>()
  for (const i of kept) perSource.set(i.source, (perSource.get(i.source) ?? 0) + 1)
  const fresh = (await composeShortlist(deps, slug, day, size + 2 * kept.length, settings)).filter(
    (i) => {
      if (keptStories.has(i.storyId)) return false
      const n = perSource.get(i.source) ?? 0
      perSource.set(i.source, n + 1)
      return n < MAX_PER_SOURCE
    },
  )
  const items = [...kept.map(({ status: _, ...item }) => item), ...fresh]
    .slice(0, Math.max(size, kept.length))
    .map((item, i) => ({ ...item, rank: i + 1 }))
  await replaceShortlist(deps.db, slug, day, items, deps.clock.now())
  const after = await shortlistOf(deps, slug, day, size)
  const was = new Set(before.items.map((i) => i.id))
  return { ...after, added: after.items.filter((i) => !was.has(i.id)).length }
}
