import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import { AppError } from '../../lib/errors.ts'
import { decodeBody } from '../../lib/decode.ts'
import { changeFeed } from '../../jobs/feed-edit.ts'
import { deleteFeed } from '../../jobs/feed-delete.ts'
import { FETCH_OUTCOMES, fetchFeedNow } from '../../jobs/feed-fetch.ts'
import { buildOpml, parseOpml } from '../../sectors/index.ts'
import { addOneFeed, addSectorFeeds } from '../../jobs/feed-add.ts'
import { MAX_FEED_NAME, MAX_FEED_URL } from '../../sectors/index.ts'
import { publishSector } from '../../jobs/sector-public.ts'
import {
  articlesPerFeed,
  getFeed,
  getPublicSector,
  exportableFeeds,
  listFeeds,
  sectorFeedHistories,
} from '../../store/index.ts'
import { feedErrorOf } from '../../../web/views/sources/feed-problem.tsx'
import { queryString, safeHref } from '../../../web/views/components/format.tsx'
import type { AddFeedValues, FormError } from '../../../web/views/sources/feed-forms.tsx'
import { FEED_STATUSES, KINDS, type FeedStatus } from '../../../web/views/sources/feed-row.tsx'
import { SourcesPage } from '../../../web/views/sources/sources-page.tsx'
import type { AppEnv } from '../env.ts'
import { readForm } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { frameOf, noSectorPage, parseWith, resolveSector } from './queue.ts'
import { profileRoutes } from './sources-profile.ts'

const WEEK = 7 * 86_400_000
// How long "fetch now" waits for the crawl of one feed before answering that it goes on.
const FETCH_WAIT_MS = 20_000
const RATE_WEEKS = 4
import { MAX_OPML_BYTES } from '../route-table.ts'

