import { z } from 'zod'
import { AppError } from '../lib/errors.ts'
import type { SecretBox } from '../lib/secret-box.ts'
import { validSlots } from '../reshare/calendar.ts'
import {
  deleteChannel,
  getChannel,
  insertChannel,
  listChannels,
  updateChannel,
  type ChannelKind,
  type ChannelRow,
  type Db,
} from '../store/index.ts'

export const CHANNEL_KINDS = [
  'mastodon',
  'bluesky',
  'webhook',
  'linkedin',
  'x',
  'threads',
  'facebook',
] as const
/** Kinds that Vigie posts to itself; the others open the network's composer (share intents). */
export const SENT_KINDS = new Set<ChannelKind>(['mastodon', 'bluesky', 'webhook'])

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2000)

/** A channel's settings: where it posts, how (template, UTM, visibility), and its publication slots. */
export const ChannelSettings = z.strictObject({
  instanceUrl: httpUrl.optional(),
  handle: z.string().trim().min(1).max(253).optional(),
  pdsUrl: httpUrl.optional(),
  webhookUrl: httpUrl.optional(),
  format: z.enum(['json', 'slack', 'discord']).optional(),
  visibility: z.enum(['public', 'unlisted', 'private']).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
  template: z.string().max(2000).optional(),
  utm: z
    .strictObject({
      source: z.string().max(100).optional(),
      medium: z.string().max(100).optional(),
      campaign: z.string().max(100).optional(),
    })
    .optional(),
  slots: z
    .array(
      z.strictObject({ days: z.array(z.number().int().min(1).max(7)).min(1), time: z.string() }),
    )
    .max(50)
    .refine(validSlots, 'each slot needs days 1-7 (Monday = 1) and a time HH:MM')
    .optional(),
  /** The instance's own limit, read by "test channel" (Mastodon). */
  maxChars: z.number().int().positive().optional(),
})
export type ChannelSettings = z.infer<typeof ChannelSettings>

export interface ChannelInput {
  name: string
  kind: ChannelKind
  settings: ChannelSettings
  /** Token, app password or webhook key; write-only. */
  secret?: string | null
  enabled?: boolean
}

// A Slack or Discord webhook URL is itself a credential: only its origin is ever shown.
const originOf = (url: string) => new URL(url).origin
const masked = (s: ChannelSettings): ChannelSettings =>
  s.webhookUrl ? { ...s, webhookUrl: originOf(s.webhookUrl) } : s

/** What the API and pages show of a channel: never its secret, only whether it has one. */
export function channelView(c: ChannelRow) {
  return {
    id: c.id,
    sectorSlug: c.sectorSlug,
    name: c.name,
    kind: c.kind,
    settings: masked(c.settings as ChannelSettings),
    hasSecret: !!c.secret,
    account: c.account ?? null,
    enabled: c.enabled,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}
export type ChannelView = ReturnType<typeof channelView>

// What each kind needs before it can post.
function checkComplete(kind: ChannelKind, settings: ChannelSettings, hasSecret: boolean) {
  const missing = (field: string) => {
    throw new AppError('validation_failed', { field }, `a ${kind} channel needs ${field}`)
  }
  if (kind === 'mastodon' && !settings.instanceUrl) missing('settings.instanceUrl')
  if (kind === 'bluesky' && !settings.handle) missing('settings.handle')
  if (kind === 'webhook' && !settings.webhookUrl) missing('settings.webhookUrl')
  if ((kind === 'mastodon' || kind === 'bluesky' || kind === 'webhook') && !hasSecret)
    missing('secret')
}

const NewChannelInput = z.object({
  name: z.string().trim().min(1, 'the name is empty').max(100),
  kind: z.enum(CHANNEL_KINDS, { error: `the network must be one of ${CHANNEL_KINDS.join(', ')}` }),
  settings: ChannelSettings,
})

// A stage's own validation: a zod failure becomes the domain's validation error, naming the field.
function valid<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  const field = issue?.path.join('.') ?? ''
  throw new AppError('validation_failed', { field }, `${field}: ${issue?.message ?? 'invalid'}`)
}

export function createChannels(deps: { db: Db; box: () => SecretBox; now: () => Date }) {
  const { db } = deps
  const opened = new Map<string, string>()
  const seal = (secret: string | null | undefined) => (secret ? deps.box().seal(secret) : null)

  async function mustGet(sectorSlug: string, id: number) {
    const row = await getChannel(db, id)
    if (!row || row.sectorSlug !== sectorSlug)
      throw new AppError('not_found', { channelId: id }, `no channel ${id} in this sector`)
    return row
  }

  return {
    async list(sectorSlug: string) {
      return (await listChannels(db, sectorSlug)).map(channelView)
    },
    async get(sectorSlug: string, id: number) {
      return channelView(await mustGet(sectorSlug, id))
    },
    async create(sectorSlug: string, input: ChannelInput) {
      const { name, kind, settings } = valid(NewChannelInput, input)
      checkComplete(kind, settings, !!input.secret)
      const now = deps.now()
      const row = await insertChannel(db, {
        sectorSlug,
        name,
        kind,
        settings,
        secret: seal(input.secret),
        enabled: input.enabled ?? true,
        createdAt: now,
        updatedAt: now,
      })
      if (!row)
        throw new AppError(
          'validation_failed',
          { field: 'name', reason: 'taken' },
          'a channel of this name exists',
        )
      return channelView(row)
    },
    /** Changes a channel; a secret left out is kept, an empty one is not accepted (delete the channel). */
    async update(sectorSlug: string, id: number, input: Partial<ChannelInput>) {
      const row = await mustGet(sectorSlug, id)
      const stored = row.settings as ChannelSettings
      const settings = input.settings ? valid(ChannelSettings, input.settings) : stored
      // The masked URL sent back as it was shown means "unchanged".
      if (stored.webhookUrl && settings.webhookUrl === originOf(stored.webhookUrl))
        settings.webhookUrl = stored.webhookUrl
      const secret = input.secret ? seal(input.secret) : row.secret
      checkComplete(row.kind, settings, !!secret)
      const updated = await updateChannel(db, id, {
        ...(input.name ? { name: input.name.trim() } : {}),
        settings,
        secret,
        // New credentials: the account shown must be tested again.
        ...(input.secret ||
        settings.instanceUrl !== stored.instanceUrl ||
        settings.handle !== stored.handle
          ? { account: null }
          : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        updatedAt: deps.now(),
      })
      return channelView(updated!)
    },
    async remove(sectorSlug: string, id: number) {
      await mustGet(sectorSlug, id)
      await deleteChannel(db, id)
    },
    /** A channel row's secret, opened (the drivers only); each sealed value is opened once. */
    openSecret(row: ChannelRow): string | null {
      if (!row.secret) return null
      let plain = opened.get(row.secret)
      if (plain === undefined) opened.set(row.secret, (plain = deps.box().open(row.secret)))
      return plain
    },
    /** A channel's row as stored (its secret still sealed). */
    async row(id: number) {
      const row = await getChannel(db, id)
      if (!row) throw new AppError('not_found', { channelId: id }, `no channel ${id}`)
      return row
    },
    /** A sector's channel rows as stored, by name. */
    rows: (sectorSlug: string) => listChannels(db, sectorSlug),
    async recordAccount(id: number, account: Record<string, unknown>, maxChars?: number) {
      const row = await getChannel(db, id)
      if (!row) return
      const settings = maxChars ? { ...(row.settings as ChannelSettings), maxChars } : row.settings
      await updateChannel(db, id, { account, settings, updatedAt: deps.now() })
    },
  }
}

export type Channels = ReturnType<typeof createChannels>
