import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { followedSearchesOf } from '../../jobs/followed-searches.ts'
import {
  QUEUE_COUNT_CAP,
  QUEUE_STATES,
  queueCount,
  queueOf,
  MAX_SKIP_OLDER_DAYS,
  staleQueueArticles,
} from '../../jobs/queue.ts'
import { AppError } from '../../lib/errors.ts'
import {
  listFeedNames,
  listSectorNames,
  recordDismissals,
  sectorHasArticles,
  stillSkippedIn,
  storyCountOf,
  timezoneOfArticle,
  type Db,
  type DismissBatch,
} from '../../store/index.ts'
import { queryString } from '../../../web/views/components/format.tsx'
import { addDays, dayStart, localDay } from '../../lib/calendar-days.ts'
import { QueuePage, type Frame } from '../../../web/views/queue/queue-page.tsx'
import type { AppEnv } from '../env.ts'
import { readForm, readJson } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { linkCardAuthors } from './directory-bylines.ts'
import { safeRedirectTarget } from '../redirect-target.ts'

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/
const day = z
  .string()
  .regex(DAY_RE)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')
const ACTIONS = ['approve', 'reject', 'reshare', 'snooze', 'dismiss', 'reset'] as const
// A page of cards' ids, as the queue's "skip this page" form sends them.
const IdList = z
  .string()
  .regex(/^\d{1,12}(,\d{1,12}){0,199}$/, 'a comma-separated list of article ids')
  .transform((s) => s.split(',').map(Number))
// A skip's decisions (first-last ids), as the page offers to undo them.
const Batch = z
  .string()
  .regex(/^\d{1,15}-\d{1,15}$/, 'a range of decision ids')
  .transform((s) => {
    const [first, last] = s.split('-').map(Number) as [number, number]
    return { first, last }
  })
  .refine((b) => b.first <= b.last, 'an empty range')

/** A row's id in a path or query: a positive integer, anything else a 400. */
export const Id = z.coerce.number().int().positive()

/** Parses with a zod schema; a failure is a validation_failed AppError naming the first bad field. */
export function parseWith<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const r = schema.safeParse(data)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  throw new AppError(
    'validation_failed',
    { field: issue?.path.join('.') ?? '' },
    issue?.message ?? 'invalid input',
  )
}

/** Query parameters without the empty ones (an empty select or input means "no filter"). */
export function nonEmptyQuery(c: Context<AppEnv>): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v.trim() !== ''))
}

/** The sectors and the one the page is about: ?sector=slug, or the first; null when none exists. */
export async function resolveSector(c: Context<AppEnv>, slug: string | undefined) {
  const sectors = await listSectorNames(c.var.deps.db)
  if (!slug) return { sectors, sector: sectors[0] ?? null }
  const sector = sectors.find((s) => s.slug === slug)
  if (!sector) throw new AppError('sector_not_found', { slug }, `no sector "${slug}"`)
  return { sectors, sector }
}

/** What every page's Layout needs from the request. */
export function frameOf(c: Context<AppEnv>, sector: string | null): Frame {
  const user = c.var.user
  return {
    t: c.var.t,
    locale: c.var.locale,
    csrf: c.var.csrf,
    user: user && { email: user.email, role: user.role },
    sector,
    path: c.req.method === 'GET' ? c.req.path + new URL(c.req.url).search : undefined,
  }
}

export const canDecide = (c: Context<AppEnv>) =>
  c.var.user?.role === 'curator' || c.var.user?.role === 'admin'

/** Sends a rendered page as a standards-mode HTML document (the Layout starts at <html>). */
export async function renderPage(
  c: Context<AppEnv>,
  page: { toString(): string | Promise<string> },
  status: 200 | 400 | 404 | 409 | 422 = 200,
) {
  return c.html(`<!doctype html>${await page.toString()}`, status)
}

/** The page for a sector-less install: nothing to show but how to add one. */
export function noSectorPage(c: Context<AppEnv>) {
  return c.html(
    `<!doctype html><html lang="${c.var.locale}"><head><meta charset="utf-8"><title>Vigie</title><link rel="stylesheet" href="/static/app.css"></head><body><main><p class="empty">${c.var.t('sector.none')}</p></main></body></html>`,
  )
}

// The queue's filters, in its address and in the forms that act on what it lists.
const Filters = z.object({
  source: z.coerce.number().int().positive().optional(),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/i)
    .optional(),
  minScore: z.coerce.number().min(0).max(100).optional(),
  since: day.optional(),
  tag: z.string().max(100).optional(),
})

const queueFiltersOf = (q: z.infer<typeof Filters>, timezone: string) => ({
  feedIds: q.source ? [q.source] : undefined,
  lang: q.lang?.toLowerCase(),
  minScore: q.minScore == null ? undefined : q.minScore / 100,
  since: q.since ? dayStart(q.since, timezone) : undefined,
  tag: q.tag?.trim() || undefined,
})