const Query = z.object({
  sector: z.string().max(100).optional(),
  done: z
    .enum([
      'added',
      'exists',
      'saved',
      'imported',
      'publicSaved',
      'publicClosed',
      'deleted',
      'fetched',
    ])
    .optional(),
  removed: z.coerce.number().int().min(0).optional(),
  kept: z.coerce.number().int().min(0).optional(),
  feed: z.coerce.number().int().min(1).optional(),
  result: z.enum(FETCH_OUTCOMES).optional(),
  added: z.coerce.number().int().min(0).optional(),
  existing: z.coerce.number().int().min(0).optional(),
  refused: z.coerce.number().int().min(0).optional(),
  // The import's time: feeds created at that instant are the ones it added, highlighted.
  at: z.coerce.number().int().min(0).optional(),
  status: z.enum(FEED_STATUSES).optional(),
})
const sectorField = z.string().trim().min(1).max(100)
const PublicSwitch = z.object({ sector: sectorField, public: z.enum(['0', '1']) })
const AddFeed = z.object({
  sector: sectorField,
  url: z
    .string()
    .trim()
    .max(MAX_FEED_URL)
    .refine((u) => !!safeHref(u) && /^https?:\/\//i.test(u)),
  name: z.string().trim().max(MAX_FEED_NAME).optional(),
  kind: z.enum(KINDS).default('blog'),
  page: z.literal('1').optional(),
})
const EditFeed = z.object({
  name: z.string().trim().min(1).max(MAX_FEED_NAME).optional(),
  kind: z.enum(KINDS).optional(),
  enabled: z.enum(['0', '1']).optional(),
})

const wantsJson = (c: Context<AppEnv>) =>
  (c.req.header('accept') ?? '').includes('application/json')
const isAdmin = (c: Context<AppEnv>) => c.var.user?.role === 'admin'
const formFields = (c: Context<AppEnv>) => readForm(c) as Promise<Record<string, unknown>>

const entryDeps = (c: Context<AppEnv>) => ({
  db: c.var.deps.db,
  allowHosts: c.var.deps.config.allowHosts ?? [],
  now: c.var.deps.clock.now(),
  findFeed: c.var.deps.discovery?.findFeed,
  listPage: c.var.deps.discovery?.listPage,
})

/** The sources page of a sector, with an optional flash, form error and status. */
async function sourcesPage(
  c: Context<AppEnv>,
  slug: string | undefined,
  extra: {
    flash?: { ok: boolean; text: string } | null
    error?: FormError
    addValues?: AddFeedValues
    status?: ContentfulStatusCode
    importedAt?: number
    /** Only the feeds in this state (the crawl page links to the failing ones). */
    only?: FeedStatus
  } = {},
) {
  const { sectors, sector } = await resolveSector(c, slug)
  if (!sector) return noSectorPage(c)
  const { db, clock } = c.var.deps
  const since = new Date(clock.now().getTime() - RATE_WEEKS * WEEK)
  const [feeds, counts, open] = await Promise.all([
    listFeeds(db, sector.slug),
    articlesPerFeed(db, since, sector.slug),
    getPublicSector(db, sector.slug),
  ])
  const histories = await sectorFeedHistories(
    db,
    sector.slug,
    feeds.map((f) => f.id),
  )
  const page = SourcesPage({
    frame: frameOf(c, sector.slug),
    sectors,
    sector: sector.slug,
    feeds: feeds.map((feed) => ({
      feed,
      perWeek: (counts.get(feed.id) ?? 0) / RATE_WEEKS,
      history: histories.get(feed.id) ?? [],
    })),
    isAdmin: isAdmin(c),
    canFetch: c.var.user?.role !== 'viewer',
    flash: extra.flash ?? null,
    error: extra.error ?? null,
    addValues: extra.addValues ?? { url: '', name: '', kind: 'blog', page: false },
    now: clock.now(),
    importedAt: extra.importedAt ?? null,
    only: extra.only ?? null,
    isPublic: open !== null,
  })
  return c.html(`<!doctype html>${await page.toString()}`, extra.status ?? 200)
}

/**
 * A refused form: JSON callers get the error as on-error renders it; a browser gets the page again
 * with the message beside the form, so nothing typed is lost.
 */
async function refused(
  c: Context<AppEnv>,
  err: unknown,
  form: FormError['form'],
  slug: string | undefined,
  addValues?: AddFeedValues,
) {
  const handled =
    err instanceof AppError && ['validation_failed', 'opml_invalid', 'too_large'].includes(err.code)
  if (!handled || wantsJson(c)) throw err
  const field = typeof err.details.field === 'string' ? err.details.field : 'file'
  const message =
    err.details.reason === 'local_address'
      ? c.var.t('sources.localAddress', { host: String(err.details.host) })
      : err.details.reason === 'file_cannot_hold'
        ? c.var.t('sources.fileCannotHold')
        : err.details.reason === 'no_feed' || err.details.reason === 'no_articles'
          ? c.var.t(err.details.reason === 'no_feed' ? 'sources.noFeed' : 'sources.noArticles', {
              url: addValues?.url ?? '',
            })
          : err.message
  const status = err.code === 'too_large' ? 413 : 400
  return sourcesPage(c, slug, { error: { form, field, message }, addValues, status })
}

/** The feeds of a sector: list with health, add, edit, disable, OPML import and export; and the profile editor. */
export function sourcesRoutes(app: Hono<AppEnv>) {
  app.get('/sources', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(Query, c.req.query())
    const t = c.var.t
    const flash =
      q.done === 'deleted'
        ? {
            ok: true,
            text: t('sources.deleted', {
              removed: t('sources.deleted.removed', { n: q.removed ?? 0 }),
              kept: t('sources.deleted.kept', { n: q.kept ?? 0 }),
            }),
          }
        : q.done === 'fetched'
          ? await fetchedFlash(c, q.feed, q.result)
          : q.done === 'imported'
            ? {
                ok: true,
                text: [
                  t('sources.imported', {
                    added: t('sources.imported.added', { n: q.added ?? 0 }),
                    existing: t('sources.imported.existing', { n: q.existing ?? 0 }),
                  }),
                  q.refused ? t('sources.importedRefused', { n: q.refused }) : '',
                ]
                  .filter(Boolean)
                  .join(' '),
              }
            : q.done
              ? {
                  ok: q.done !== 'exists',
                  text: t(q.done === 'exists' ? 'sources.alreadyThere' : `sources.${q.done}`, {
                    url: `/p/${q.sector ?? ''}`,
                  }),
                }
              : null
    return sourcesPage(c, q.sector, {
      flash,
      importedAt: q.done === 'imported' ? q.at : undefined,
      only: q.status,
    })
  })

  app.get('/sources/export.opml', async (c) => {
    requireRole(c, 'viewer')
    const { sector } = await resolveSector(c, parseWith(Query, c.req.query()).sector)
    if (!sector) throw new AppError('sector_not_found', {}, 'no sector')
    const { db, clock } = c.var.deps
    const outlines = (await exportableFeeds(db, sector.slug)).map((f) => ({
      title: f.sourceName,
      xmlUrl: f.url,
      htmlUrl: f.siteUrl,
      category: null,
    }))
    const xml = buildOpml({ title: `Vigie · ${sector.name}`, outlines, dateCreated: clock.now() })
    return c.body(xml, 200, {
      'content-type': 'text/x-opml; charset=utf-8',
      'content-disposition': `attachment; filename="vigie-${sector.slug}.opml"`,
    })
  })

  app.post('/sources', async (c) => {
    requireRole(c, 'admin')
    const body = await formFields(c)
    const values = {
      url: String(body.url ?? ''),
      name: String(body.name ?? ''),
      kind: String(body.kind ?? 'blog'),
      page: body.page === '1',
    }
    const slug = typeof body.sector === 'string' ? body.sector : undefined
    try {
      const input = parseFeedForm(c, body, AddFeed)
      const { sector } = await resolveSector(c, input.sector)
      const name = input.name || new URL(input.url).hostname
      const added = await addOneFeed(
        entryDeps(c),
        sector!.slug,
        {
          url: input.url,
          title: name,
          siteUrl: null,
          kind: input.kind,
          sourceType: input.page ? 'page' : 'feed',
        },
        'manual',
      )
      if (wantsJson(c)) return c.json({ added }, added ? 201 : 200)
      return c.redirect(
        `/sources${queryString({ sector: sector!.slug, done: added ? 'added' : 'exists' })}`,
        303,
      )
    } catch (err) {
      return refused(c, err, 'add', slug, values)
    }
  })

  app.post('/sources/import', async (c) => {
    requireRole(c, 'admin')
    const body = await formFields(c)
    const slug = typeof body.sector === 'string' ? body.sector : undefined
    try {
      const { sector } = await resolveSector(c, parseWith(sectorField, slug))
      const outlines = await readOpmlUpload(c, body.file)
      const list = outlines.map((o) => ({ url: o.xmlUrl, title: o.title, siteUrl: o.htmlUrl }))
      const deps = entryDeps(c)
      const now = deps.now
      const {
        added,
        existing,
        refused: local,
      } = await addSectorFeeds(deps, sector!.slug, list, 'opml')
      const result = { added, existing, ...(local.length ? { refused: local.length } : {}) }
      if (wantsJson(c)) return c.json({ ...result, refusedFeeds: local })
      const at = added ? now.getTime() : undefined
      return c.redirect(
        `/sources${queryString({ sector: sector!.slug, done: 'imported', ...result, at })}`,
        303,
      )
    } catch (err) {
      return refused(c, err, 'import', slug)
    }
  })

  app.post('/sources/:id{[0-9]+}', async (c) => {
    const user = requireRole(c, 'admin')
    const id = Number(c.req.param('id'))
    const { db, config } = c.var.deps
    const before = await getFeed(db, id)
    if (!before) throw new AppError('feed_not_found', { feedId: id }, `no feed ${id}`)
    let feed
    try {
      const input = parseFeedForm(c, await formFields(c), EditFeed)
      feed = await changeFeed({ db, feedsDir: config.feedsDir }, id, {
        name: input.name,
        kind: input.kind,
        enabled: input.enabled === undefined ? undefined : input.enabled === '1',
        by: user.email,
      })
    } catch (err) {
      return refused(c, err, 'edit', before.sectorSlug)
    }
    if (wantsJson(c)) return c.json({ feed })
    return c.redirect(
      `/sources${queryString({ sector: feed.sectorSlug, done: 'saved' })}#feed-${feed.id}`,
      303,
    )
  })

  app.post('/sources/:id{[0-9]+}/delete', async (c) => {
    const user = requireRole(c, 'admin')
    const { db, config, clock, search, scoring } = c.var.deps
    const { feed, removed, kept } = await deleteFeed(
      { db, clock, feedsDir: config.feedsDir, search, scoring },
      Number(c.req.param('id')),
      user.email,
    )
    if (wantsJson(c)) return c.json({ deleted: feed.id, removed, kept })
    return c.redirect(
      `/sources${queryString({ sector: feed.sectorSlug, done: 'deleted', removed, kept })}`,
      303,
    )
  })

  // Crawls one feed at once and says how it went, beside the feed.
  app.post('/sources/:id{[0-9]+}/fetch', async (c) => {
    requireRole(c, 'curator')
    const { db, crawl } = c.var.deps
    const result = await fetchFeedNow({ db, crawl }, Number(c.req.param('id')), FETCH_WAIT_MS)
    const { feed, outcome } = result
    const articlesNew = result.outcome === 'ok' ? result.articlesNew : 0
    if (wantsJson(c)) {
      const error = outcome === 'failed' ? feedErrorOf(c.var.t, feed) : null
      const status = outcome === 'unavailable' ? 503 : outcome === 'disabled' ? 409 : 200
      return c.json(
        { outcome, articlesNew, message: fetchedText(c, outcome, articlesNew, error?.text), error },
        status,
      )
    }
    const q = {
      sector: feed.sectorSlug,
      done: 'fetched',
      feed: feed.id,
      result: outcome,
      added: articlesNew,
    }
    return c.redirect(`/sources${queryString(q)}#feed-${feed.id}`, 303)
  })

  // Opens or closes the sector's public page: written in its file first, which a reload reads.
  app.post('/sources/public', async (c) => {
    requireRole(c, 'admin')
    const body = parseWith(PublicSwitch, await formFields(c))
    const { sector } = await resolveSector(c, body.sector)
    const { db, config } = c.var.deps
    const open = body.public === '1'
    await publishSector({ db, feedsDir: config.feedsDir }, sector!.slug, open)
    if (wantsJson(c)) return c.json({ sector: sector!.slug, public: open })
    const done = open ? 'publicSaved' : 'publicClosed'
    return c.redirect(`/sources${queryString({ sector: sector!.slug, done })}`, 303)
  })

  profileRoutes(app)
}

