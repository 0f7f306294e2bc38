import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { emptyAnnotation, saveAnnotation } from '../../curate/index.ts'
import { queueNeighbours, type StoryCard } from '../../jobs/queue.ts'
import type { Explanation } from '../../jobs/scoring.ts'
import { AppError } from '../../lib/errors.ts'
import {
  annotationHistory,
  getAnnotation,
  getArticle,
  getFeed,
  getSector,
  listUsers,
  scoredArticles,
  sectorTags,
  type Article,
} from '../../store/index.ts'
import { formatNumber } from '../../../web/views/components/format.tsx'
import { addDays, localDay } from '../../lib/calendar-days.ts'
import type { AnnotationValues } from '../../../web/views/reader/annotation-form.tsx'
import { ReaderPage } from '../../../web/views/reader/reader-page.tsx'
import type { NavLink } from '../../../web/views/reader/story-nav.tsx'
import type { AppEnv } from '../env.ts'
import { readForm, readJson } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { authorsOfArticles } from './directory-bylines.ts'
import { canDecide, frameOf, Id, parseWith, renderPage } from './queue.ts'

const ALL_STATUSES = ['new', 'approved', 'rejected', 'reshared', 'snoozed', 'dismissed']
const DAY = 86_400_000
// A story's articles are published close together: look this far around an article for its siblings.
const STORY_WINDOW_MS = 4 * DAY

const ReaderQuery = z.object({
  saved: z.string().optional(),
  done: z.coerce.number().int().positive().optional(),
  did: z.enum(['approve', 'reject', 'reshare', 'snooze', 'dismiss', 'reset']).optional(),
  separated: Id.optional(),
  rejoined: Id.optional(),
  // Every version of the annotation rather than the newest HISTORY_SHOWN.
  history: z.enum(['all']).optional(),
  // Just added by its address, or found already there.
  added: z.enum(['new', 'existing']).optional().catch(undefined),
})
// Lengths are checked by saveAnnotation against ANNOTATION_LIMITS (one rule for form, script and API),
// so that a refusal names the field and its limit; the body limit caps what can arrive at all.
const AnnotationBody = z.object({
  baseVersion: z.coerce.number().int().min(0),
  note: z.string().default(''),
  // A comma-separated field from the form, or a list from a script.
  tags: z.union([z.string(), z.array(z.string())]).default(''),
  commentary: z.string().default(''),
})
// The reader shows the newest versions, and all of them on request (a link says how many are left).
const HISTORY_SHOWN = 10

const splitTags = (tags: string | string[]) => (Array.isArray(tags) ? tags : tags.split(','))
const toNav = (o: { id: number; title: string; source: string }): NavLink => ({
  id: o.id,
  title: o.title,
  source: o.source,
})

/** Where an article stands in its sector's queue: previous and next stories, and its story's other articles. */
async function storyContext(c: Context<AppEnv>, article: Article) {
  const { deps } = c.var
  const now = deps.clock.now()
  const [place, [own]] = await Promise.all([
    // Previous and next stories of the queue: two index seeks from this story's place.
    queueNeighbours(deps, article.id),
    scoredArticles(deps.db, article.sectorSlug, { now, statuses: ALL_STATUSES, ids: [article.id] }),
  ])
  let others: NavLink[] = []
  if (place.card) {
    const card: StoryCard = place.card
    others = [card, ...card.alsoCoveredBy].filter((o) => o.id !== article.id).map(toNav)
  } else if (own) {
    // Decided already, so not in the queue: find the story's other articles by its id.
    const around = await scoredArticles(deps.db, article.sectorSlug, {
      now,
      statuses: ALL_STATUSES,
      since: new Date(article.publishedAt.getTime() - STORY_WINDOW_MS),
      until: new Date(article.publishedAt.getTime() + STORY_WINDOW_MS),
      storyId: own.storyId,
      explain: false,
    })
    others = around
      .filter((r) => r.storyId === own.storyId && r.articleId !== article.id)
      .map((r) => toNav({ ...r, id: r.articleId }))
  }
  const score = own
    ? {
        score: own.score,
        reason: (own.explanation as Explanation).reason,
        explanation: own.explanation as Explanation,
      }
    : null
  return {
    others,
    prev: place.prev && toNav(place.prev),
    next: place.next && toNav(place.next),
    score,
  }
}

