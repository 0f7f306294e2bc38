import { randomUUID } from 'node:crypto'
import { AppError } from '../lib/errors.ts'
import type { Clock } from '../lib/clock.ts'
import type { Log } from '../lib/log.ts'
import {
  addUtm,
  DEFAULT_SLOTS,
  defaultTemplate,
  facebookShareUrl,
  linkedinShareUrl,
  nextFreeSlot,
  renderTemplate,
  textLength,
  threadsIntentUrl,
  xIntentUrl,
  type Network,
  type TextLength,
} from '../reshare/index.ts'
import {
  authorProfiles,
  calendarOf,
  changeScheduledReshare,
  getAnnotation,
  getArticle,
  getReshare,
  getSector,
  insertReshares,
  getFeed,
  resharesOfArticle,
  takenSlots,
  type ChannelRow,
  type Db,
} from '../store/index.ts'
import { channelView, SENT_KINDS, type Channels, type ChannelSettings } from './reshare-channels.ts'
import { mentionHandles, normaliseName, splitAuthors } from '../directory/index.ts'
import type { ChannelDrivers } from './reshare-drivers.ts'
import { sendDueReshares } from './reshare-send.ts'
import type { Scoring } from './scoring.ts'

/** When a post goes out: now, the channel's next free slot, or a given time. */
export type When = 'now' | 'next' | Date

export interface PostRequest {
  channelId: number
  text: string
  when: When
}

// A webhook has no length of its own; Slack cuts messages past 40,000 characters.
const WEBHOOK_LIMIT = 40_000
const networkOf = (c: ChannelRow): Network | null =>
  c.kind === 'webhook' ? null : (c.kind as Network)

function lengthFor(channel: ChannelRow, text: string): TextLength {
  const network = networkOf(channel)
  if (!network) {
    const used = [...text].length
    return { used, limit: WEBHOOK_LIMIT, over: used > WEBHOOK_LIMIT }
  }
  const { maxChars } = channel.settings as ChannelSettings
  return textLength(network, text, network === 'mastodon' && maxChars ? { limit: maxChars } : {})
}

function intentUrl(channel: ChannelRow, text: string, link: string): string | null {
  if (channel.kind === 'linkedin') return linkedinShareUrl(text)
  if (channel.kind === 'x') return xIntentUrl(text)
  if (channel.kind === 'threads') return threadsIntentUrl(text)
  if (channel.kind === 'facebook') return facebookShareUrl(link)
  return null
}

/**
 * Resharing an article: the composer (one text per channel from its template, counted as the
 * network counts), scheduling (now, next free slot of the sector's calendar, or a time), the
 * sender, and what the curator sees afterwards (history, calendar).
 */