const QueueQuery = Filters.extend({
  sector: z.string().max(100).optional(),
  state: z.enum(QUEUE_STATES).optional(),
  // A place in the queue (an article's rank): the page after it or just before it; `page` numbers it.
  after: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().positive().max(10_000).optional(),
  done: z.coerce.number().int().positive().optional(),
  did: z.enum(ACTIONS).optional(),
  separated: Id.optional(),
  rejoined: Id.optional(),
  // A notice, not a filter: one that no longer parses (an address from an older version) is dropped.
  skipped: Batch.optional().catch(undefined),
  restored: z.coerce.number().int().min(0).optional(),
})

// One of: this page's cards, everything listed older than some days, or the undo of a skip.
const DismissBody = Filters.extend({
  sector: z.string().max(100),
  ids: IdList.optional(),
  olderThan: z.coerce.number().int().min(1).max(MAX_SKIP_OLDER_DAYS).optional(),
  undo: Batch.optional(),
  back: z.string().max(2000).optional(),
}).refine((b) => [b.ids, b.olderThan, b.undo].filter((x) => x !== undefined).length === 1, {
  message: 'ids, olderThan or undo',
  path: ['ids'],
})

const SeparateBody = z.object({ back: z.string().max(2000).optional() })

const DecisionBody = z
  .object({
    action: z.enum(ACTIONS),
    snoozeUntil: day.optional(),
    back: z.string().max(2000).optional(),
  })
  .refine((d) => d.action !== 'snooze' || d.snoozeUntil, {
    message: 'snooze needs a date',
    path: ['snoozeUntil'],
  })

const wantsJson = (c: Context<AppEnv>) =>
  (c.req.header('accept') ?? '').includes('application/json')

