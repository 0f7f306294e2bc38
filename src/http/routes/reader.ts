import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { emptyAnnotation, saveAnnotation } from '../../curate/index.ts'
import { queueOf, type StoryCard } from '../../jobs/queue.ts'
import type { Explanation } from '../../jobs/scoring.ts'
import { AppError } from '../../lib/errors.ts'
import {
  getAnnotation,
  getArticle,
  getFeed,
  getSector,
  scoredArticles,
  sectorTags,
  type Article,
} from '../../store/index.ts'
import { tomorrow } from '../../../web/views/components/format.tsx'
import type { AnnotationValues } from '../../../web/views/reader/annotation-form.tsx'
import { ReaderPage } from '../../../web/views/reader/reader-page.tsx'
import type { NavLink } from '../../../web/views/reader/story-nav.tsx'
import type { AppEnv } from '../env.ts'
import { readForm, readJson } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { canDecide, frameOf, parseWith, renderPage } from './queue.ts'

const ALL_STATUSES = ['new', 'approved', 'rejected', 'reshared', 'snoozed']
const DAY = 86_400_000
// A story's articles are published close together: look this far around an article for its siblings.
const STORY_WINDOW_MS = 4 * DAY

const ArticleId = z.coerce.number().int().positive()
const ReaderQuery = z.object({
  saved: z.string().optional(),
  done: z.coerce.number().int().positive().optional(),
  did: z.enum(['approve', 'reject', 'reshare', 'snooze', 'reset']).optional(),
})
const AnnotationBody = z.object({
  baseVersion: z.coerce.number().int().min(0),
  note: z.string().max(20_000).default(''),
  // A comma-separated field from the form, or a list from a script.
  tags: z.union([z.string().max(2_000), z.array(z.string().max(100)).max(50)]).default(''),
  commentary: z.string().max(5_000).default(''),
})

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
  const [cards, [own]] = await Promise.all([
    // Previous and next among the top of the queue, where the curator works.
    queueOf(deps, article.sectorSlug, { limit: 200, explain: false }),
    scoredArticles(deps.db, article.sectorSlug, { now, statuses: ALL_STATUSES, ids: [article.id] }),
  ])
  const at = cards.findIndex(
    (card) => card.id === article.id || card.alsoCoveredBy.some((o) => o.id === article.id),
  )
  let others: NavLink[] = []
  if (at >= 0) {
    const card: StoryCard = cards[at]!
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
    prev: at > 0 ? toNav(cards[at - 1]!) : null,
    next: at >= 0 && at + 1 < cards.length ? toNav(cards[at + 1]!) : null,
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
  } = {},
) {
  const { deps } = c.var
  const article = await getArticle(deps.db, articleId)
  if (!article) throw new AppError('article_not_found', { articleId }, `no article ${articleId}`)
  const [feed, annotation, tags, story, reshares, sector] = await Promise.all([
    getFeed(deps.db, article.feedId),
    getAnnotation(deps.db, articleId),
    sectorTags(deps.db, article.sectorSlug),
    storyContext(c, article),
    deps.resharing?.history(articleId) ?? [],
    getSector(deps.db, article.sectorSlug),
  ])
  const saved = annotation ?? emptyAnnotation(articleId)
  const page = ReaderPage({
    frame: frameOf(c, article.sectorSlug),
    article: {
      ...article,
      source: feed?.sourceName ?? article.siteName ?? '',
      siteUrl: feed?.siteUrl ?? null,
    },
    score: story.score,
    annotation: {
      values: opts.conflict?.yours ?? {
        note: saved.note,
        tags: saved.tags as string[],
        commentary: saved.commentary,
      },
      baseVersion: opts.conflict?.theirs.version ?? saved.version,
      knownTags: tags.map((x) => x.tag),
      editable: canDecide(c),
      conflict: opts.conflict?.theirs ?? null,
      saved: opts.saved ?? false,
    },
    nav: { others: story.others, prev: story.prev, next: story.next, sector: article.sectorSlug },
    canDecide: canDecide(c),
    snoozeDefault: tomorrow(deps.clock.now()),
    done: opts.done ?? null,
    reshares: { items: reshares, timezone: sector?.timezone ?? 'Europe/Paris' },
  })
  return renderPage(c, page, opts.conflict ? 409 : 200)
}

/** The reader page and the annotation saves (autosaved by reader.js, or posted by the form). */
export function readerRoutes(app: Hono<AppEnv>) {
  app.get('/articles/:id', async (c) => {
    requireRole(c, 'viewer')
    const id = parseWith(ArticleId, c.req.param('id'))
    const q = parseWith(ReaderQuery, c.req.query())
    return readerPage(c, id, {
      saved: q.saved === '1',
      done: q.done && q.did ? { id: q.done, action: q.did } : null,
    })
  })

  app.post('/articles/:id/annotation', async (c) => {
    requireRole(c, 'curator')
    const id = parseWith(ArticleId, c.req.param('id'))
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
      // A script gets the JSON 409 (with details.current) from on-error; a plain form gets the page back
      // with its edit still in the form, so nothing typed is lost.
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
