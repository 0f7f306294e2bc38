import type { Context, Hono } from 'hono'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { SENT_KINDS } from '../../jobs/reshare-channels.ts'
import { DEFAULT_SLOTS, formatSlots, parseSlots } from '../../reshare/index.ts'
import type { When } from '../../jobs/resharing.ts'
import { AppError } from '../../lib/errors.ts'
import { getSector } from '../../store/index.ts'
import { queryString } from '../../../web/views/components/format.tsx'
import { CalendarPage } from '../../../web/views/reshare/calendar-page.tsx'
import { ChannelsPage } from '../../../web/views/reshare/channels-page.tsx'
import {
  ComposerPage,
  formatIn,
  type ComposerChannel,
} from '../../../web/views/reshare/composer-page.tsx'
import type { Translate } from '../../../web/i18n/index.ts'
import type { AppEnv } from '../env.ts'
import { field, readForm, readJson, type Form } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { safeRedirectTarget } from '../redirect-target.ts'
import { frameOf, noSectorPage, Id, parseWith, renderPage, resolveSector } from './queue.ts'

const CountBody = z.object({ channelId: z.number().int().positive(), text: z.string().max(50_000) })
const SectorQuery = z.object({
  sector: z.string().max(100).optional(),
  done: z.enum(['tested', 'added', 'deleted', 'saved']).optional(),
})
// The calendar shows two weeks unless asked for more; it says what is scheduled beyond them.
const CalendarQuery = SectorQuery.extend({
  weeks: z.coerce.number().int().min(1).max(520).optional(),
})
const WEEK = 7 * 86_400_000

function resharing(c: Context<AppEnv>) {
  const r = c.var.deps.resharing
  if (!r) throw new AppError('unavailable', {}, 'resharing is not set up on this server')
  return r
}

// A datetime-local value ("2026-11-17T18:00") is a time in the sector's zone.
function parseWhen(form: Form, timezone: string): When {
  const when = field(form, 'when')
  if (when === 'now') return 'now'
  if (when !== 'at') return 'next'
  const local = DateTime.fromISO(field(form, 'at'), { zone: timezone })
  if (!local.isValid)
    throw new AppError('validation_failed', { field: 'at' }, 'choose a date and a time')
  return local.toJSDate()
}