/** The curator's queue page and the decisions taken from it (forms without script, fetch with). */
export function queueRoutes(app: Hono<AppEnv>) {
  const QUEUE_PAGE_CARDS = 60
  app.get('/queue', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(QueueQuery, nonEmptyQuery(c))
    const { sectors, sector } = await resolveSector(c, q.sector)
    if (!sector) return noSectorPage(c)
    const { deps } = c.var
    const now = deps.clock.now()
    const queueFilters = { ...queueFiltersOf(q, sector.timezone), state: q.state }
    // A day's triage happens at the top: decided cards leave and the next ones come up; the pages
    // below are reached from a place in the rank (keyset), one more card read to know if more follow.
    const backwards = !q.after && !!q.before
    const [read, total, feeds, followed] = await Promise.all([
      queueOf(deps, sector.slug, {
        ...queueFilters,
        limit: QUEUE_PAGE_CARDS + 1,
        after: q.after,
        before: backwards ? q.before : undefined,
      }),
      queueCount(deps, sector.slug, queueFilters),
      listFeedNames(deps.db, sector.slug),
      followedSearchesOf(deps, sector.slug),
    ])
    const more = read.length > QUEUE_PAGE_CARDS
    const cards = backwards ? read.slice(-QUEUE_PAGE_CARDS) : read.slice(0, QUEUE_PAGE_CARDS)
    await linkCardAuthors(deps.db, cards)
    // Back at the top when nothing comes before (whatever page number the address said).
    const atTop = backwards ? !more : !q.after
    const page = atTop ? 1 : Math.max(2, q.page ?? 2)
    const filters = {
      source: q.source ?? null,
      lang: q.lang?.toLowerCase() ?? null,
      minScore: q.minScore ?? null,
      since: q.since ?? null,
      state: q.state ?? null,
      tag: queueFilters.tag ?? null,
    }
    const base = { sector: sector.slug, ...filters }
    const here = atTop ? {} : backwards ? { before: q.before, page } : { after: q.after, page }
    const back = `/queue${queryString({ ...base, ...here })}`
    const first = cards[0]
    const last = cards.at(-1)
    const prevHref = atTop
      ? null
      : page === 2 || !first
        ? `/queue${queryString(base)}`
        : `/queue${queryString({ ...base, before: first.id, page: page - 1 })}`
    const nextHref =
      last && (backwards || more)
        ? `/queue${queryString({ ...base, after: last.id, page: page + 1 })}`
        : null
    const langs = [...new Set([sector.language.split(/[-_]/)[0]!.toLowerCase(), 'fr', 'en'])]
    return renderPage(
      c,
      QueuePage({
        frame: frameOf(c, sector.slug),
        sectors,
        sector: sector.slug,
        cards,
        filters,
        paging: {
          total,
          capped: total >= QUEUE_COUNT_CAP,
          from: (page - 1) * QUEUE_PAGE_CARDS,
          prevHref,
          nextHref,
        },
        feeds: feeds.sort((a, b) => a.name.localeCompare(b.name)),
        langs,
        now,
        canDecide: canDecide(c),
        back,
        snoozeDefault: addDays(localDay(now, sector.timezone), 1),
        done: q.done && q.did ? { id: q.done, action: q.did } : null,
        separated: q.separated
          ? { id: q.separated, undone: false }
          : q.rejoined
            ? { id: q.rejoined, undone: true }
            : null,
        followed,
        skipped: q.skipped
          ? await skippedNotice(deps.db, sector.slug, q.skipped, c.var.user?.email ?? null)
          : null,
        restored: q.restored ?? null,
        hasArticles: total > 0 || (await sectorHasArticles(deps.db, sector.slug)),
      }),
    )
  })

  app.post('/queue/:id/decision', async (c) => {
    requireRole(c, 'curator')
    const user = c.var.user
    const articleId = parseWith(Id, c.req.param('id'))
    const body = parseWith(DecisionBody, await formOrJson(c))
    const now = c.var.deps.clock.now()
    let snoozeUntil: Date | null = null
    if (body.action === 'snooze') {
      // The day is the curator's (the sector's time zone): the card comes back at its midnight there.
      const timezone = (await timezoneOfArticle(c.var.deps.db, articleId)) ?? 'UTC'
      snoozeUntil = dayStart(body.snoozeUntil!, timezone)
      if (body.snoozeUntil! <= localDay(now, timezone))
        throw new AppError(
          'validation_failed',
          { field: 'snoozeUntil' },
          'snooze until a later day',
        )
    }
    const decision = await c.var.deps.scoring.decide({
      articleId,
      action: body.action,
      snoozeUntil,
      actor: user?.email ?? null,
    })
    if (wantsJson(c))
      return c.json({ ok: true, articleId, action: body.action, decisionId: decision.id })
    return c.redirect(backWith(body.back, { done: String(articleId), did: body.action }), 303)
  })

  // "Skip this page" or "skip everything older than" (mark as seen): the stories leave the queue and
  // teach nothing; and the undo of either.
  app.post('/queue/dismiss', async (c) => {
    requireRole(c, 'curator')
    const body = parseWith(DismissBody, await readForm(c))
    const { sector } = await resolveSector(c, body.sector)
    if (!sector) throw new AppError('sector_not_found', { slug: body.sector }, 'no sector')
    const { deps } = c.var
    const articleIds =
      body.olderThan === undefined
        ? body.ids
        : await staleQueueArticles(
            deps,
            sector.slug,
            queueFiltersOf(body, sector.timezone),
            body.olderThan,
          )
    const done = await recordDismissals(
      deps.db,
      {
        sectorSlug: sector.slug,
        articleIds,
        batch: body.undo,
        undo: !!body.undo,
        actor: c.var.user?.email ?? null,
      },
      deps.clock.now(),
    )
    // The page says what was done, and offers to undo a skip (its decisions, named in the address).
    const notice: Record<string, string> = body.undo
      ? { restored: String(await storyCountOf(deps.db, done.articleIds)) }
      : done.batch
        ? { skipped: `${done.batch.first}-${done.batch.last}` }
        : {}
    return c.redirect(backWith(body.back, notice), 303)
  })

  // "Not the same story": the article leaves the story it was grouped in, for good; and its undo.
  for (const [op, flag] of [
    ['separate', 'separated'],
    ['rejoin', 'rejoined'],
  ] as const) {
    app.post(`/queue/:id/${op}`, async (c) => {
      requireRole(c, 'curator')
      const articleId = parseWith(Id, c.req.param('id'))
      const body = parseWith(SeparateBody, await formOrJson(c))
      const { scoring } = c.var.deps
      const done =
        op === 'separate'
          ? await scoring.separate({ articleId, actor: c.var.user?.email ?? null })
          : await scoring.undoSeparate({ articleId })
      if (!done) throw new AppError('article_not_found', { articleId }, `no article ${articleId}`)
      const { sectorSlug: _, ...answer } = done
      if (wantsJson(c)) return c.json({ ok: true, articleId, ...answer })
      return c.redirect(backWith(body.back, { [flag]: String(articleId) }), 303)
    })
  }
}

/** What the page says of this curator's skip, offered for undo: the stories still skipped (none: no notice). */
async function skippedNotice(
  db: Db,
  sectorSlug: string,
  batch: DismissBatch,
  actor: string | null,
) {
  const stories = await storyCountOf(db, await stillSkippedIn(db, sectorSlug, batch, actor))
  return stories ? { undo: `${batch.first}-${batch.last}`, stories } : null
}

/** A form's fields or a JSON body, whichever the request sent (the queue's scripts send JSON). */
async function formOrJson(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  return type.includes('application/json') ? readJson(c) : readForm(c)
}

/** Where a form goes back to (the page it came from, if on this site), with these query parameters. */
function backWith(back: string | undefined, params: Record<string, string>): string {
  const url = new URL(safeRedirectTarget(back) ?? '/queue', 'http://local')
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  return `${url.pathname}${url.search}`
}