// What a "fetch now" did, said in the reader's language; a failure with the feed's error sentence.
function fetchedText(
  c: Context<AppEnv>,
  outcome: (typeof FETCH_OUTCOMES)[number],
  articlesNew: number,
  error: string | undefined,
) {
  const t = c.var.t
  if (outcome === 'ok') return t('sources.fetched.ok', { n: articlesNew })
  if (outcome === 'failed' && error) return `${t('sources.fetched.failed')} ${error}`
  return t(`sources.fetched.${outcome}`)
}

async function fetchedFlash(
  c: Context<AppEnv>,
  feedId: number | undefined,
  outcome: (typeof FETCH_OUTCOMES)[number] | undefined,
) {
  if (!feedId || !outcome) return null
  const feed = await getFeed(c.var.deps.db, feedId)
  const error = outcome === 'failed' && feed ? feedErrorOf(c.var.t, feed)?.text : undefined
  const n = Number(c.req.query('added') ?? 0) || 0
  const text = fetchedText(c, outcome, n, error)
  const ok = outcome === 'ok' || outcome === 'not_modified' || outcome === 'running'
  return {
    ok,
    text: feed ? c.var.t('sources.fetched.about', { name: feed.sourceName, text }) : text,
  }
}

// The add form, with messages in the reader's language; the failing field goes in details.field.
function parseFeedForm<T extends z.ZodType>(
  c: Context<AppEnv>,
  body: Record<string, unknown>,
  schema: T,
): z.infer<T> {
  const r = schema.safeParse(body)
  if (r.success) return r.data
  const t = c.var.t
  const issue = r.error.issues[0]!
  const field = String(issue.path[0] ?? 'url')
  const tooLong = issue.code === 'too_big'
  const message =
    field === 'url'
      ? tooLong
        ? t('sources.urlTooLong', { max: MAX_FEED_URL })
        : t('sources.invalidUrl')
      : field === 'name'
        ? tooLong
          ? t('sources.nameTooLong', { max: MAX_FEED_NAME })
          : t('sources.invalidName')
        : field === 'kind'
          ? t('sources.invalidKind')
          : t('sources.invalidField', { field })
  throw new AppError('validation_failed', { field }, message)
}

// The uploaded file's feeds; an empty, oversized or non-OPML file is a clear validation error.
async function readOpmlUpload(c: Context<AppEnv>, file: unknown) {
  const t = c.var.t
  if (!(file instanceof File) || file.size === 0) {
    throw new AppError('validation_failed', { field: 'file' }, t('sources.importMissing'))
  }
  if (file.size > MAX_OPML_BYTES)
    throw new AppError('too_large', { field: 'file' }, t('sources.importTooLarge'))
  const { text } = decodeBody(Buffer.from(await file.arrayBuffer()), file.type || null, 'xml')
  let outlines
  try {
    outlines = parseOpml(text).outlines
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    // Said in the reader's language from the parser's reason; the English text stays for the log.
    const reason = typeof err.details.reason === 'string' ? err.details.reason : null
    const why = reason ? t(`opml.${reason}`, err.details as Record<string, string>) : err.message
    throw new AppError(
      err.code,
      { ...err.details, field: 'file' },
      t('opml.refused', { file: file.name, why }),
    )
  }
  if (!outlines.length)
    throw new AppError('validation_failed', { field: 'file' }, t('sources.importEmpty'))
  return outlines
}
