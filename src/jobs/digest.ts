import { digestDue, renderDigest, type Digest, type Mailer } from '../digest/index.ts'
import { checkDay, localDay } from '../lib/calendar-days.ts'
import type { Clock } from '../lib/clock.ts'
import { AppError, errorMessage } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import {
  claimDigestRun,
  digestExtras,
  digestSectors,
  finishDigestRun,
  getDigestRun,
  getSector,
  type Db,
  type DigestRun,
} from '../store/index.ts'
import { shortlistOf } from './shortlist.ts'
import type { Scoring } from './scoring.ts'

/** As many items as the shortlist page shows, so that the digest is the list the curator sees. */
const DIGEST_SIZE = 10
// What the curator turned down or passed over since the list was made does not go out to readers.
const LEFT_OUT = new Set(['rejected', 'dismissed', 'deleted'])

export interface DigestDeps {
  db: Db
  clock: Clock
  log: Log
  scoring: Scoring
  /** Null when VIGIE_SMTP_URL is not set. */
  mailer: Mailer | null
  /** This process's name in digest runs (crawlerId()). */
  owner: string
}

export type DigestSendResult =
  | { state: 'sent'; sector: string; day: string; recipients: number; rejected: string[] }
  | { state: 'empty'; sector: string; day: string }
  | { state: 'taken'; sector: string; day: string; run: DigestRun | null }
  | { state: 'failed'; sector: string; day: string; error: string }

async function sectorOf(db: Db, slug: string) {
  const sector = await getSector(db, slug)
  if (!sector) throw new AppError('sector_not_found', { slug }, `no sector "${slug}"`)
  return sector
}

/**
 * The digest of a sector for a day (its local today by default): the day's shortlist, as the
 * shortlist page shows it, with each item's author and public commentary.
 */
export async function digestOf(
  deps: { db: Db; clock: Clock; scoring: Scoring },
  slug: string,
  day?: string,
): Promise<Digest> {
  const sector = await sectorOf(deps.db, slug)
  const today = localDay(deps.clock.now(), sector.timezone)
  const runDay = day ?? today
  checkDay(runDay)
  const base = { sectorSlug: slug, sectorName: sector.name, language: sector.language }
  // A day still to come has no shortlist; asking for it would save a partial one.
  if (runDay > today) return { ...base, day: runDay, items: [] }
  return shortlistDigest(deps, slug, runDay)
}

/**
 * The digest of the shortlist of one list day exactly as the shortlist page shows it (its export):
 * items the curator rejected since are left out, with each item's author and public commentary.
 */
export async function shortlistDigest(
  deps: { db: Db; clock: Clock; scoring: Scoring },
  slug: string,
  listDay: string,
): Promise<Digest> {
  const sector = await sectorOf(deps.db, slug)
  checkDay(listDay)
  const base = { sectorSlug: slug, sectorName: sector.name, language: sector.language }
  const list = await shortlistOf(deps, slug, listDay, DIGEST_SIZE)
  const kept = list.items.filter((i) => !LEFT_OUT.has(i.status))
  const extras = await digestExtras(
    deps.db,
    kept.map((i) => i.id),
  )
  return {
    ...base,
    day: listDay,
    items: kept.map((i) => ({
      rank: i.rank,
      title: i.title,
      url: i.url,
      source: i.source,
      author: extras.get(i.id)?.author ?? null,
      commentary: extras.get(i.id)?.commentary ?? '',
    })),
  }
}

/**
 * Sends a sector's digest of a day (its local today by default) to its recipients, once: the day's
 * run is claimed before anything is sent, so a second sender (the server's loop, a cron `vigie
 * digest --send`) finds it taken. Failures are recorded on the run, which a later try may take over.
 */
export async function sendDigest(
  deps: DigestDeps,
  slug: string,
  day?: string,
): Promise<DigestSendResult> {
  const sector = await sectorOf(deps.db, slug)
  if (!sector.digest)
    throw new AppError(
      'digest_not_set',
      { slug },
      `sector "${slug}" has no digest (set digest: in its file)`,
    )
  if (!deps.mailer) throw new AppError('smtp_not_configured', {}, 'VIGIE_SMTP_URL is not set')
  const today = localDay(deps.clock.now(), sector.timezone)
  const runDay = day ?? today
  checkDay(runDay)
  // Its run would be recorded as an empty day, and the real digest never sent when the day comes.
  if (runDay > today)
    throw new AppError(
      'bad_date',
      { day: runDay },
      `${runDay} has not come yet in ${sector.timezone}`,
    )
  const run = { sectorSlug: slug, day: runDay, owner: deps.owner }
  const base = { sector: slug, day: runDay }
  if (!(await claimDigestRun(deps.db, run, deps.clock.now())))
    return { state: 'taken', ...base, run: await getDigestRun(deps.db, slug, runDay) }
  try {
    const digest = await digestOf(deps, slug, runDay)
    if (!digest.items.length) {
      // Nothing to send is the day's answer too: the run ends, and the loop stops asking.
      await finishDigestRun(
        deps.db,
        run,
        { state: 'sent', recipients: 0, error: null },
        deps.clock.now(),
      )
      return { state: 'empty', ...base }
    }
    const { subject, html, text } = renderDigest(digest)
    const receipt = await deps.mailer.send({ to: sector.digest.to, subject, html, text })
    const error = receipt.rejected.length
      ? `refused by the server: ${receipt.rejected.join(', ')}`
      : null
    await finishDigestRun(
      deps.db,
      run,
      { state: 'sent', recipients: receipt.accepted.length, error },
      deps.clock.now(),
    )
    deps.log.info('digest sent', { sector: slug, day: runDay, recipients: receipt.accepted.length })
    return {
      state: 'sent',
      ...base,
      recipients: receipt.accepted.length,
      rejected: receipt.rejected,
    }
  } catch (err) {
    const error = errorMessage(err)
    await finishDigestRun(deps.db, run, { state: 'failed', recipients: 0, error }, deps.clock.now())
    deps.log.warn('digest failed', { sector: slug, day: runDay, error })
    return { state: 'failed', ...base, error }
  }
}

/**
 * Sends every digest whose local time has come today and that no run has claimed yet (or whose run
 * failed, unless `skip` says to wait). Returns what happened to each digest it tried.
 */
export async function sendDueDigests(
  deps: DigestDeps,
  opts: { skip?: (sector: string, day: string) => boolean } = {},
): Promise<DigestSendResult[]> {
  const results: DigestSendResult[] = []
  if (!deps.mailer) return results
  for (const sector of await digestSectors(deps.db)) {
    const { day, due } = digestDue(deps.clock.now(), sector.digest, sector.timezone)
    if (!due) continue
    const run = await getDigestRun(deps.db, sector.slug, day)
    if (run && run.state !== 'failed') continue
    if (run && opts.skip?.(sector.slug, day)) continue
    results.push(await sendDigest(deps, sector.slug, day))
  }
  return results
}