/** The composer, the article's posts, the publication calendar, and the channels (admins). */
export function reshareRoutes(app: Hono<AppEnv>) {
  async function composer(
    c: Context<AppEnv>,
    articleId: number,
    state: { form?: Form; error?: string } = {},
  ) {
    const composed = await resharing(c).compose(articleId)
    const form = state.form
    const channels: ComposerChannel[] = composed.channels.map((ch) => ({
      id: ch.channel.id,
      name: ch.channel.name,
      kind: ch.channel.kind,
      text: form ? field(form, `text.${ch.channel.id}`) || ch.text : ch.text,
      length: ch.length,
      intentUrl: ch.intentUrl,
      nextSlot: ch.nextSlot,
      checked: form ? field(form, `on.${ch.channel.id}`) === '1' : true,
    }))
    const when = form ? (field(form, 'when') as 'now' | 'next' | 'at') || 'next' : 'next'
    const page = ComposerPage({
      frame: frameOf(c, null),
      article: composed.article,
      commentary: composed.commentary,
      sector: composed.sector,
      timezone: composed.timezone,
      channels,
      when,
      at: form ? field(form, 'at') : '',
      error: state.error ?? null,
    })
    return renderPage(c, page, state.error ? 400 : 200)
  }

  app.get('/articles/:id/reshare', async (c) => {
    requireRole(c, 'curator')
    return composer(c, parseWith(Id, c.req.param('id')))
  })

  // The live counter of the composer: the server counts, so the page and the sender agree.
  app.post('/articles/:id/reshare/count', async (c) => {
    requireRole(c, 'curator')
    const articleId = parseWith(Id, c.req.param('id'))
    const body = parseWith(CountBody, await readJson(c))
    return c.json(await resharing(c).measure(articleId, body.channelId, body.text))
  })

  app.post('/articles/:id/reshare', async (c) => {
    const user = requireRole(c, 'curator')
    const articleId = parseWith(Id, c.req.param('id'))
    const form = await readForm(c)
    const composed = await resharing(c).compose(articleId)
    try {
      const posts = composed.channels
        .filter(
          (ch) => SENT_KINDS.has(ch.channel.kind) && field(form, `on.${ch.channel.id}`) === '1',
        )
        .map((ch) => ({
          channelId: ch.channel.id,
          text: field(form, `text.${ch.channel.id}`),
          when: parseWhen(form, composed.timezone),
        }))
      await resharing(c).schedule({ articleId, posts, actor: user.email })
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
      return composer(c, articleId, { form, error: invalidSetting(c.var.t, err) })
    }
    return c.redirect(`/articles/${articleId}?reshared=1#reshares`, 303)
  })

  // Retry a failed post, send a scheduled one now, or cancel it.
  app.post('/reshares/:id', async (c) => {
    requireRole(c, 'curator')
    const id = parseWith(Id, c.req.param('id'))
    const form = await readForm(c)
    const op = parseWith(z.enum(['retry', 'now', 'cancel', 'save']), field(form, 'op'))
    let when: When | undefined = op === 'now' ? 'now' : undefined
    if (op === 'save' && field(form, 'at')) {
      const sector = await getSector(c.var.deps.db, field(form, 'sector') || '')
      when = parseWhen({ when: 'at', at: field(form, 'at') }, sector?.timezone ?? 'Europe/Paris')
    }
    const post = await resharing(c).change(id, {
      retry: op === 'retry' || undefined,
      cancel: op === 'cancel' || undefined,
      when,
      text: op === 'save' && field(form, 'text') ? field(form, 'text') : undefined,
    })
    const back = safeRedirectTarget(field(form, 'back')) ?? `/articles/${post.articleId}`
    return c.redirect(`${back}${back.includes('#') ? '' : '#reshares'}`, 303)
  })

  app.get('/reshares', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(CalendarQuery, c.req.query())
    const { sectors, sector } = await resolveSector(c, q.sector)
    if (!sector) return noSectorPage(c)
    const row = await getSector(c.var.deps.db, sector.slug)
    const timezone = row?.timezone ?? 'Europe/Paris'
    const now = c.var.deps.clock.now()
    const weeks = q.weeks ?? 2
    const until = new Date(now.getTime() + weeks * WEEK)
    const yesterday = new Date(now.getTime() - 86_400_000)
    const posts = await resharing(c).calendar(sector.slug, yesterday, until)
    const later = await resharing(c).calendar(sector.slug, until, new Date(8.64e15))
    const days = new Map<string, typeof posts>()
    for (const post of posts) {
      const day = formatIn(c.var.locale, post.scheduledAt, timezone)
        .replace(/\s*\d{1,2}:\d{2}.*$/, '')
        .replace(/,$/, '')
      days.set(day, [...(days.get(day) ?? []), post])
    }
    const page = CalendarPage({
      frame: frameOf(c, sector.slug),
      sectors,
      sector: sector.slug,
      timezone,
      days: [...days].map(([day, items]) => ({ day, items })),
      weeks,
      // Beyond the window: how many, and the window that reaches the last of them.
      later: later.length
        ? {
            n: later.length,
            weeks: Math.ceil((later.at(-1)!.scheduledAt.getTime() - now.getTime() + 1) / WEEK),
          }
        : null,
      canEdit: c.var.user?.role !== 'viewer',
    })
    return renderPage(c, page)
  })

  app.get('/sources/channels', async (c) => {
    requireRole(c, 'admin')
    const q = parseWith(SectorQuery, c.req.query())
    return channelsPage(
      c,
      q.sector,
      q.done ? { ok: true, text: c.var.t(`reshare.channel.${q.done}`) } : null,
    )
  })

  async function channelsPage(
    c: Context<AppEnv>,
    slug: string | undefined,
    flash: { ok: boolean; text: string } | null,
    status: 200 | 400 = 200,
  ) {
    const { sectors, sector } = await resolveSector(c, slug)
    if (!sector) return noSectorPage(c)
    const list = await resharing(c).channels.list(sector.slug)
    const page = ChannelsPage({
      frame: frameOf(c, sector.slug),
      sectors,
      sector: sector.slug,
      flash,
      channels: list.map((ch) => ({
        id: ch.id,
        name: ch.name,
        kind: ch.kind,
        target: ch.settings.instanceUrl ?? ch.settings.handle ?? ch.settings.webhookUrl ?? null,
        account: ch.account
          ? String(ch.account.acct ?? ch.account.handle ?? ch.account.url ?? '')
          : null,
        sent: SENT_KINDS.has(ch.kind),
        enabled: ch.enabled,
        template: ch.settings.template ?? '',
        utm: {
          source: ch.settings.utm?.source ?? '',
          medium: ch.settings.utm?.medium ?? '',
          campaign: ch.settings.utm?.campaign ?? '',
        },
        slots: formatSlots(ch.settings.slots ?? DEFAULT_SLOTS),
        visibility: ch.settings.visibility ?? 'public',
      })),
    })
    return renderPage(c, page, status)
  }

  app.post('/sources/channels', async (c) => {
    requireRole(c, 'admin')
    const form = await readForm(c)
    const { sector } = await resolveSector(c, field(form, 'sector') || undefined)
    const kind = field(form, 'kind')
    const target = field(form, 'target').trim()
    const settings =
      kind === 'mastodon'
        ? { instanceUrl: target }
        : kind === 'bluesky'
          ? { handle: target }
          : kind === 'webhook'
            ? { webhookUrl: target }
            : {}
    try {
      await resharing(c).channels.create(sector!.slug, {
        name: field(form, 'name'),
        kind: kind as never,
        settings,
        secret: field(form, 'secret') || null,
      })
    } catch (err) {
      const invalid = err instanceof AppError || (err as { name?: string }).name === 'ZodError'
      if (!invalid) throw err
      const text = invalidSetting(c.var.t, err instanceof AppError ? err : new AppError('invalid'))
      return channelsPage(c, sector!.slug, { ok: false, text }, 400)
    }
    return c.redirect(
      `/sources/channels${queryString({ sector: sector!.slug, done: 'added' })}`,
      303,
    )
  })

  // The edit form of a channel: its target, template, UTM, slots and visibility; a new secret if typed.
  async function saveChannel(c: Context<AppEnv>, slug: string, id: number, form: Form) {
    const current = await resharing(c).channels.get(slug, id)
    const slots = field(form, 'slots').trim()
    const parsed = slots ? parseSlots(slots) : undefined
    if (parsed === null)
      return channelsPage(
        c,
        slug,
        { ok: false, text: c.var.t('reshare.channel.slotsInvalid') },
        400,
      )
    const target = field(form, 'target').trim()
    const utm = {
      source: field(form, 'utm_source').trim() || undefined,
      medium: field(form, 'utm_medium').trim() || undefined,
      campaign: field(form, 'utm_campaign').trim() || undefined,
    }
    const settings = {
      ...current.settings,
      ...(current.kind === 'mastodon' && target ? { instanceUrl: target } : {}),
      ...(current.kind === 'bluesky' && target ? { handle: target } : {}),
      ...(current.kind === 'webhook' && target ? { webhookUrl: target } : {}),
      template: field(form, 'template').trim() || undefined,
      utm: utm.source || utm.medium || utm.campaign ? utm : undefined,
      slots: parsed,
      ...(current.kind === 'mastodon'
        ? { visibility: (field(form, 'visibility') || 'public') as 'public' }
        : {}),
    }
    try {
      await resharing(c).channels.update(slug, id, {
        name: field(form, 'name') || undefined,
        settings,
        secret: field(form, 'secret') || undefined,
      })
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
      return channelsPage(c, slug, { ok: false, text: invalidSetting(c.var.t, err) }, 400)
    }
    return c.redirect(`/sources/channels${queryString({ sector: slug, done: 'saved' })}`, 303)
  }

  app.post('/sources/channels/:id', async (c) => {
    requireRole(c, 'admin')
    const id = parseWith(Id, c.req.param('id'))
    const form = await readForm(c)
    const { sector } = await resolveSector(c, field(form, 'sector') || undefined)
    const op = parseWith(z.enum(['test', 'delete', 'save']), field(form, 'op'))
    if (op === 'save') return saveChannel(c, sector!.slug, id, form)
    if (op === 'delete') await resharing(c).channels.remove(sector!.slug, id)
    else {
      try {
        await resharing(c).test(sector!.slug, id)
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        return channelsPage(c, sector!.slug, { ok: false, text: err.message }, 400)
      }
    }
    const done = op === 'delete' ? 'deleted' : 'tested'
    return c.redirect(`/sources/channels${queryString({ sector: sector!.slug, done })}`, 303)
  })
}

// The settings a validation error can name, each with its own sentence in the i18n files.
const SETTINGS_SAID = new Set([
  'name',
  'kind',
  'secret',
  'instanceUrl',
  'handle',
  'pdsUrl',
  'webhookUrl',
  'format',
  'visibility',
  'language',
  'template',
  'utm',
  'slots',
  'at',
])

/** A stage's validation error as a sentence in the curator's language, naming the setting at fault. */
function invalidSetting(t: Translate, err: AppError): string {
  const field = typeof err.details.field === 'string' ? err.details.field : ''
  const setting = field.replace(/^settings\./, '').replace(/\..*$/, '')
  if (SETTINGS_SAID.has(setting)) return t(`reshare.invalid.${setting}`)
  return t('reshare.invalid.other', { field: setting || '?' })
}
