import type { Clock } from '../lib/clock.ts'
import { AppError } from '../lib/errors.ts'
import type { ProfileInput } from '../score/index.ts'
import { saveProfileFile, type SectorDef, type SectorProfile } from '../sectors/index.ts'
import { getSector, syncSectors, type Db } from '../store/index.ts'
import type { ScoringHead } from './scoring-sectors.ts'
import type { Scoring } from './scoring.ts'

export interface PreviewItem {
  id: number
  title: string
  source: string
  url: string
  score: number
  rank: number
  /** Rank and score under the current profile; null rank when the story was not in the top. */
  rankBefore: number | null
  scoreBefore: number
  move: 'up' | 'down' | 'same' | 'new'
}

export interface ProfilePreview {
  /** The top stories under the edited profile. */
  top: PreviewItem[]
  /** Stories of the current top that the edited profile pushes out of it. */
  dropped: { id: number; title: string; source: string; rank: number; score: number }[]
  /** How many undecided articles were scored. */
  considered: number
}

/**
 * How the sector's queue would change with an edited profile: scores the scoring window under the
 * current and the edited profile as the queue does (same model and clock) and compares the top
 * `size` stories of undecided articles. Nothing is saved.
 */
export async function previewProfile(
  deps: { db: Db; scoring: Pick<Scoring, 'rankWith'> },
  slug: string,
  edited: SectorProfile,
  size = 20,
): Promise<ProfilePreview> {
  const sector = await getSector(deps.db, slug)
  if (!sector) throw new AppError('sector_not_found', { slug }, `no sector "${slug}"`)
  // Ranked as the queue is, in the scoring worker (not on the server's thread): the whole window,
  // decided articles included, makes the stories and term rarity; undecided articles are ranked.
  const { window, rankings } = await deps.scoring.rankWith(slug, [
    sector.profile as ProfileInput,
    edited,
  ])
  const undecided = new Map(
    window.filter((r) => r.status === 'new' || r.status === 'snoozed').map((r) => [r.id, r]),
  )
  const [before, after] = rankings.map((ranking) =>
    bestPerStory(
      ranking.flatMap((r) => {
        const row = undecided.get(r.id)
        return row ? [{ row, story: r.storyId, score: r.score }] : []
      }),
    ),
  ) as [Scored[], Scored[]]
  const scoreBefore = new Map(before.map((s) => [s.row.id, s.score]))
  const rankBefore = new Map(before.slice(0, size).map((s, i) => [s.story, i + 1]))
  const top = after.slice(0, size).map((s, i): PreviewItem => {
    const was = rankBefore.get(s.story) ?? null
    const rank = i + 1
    return {
      id: s.row.id,
      title: s.row.title,
      source: s.row.source,
      url: s.row.url,
      score: s.score,
      rank,
      rankBefore: was,
      scoreBefore: scoreBefore.get(s.row.id) ?? 0,
      move: was == null ? 'new' : was > rank ? 'up' : was < rank ? 'down' : 'same',
    }
  })
  const keptStories = new Set(after.slice(0, size).map((s) => s.story))
  const dropped = before
    .slice(0, size)
    .map((s, i) => ({
      id: s.row.id,
      title: s.row.title,
      source: s.row.source,
      rank: i + 1,
      score: s.score,
    }))
    .filter((_, i) => !keptStories.has(before[i]!.story))
  return { top, dropped, considered: undecided.size }
}

type Scored = { row: ScoringHead; story: number; score: number }

// The queue shows one card per story, carried by its best-scored article.
function bestPerStory(scored: Scored[]): Scored[] {
  const best = new Map<number, Scored>()
  for (const s of scored) {
    const known = best.get(s.story)
    if (!known || s.score > known.score) best.set(s.story, s)
  }
  return [...best.values()].sort(
    (a, b) => b.score - a.score || b.row.publishedAt.getTime() - a.row.publishedAt.getTime(),
  )
}

export interface SaveProfileDeps {
  db: Db
  clock: Clock
  feedsDir: string
  scoring: Pick<Scoring, 'rescoreSector'>
  /** Re-reads every sector file; without it, only the saved sector is synced to the database. */
  reloadSectors?: () => Promise<unknown>
}

/** Writes an edited profile to the sector's file, brings the database in line with it and rescores the sector. */
export async function saveProfile(
  deps: SaveProfileDeps,
  slug: string,
  profile: SectorProfile,
): Promise<SectorDef> {
  if (!(await getSector(deps.db, slug)))
    throw new AppError('sector_not_found', { slug }, `no sector "${slug}"`)
  const sector = await saveProfileFile(deps.feedsDir, slug, profile)
  if (deps.reloadSectors) await deps.reloadSectors()
  else await syncSectors(deps.db, [sector], deps.clock.now())
  await deps.scoring.rescoreSector(slug)
  return sector
}