/** Renders the reader; after a refused save, with the curator's edit kept and the saved version beside it. */
async function readerPage(
  c: Context<AppEnv>,
  articleId: number,
  opts: {
    saved?: boolean
    done?: { id: number; action: string } | null
    conflict?: { yours: AnnotationValues; theirs: AnnotationValues & { version: number } }
    /** A save refused for a limit: the curator's edit stays in the form, the reason beside it. */
    refused?: { yours: AnnotationValues; baseVersion: number; reason: string }
    /** List every version of the annotation, its history open. */
    allHistory?: boolean
    /** The article was just taken out of its story, or that was undone. */
    separated?: 'separated' | 'rejoined' | null
    added?: 'new' | 'existing' | null
  } = {},
) {
  const { deps } = c.var
  const article = await getArticle(deps.db, articleId)
  if (!article) throw new AppError('article_not_found', { articleId }, `no article ${articleId}`)
  const [feed, annotation, tags, story, reshares, sector, versions, users] = await Promise.all([
    getFeed(deps.db, article.feedId),
    getAnnotation(deps.db, articleId),
    sectorTags(deps.db, article.sectorSlug),
    storyContext(c, article),
    deps.resharing?.history(articleId) ?? [],
    getSector(deps.db, article.sectorSlug),
    annotationHistory(deps.db, articleId),
    listUsers(deps.db),
  ])
  const emailOf = new Map(users.map((u) => [u.id, u.email]))
  const timezone = sector?.timezone ?? 'Europe/Paris'
  const authors = (await authorsOfArticles(deps.db, [articleId])).get(articleId)
  const saved = annotation ?? emptyAnnotation(articleId)
  const page = ReaderPage({
    frame: frameOf(c, article.sectorSlug),
    article: {
      ...article,
      source: feed?.sourceName ?? article.siteName ?? '',
      siteUrl: feed?.siteUrl ?? null,
      authors,
    },
    score: story.score,
    annotation: {
      values: opts.conflict?.yours ??
        opts.refused?.yours ?? {
          note: saved.note,
          tags: saved.tags as string[],
          commentary: saved.commentary,
        },
      baseVersion: opts.conflict?.theirs.version ?? opts.refused?.baseVersion ?? saved.version,
      knownTags: tags.map((x) => x.tag),
      editable: canDecide(c),
      conflict: opts.conflict?.theirs ?? null,
      saved: opts.saved ?? false,
      error: opts.refused?.reason ?? null,
      history: versions.slice(0, opts.allHistory ? versions.length : HISTORY_SHOWN).map((v) => ({
        version: v.version,
        note: v.note,
        tags: v.tags as string[],
        commentary: v.commentary,
        author: v.updatedBy == null ? null : (emailOf.get(v.updatedBy) ?? null),
        createdAt: v.createdAt,
      })),
      historyTotal: versions.length,
      historyOpen: opts.allHistory ?? false,
    },
    nav: {
      others: story.others,
      prev: story.prev,
      next: story.next,
      sector: article.sectorSlug,
      separated: opts.separated ?? null,
    },
    canDecide: canDecide(c),
    snoozeDefault: addDays(localDay(deps.clock.now(), timezone), 1),
    done: opts.done ?? null,
    reshares: { items: reshares, timezone },
    added: opts.added ?? null,
  })
  return renderPage(c, page, opts.conflict ? 409 : opts.refused ? 400 : 200)
}

/** A refused save's reason in the curator's words: which field, how much, and its limit. */
function limitMessage(c: Context<AppEnv>, details: Record<string, unknown>): string {
  const { t, locale } = c.var
  const n = (x: unknown) => formatNumber(locale, Number(x), 0)
  const field = String(details.field)
  const vars = { actual: n(details.actual), limit: n(details.limit) }
  if (field === 'tags') return t('note.overTags', { ...vars, label: t('note.tagsShort') })
  if (field === 'tag') return t('note.overTag', vars)
  const label = t(field === 'commentary' ? 'note.commentary' : 'note.note')
  return t('note.overChars', { ...vars, label })
}

/** The reader page and the annotation saves (autosaved by reader.js, or posted by the form). */
export function readerRoutes(app: Hono<AppEnv>) {
  app.get('/articles/:id', async (c) => {
    requireRole(c, 'viewer')
    const id = parseWith(Id, c.req.param('id'))
    const q = parseWith(ReaderQuery, c.req.query())
    return readerPage(c, id, {
      saved: q.saved === '1',
      done: q.done && q.did ? { id: q.done, action: q.did } : null,
      allHistory: q.history === 'all',
      separated: q.separated === id ? 'separated' : q.rejoined === id ? 'rejoined' : null,
      added: q.added ?? null,
    })
  })

  app.post('/articles/:id/annotation', async (c) => {
    requireRole(c, 'curator')
    const id = parseWith(Id, c.req.param('id'))
    const isJson = (c.req.header('content-type') ?? '').includes('application/json')
    const body = parseWith(AnnotationBody, isJson ? await readJson(c) : await readForm(c))
    const input = {
      note: body.note,
      tags: splitTags(body.tags),
      commentary: body.commentary,
      baseVersion: body.baseVersion,
    }
    const wantsJson = isJson || (c.req.header('accept') ?? '').includes('application/json')
    try {
      const saved = await saveAnnotation(
        c.var.deps.db,
        id,
        input,
        c.var.user?.id ?? null,
        c.var.deps.clock.now(),
      )
      if (wantsJson)
        return c.json({
          annotation: {
            note: saved.note,
            tags: saved.tags,
            commentary: saved.commentary,
            version: saved.version,
            updatedAt: saved.updatedAt,
          },
        })
      return c.redirect(`/articles/${id}?saved=1#annotation`, 303)
    } catch (err) {
      // A script gets the JSON 409 or 400 (with details) from on-error; a plain form gets the page back
      // with its edit still in the form, so nothing typed is lost.
      if (!wantsJson && err instanceof AppError && err.code === 'validation_failed') {
        return readerPage(c, id, {
          refused: {
            yours: { ...input, tags: input.tags.map((t) => t.trim()).filter(Boolean) },
            baseVersion: input.baseVersion,
            reason: limitMessage(c, err.details),
          },
        })
      }
      if (wantsJson || !(err instanceof AppError) || err.code !== 'version_conflict') throw err
      const current = err.details.current as {
        note: string
        tags: string[]
        commentary: string
        version: number
      } | null
      const theirs = current ?? { note: '', tags: [], commentary: '', version: 0 }
      return readerPage(c, id, {
        conflict: {
          yours: { ...input, tags: input.tags.map((t) => t.trim()).filter(Boolean) },
          theirs,
        },
      })
    }
  })
}
