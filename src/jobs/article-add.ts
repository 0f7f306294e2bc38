// An article the curator found elsewhere (a link seen on a network, in a newsletter), added to a
// sector by its address: fetched through the safe fetcher, extracted like a crawled page, stored
// under its site's source, indexed and scored, and approved when the curator says so.
import { citationsOf } from '../directory/index.ts'
import { canonicalizeUrl } from '../extract/index.ts'
import { fetchAndExtract, pageColumns, type PageDeps } from '../extract/complete-pending.ts'
import type { Clock } from '../lib/clock.ts'
import { AppError, errorMessage } from '../lib/errors.ts'
import { localHostOf } from '../lib/ip-guard.ts'
import type { Log } from '../lib/log.ts'
import { indexDocsFor, type SearchIndex } from '../search/index.ts'
import {
  findByCanonical,
  getArticle,
  getSector,
  insertAddedArticle,
  sourceOfAddedPage,
  type Db,
} from '../store/index.ts'
import type { Scoring } from './scoring.ts'

export interface ArticleAddDeps {
  db: Db
  clock: Clock
  log: Log
  page: PageDeps
  allowHosts: readonly string[]
  scoring: Pick<Scoring, 'decide' | 'rescoreInBackground'>
  /** The search index, once loaded (it catches up with the database otherwise). */
  search: SearchIndex | null
}

export interface ArticleToAdd {
  sectorSlug: string
  url: string
  /** Approve it at once (a decision the sector's model learns from). */
  approve: boolean
  actor?: string | null
}

export interface AddedArticle {
  id: number
  /** The sector already held it (crawled, or added before): nothing was fetched or stored. */
  existing: boolean
  /** This call approved it (asked to, and it was not approved or reshared already). */
  approved: boolean
}

export const MAX_ADDED_URL = 2048

/**
 * Adds the page at `url` to the sector, or finds it there already (by its canonical address, before
 * and after fetching). A page that cannot be fetched or read stores nothing and says why.
 */
export async function addArticleByUrl(
  deps: ArticleAddDeps,
  input: ArticleToAdd,
): Promise<AddedArticle> {
  if (!(await getSector(deps.db, input.sectorSlug)))
    throw new AppError('sector_not_found', { sector: input.sectorSlug }, 'no such sector')
  const url = checkedUrl(input.url, deps.allowHosts)
  const known = await findByCanonical(deps.db, input.sectorSlug, canonicalizeUrl(url), -1)
  if (known) return held(deps, input, known.id)

  const page = await fetchAndExtract(deps.page, url).catch((err: unknown) => {
    throw new AppError(
      'page_unreadable',
      { field: 'url', reason: errorMessage(err) },
      `${url} could not be read: ${errorMessage(err)}`,
    )
  })
  if (!page.text.trim())
    throw new AppError(
      'page_unreadable',
      { field: 'url', reason: 'no text' },
      `${url} has no article text to keep`,
    )
  const twin = await findByCanonical(deps.db, input.sectorSlug, page.canonicalUrl, -1)
  if (twin) return held(deps, input, twin.id)

  const now = deps.clock.now()
  const feedId = await sourceOfAddedPage(
    deps.db,
    { sectorSlug: input.sectorSlug, pageUrl: page.url, siteName: page.siteName },
    now,
  )
  const dated = page.publishedAt ? new Date(page.publishedAt) : null
  // A page without a date, or dated in the future, counts from now.
  const publishedAt = dated && dated.getTime() <= now.getTime() ? dated : now
  const row = {
    sectorSlug: input.sectorSlug,
    feedId,
    guid: page.canonicalUrl,
    url: page.url,
    canonicalUrl: page.canonicalUrl,
    ...pageColumns(page),
    publishedAt,
    publishedFromFeed: false,
    firstSeenAt: now,
    updatedAt: now,
    extractState: 'ok' as const,
    extractAttempts: 1,
  }
  const id = await insertAddedArticle(deps.db, row, (id) =>
    citationsOf({ ...row, id, siteUrl: null }),
  )
  if (id === null) {
    // Stored meanwhile (a crawl, another curator): that one is the article.
    const stored = await findByCanonical(deps.db, input.sectorSlug, page.canonicalUrl, -1)
    if (stored) return held(deps, input, stored.id)
    throw new AppError('page_unreadable', { field: 'url', reason: 'conflict' }, 'try again')
  }
  await deps.search?.upsert(await indexDocsFor(deps.db, [id]))
  // A new article: its score and story come from a pass over the sector, behind the answer (one
  // pass, that of the approval when there is one).
  if (input.approve)
    await deps.scoring.decide({
      articleId: id,
      action: 'approve',
      actor: input.actor ?? null,
      newArticle: true,
    })
  else void deps.scoring.rescoreInBackground(input.sectorSlug)
  deps.log.info('article added by hand', { sector: input.sectorSlug, articleId: id, url })
  return { id, existing: false, approved: input.approve }
}

// An article the sector holds, added again: the curator who asks to approve it wants it kept, whatever
// was decided before (an approval or a reshare already keeps it).
async function held(deps: ArticleAddDeps, input: ArticleToAdd, id: number): Promise<AddedArticle> {
  const status = (await getArticle(deps.db, id))?.status
  const approve = input.approve && status !== 'approved' && status !== 'reshared'
  if (approve)
    await deps.scoring.decide({ articleId: id, action: 'approve', actor: input.actor ?? null })
  return { id, existing: true, approved: approve }
}

function checkedUrl(typed: string, allowHosts: readonly string[]): string {
  const url = typed.trim()
  let parsed: URL | null = null
  try {
    parsed = new URL(url)
  } catch {}
  if (!parsed || !/^https?:$/.test(parsed.protocol) || url.length > MAX_ADDED_URL)
    throw new AppError(
      'validation_failed',
      { field: 'url', reason: 'invalid' },
      'the address must be an http or https URL',
    )
  const host = localHostOf(url, allowHosts)
  if (host)
    throw new AppError(
      'validation_failed',
      { field: 'url', reason: 'local_address', host },
      `${host} is a private or local address: Vigie does not fetch it (VIGIE_ALLOW_HOSTS can allow it)`,
    )
  return url
}