export function createResharing(deps: {
  db: Db
  clock: Clock
  log: Log
  channels: Channels
  drivers: ChannelDrivers
  scoring: Pick<Scoring, 'decide'>
  owner: string
}) {
  const { db, clock } = deps

  async function context(articleId: number) {
    const article = await getArticle(db, articleId)
    if (!article) throw new AppError('article_not_found', { articleId }, `no article ${articleId}`)
    const [sector, annotation, feed] = await Promise.all([
      getSector(db, article.sectorSlug),
      getAnnotation(db, articleId),
      getFeed(db, article.feedId),
    ])
    // The first author's handles: the directory's person for this byline on this source, and the
    // sector file's people of the source (matched by name); a curator's edit wins, then the file.
    const author = splitAuthors(article.author)[0] ?? article.author
    const normName = author ? normaliseName(author) : ''
    const person = normName
      ? (feed?.people ?? []).find((p) => normaliseName(p.name) === normName)
      : undefined
    const found = normName
      ? await authorProfiles(db, article.sectorSlug, article.feedId, normName)
      : []
    return {
      article,
      sector: sector!,
      source: feed?.sourceName ?? null,
      commentary: annotation?.commentary ?? '',
      handles: mentionHandles(found, person?.handles),
    }
  }

  /** The composer's content: per channel, the text from its template, its count, and where it goes. */
  async function compose(articleId: number) {
    const ctx = await context(articleId)
    const rows = (await deps.channels.rows(ctx.sector.slug)).filter((c) => c.enabled)
    const lang = ctx.sector.language.startsWith('en') ? 'en' : 'fr'
    const now = clock.now()
    const channels = await Promise.all(
      rows.map(async (row) => {
        const settings = row.settings as ChannelSettings
        const network = networkOf(row) ?? 'mastodon'
        const link = settings.utm ? addUtm(ctx.article.url, settings.utm) : ctx.article.url
        const text = renderTemplate(
          settings.template ?? defaultTemplate(network, lang),
          {
            title: ctx.article.title,
            link,
            source: ctx.source,
            author: ctx.article.author,
            authorHandles: ctx.handles,
            commentary: ctx.commentary,
            hashtags: ctx.sector.hashtags,
          },
          network,
        )
        const sent = SENT_KINDS.has(row.kind)
        return {
          channel: channelView(row),
          text,
          link,
          length: lengthFor(row, text),
          intentUrl: sent ? null : intentUrl(row, text, link),
          nextSlot: sent ? await slotFor(row, ctx.sector.timezone, now) : null,
        }
      }),
    )
    return {
      article: {
        id: ctx.article.id,
        title: ctx.article.title,
        url: ctx.article.url,
        source: ctx.source,
        author: ctx.article.author,
      },
      commentary: ctx.commentary,
      sector: ctx.sector.slug,
      timezone: ctx.sector.timezone,
      channels,
    }
  }

  async function slotFor(channel: ChannelRow, timezone: string, after: Date) {
    const slots = (channel.settings as ChannelSettings).slots ?? DEFAULT_SLOTS
    return nextFreeSlot({ timezone, slots, after, taken: await takenSlots(db, channel.id, after) })
  }

  /**
   * Schedules one post per channel (all or none), and records the reshare decision, which teaches
   * the scoring as before. A text over its network's limit is refused with by how much.
   */
  async function schedule(input: {
    articleId: number
    posts: PostRequest[]
    actor: string | null
  }) {
    const ctx = await context(input.articleId)
    const now = clock.now()
    if (!input.posts.length)
      throw new AppError('validation_failed', { field: 'posts' }, 'choose at least one channel')
    const rows = []
    for (const [i, post] of input.posts.entries()) {
      const row = await deps.channels.row(post.channelId)
      const field = `posts.${i}`
      if (row.sectorSlug !== ctx.sector.slug || !row.enabled)
        throw new AppError(
          'validation_failed',
          { field: `${field}.channelId` },
          `channel ${row.name} is not open to this sector`,
        )
      if (!SENT_KINDS.has(row.kind))
        throw new AppError(
          'validation_failed',
          { field: `${field}.channelId` },
          `${row.name} opens the network's composer: use its link`,
        )
      const text = post.text.trim()
      const length = lengthFor(row, text)
      if (!text)
        throw new AppError('validation_failed', { field: `${field}.text` }, 'the text is empty')
      if (length.over)
        throw new AppError(
          'validation_failed',
          { field: `${field}.text`, over: length.used - length.limit, limit: length.limit },
          `${row.name}: ${length.used - length.limit} characters over the limit of ${length.limit}`,
        )
      let at: Date | null
      if (post.when === 'now') at = now
      else if (post.when === 'next') at = await slotFor(row, ctx.sector.timezone, now)
      else at = post.when
      if (!at)
        throw new AppError(
          'validation_failed',
          { field: `${field}.when` },
          'no free slot within a year',
        )
      if (at.getTime() < now.getTime() - 60_000)
        throw new AppError('validation_failed', { field: `${field}.when` }, 'that time has passed')
      rows.push({
        articleId: ctx.article.id,
        sectorSlug: ctx.sector.slug,
        channelId: row.id,
        text,
        state: 'scheduled' as const,
        scheduledAt: at,
        nextAttemptAt: at,
        idempotencyKey: randomUUID(),
        createdBy: input.actor,
        createdAt: now,
        updatedAt: now,
      })
    }
    const created = await insertReshares(db, rows)
    if (ctx.article.status !== 'reshared')
      await deps.scoring.decide({
        articleId: ctx.article.id,
        action: 'reshare',
        actor: input.actor,
      })
    return created
  }

  /** A curator's change to a post not yet sent: new text, new time, cancel, or retry a failed one. */
  async function change(
    id: number,
    input: { text?: string; when?: When; cancel?: boolean; retry?: boolean },
  ) {
    const post = await getReshare(db, id)
    if (!post) throw new AppError('not_found', { reshareId: id }, `no reshare ${id}`)
    const now = clock.now()
    let at: Date | undefined
    if (input.when !== undefined) {
      const row = await deps.channels.row(post.channelId)
      const sector = await getSector(db, post.sectorSlug)
      at =
        input.when === 'now'
          ? now
          : input.when === 'next'
            ? ((await slotFor(row, sector!.timezone, now)) ?? undefined)
            : input.when
    }
    if (input.text !== undefined) {
      const row = await deps.channels.row(post.channelId)
      const length = lengthFor(row, input.text.trim())
      if (length.over)
        throw new AppError(
          'validation_failed',
          { field: 'text', over: length.used - length.limit },
          `${length.used - length.limit} characters over the limit`,
        )
    }
    const changed = await changeScheduledReshare(
      db,
      id,
      {
        ...(input.cancel ? { state: 'cancelled' as const } : {}),
        ...(input.retry ? { state: 'scheduled' as const, at: at ?? now } : {}),
        ...(at && !input.retry ? { at } : {}),
        ...(input.text !== undefined ? { text: input.text.trim() } : {}),
      },
      now,
    )
    if (!changed)
      throw new AppError(
        'version_conflict',
        { reshareId: id, state: post.state },
        'this post is being sent or was sent: it cannot change',
      )
    return changed
  }

  /** A text as the channel's network counts it, and its share link for intent channels (live preview). */
  async function measure(articleId: number, channelId: number, text: string) {
    const article = await getArticle(db, articleId)
    if (!article) throw new AppError('article_not_found', { articleId }, `no article ${articleId}`)
    const row = await deps.channels.row(channelId)
    if (row.sectorSlug !== article.sectorSlug)
      throw new AppError('not_found', { channelId }, `no channel ${channelId} in this sector`)
    const link = (row.settings as ChannelSettings).utm
      ? addUtm(article.url, (row.settings as ChannelSettings).utm!)
      : article.url
    return { channelId, length: lengthFor(row, text), intentUrl: intentUrl(row, text, link) }
  }

  return {
    compose,
    measure,
    schedule,
    change,
    history: (articleId: number) => resharesOfArticle(db, articleId),
    calendar: (sectorSlug: string, from: Date, to: Date) => calendarOf(db, sectorSlug, from, to),
    /** Checks a channel's credentials and keeps the account it posts as. */
    async test(sectorSlug: string, channelId: number) {
      await deps.channels.get(sectorSlug, channelId)
      const row = await deps.channels.row(channelId)
      const { account, maxChars } = await deps.drivers.of(row).verify(row)
      await deps.channels.recordAccount(channelId, account, maxChars)
      return channelView(await deps.channels.row(channelId))
    },
    sendDue: (opts?: { limit?: number; concurrency?: number }) =>
      sendDueReshares({ db, clock, log: deps.log, drivers: deps.drivers, owner: deps.owner }, opts),
  }
}

export type Resharing = ReturnType<typeof createResharing>
