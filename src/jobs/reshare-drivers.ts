import { AppError } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import type { Clock } from '../lib/clock.ts'
import type { SafeFetch } from '../lib/safe-fetch.ts'
import {
  blueskyClient,
  DEFAULT_PDS,
  mastodonClient,
  ReshareError,
  sendWebhook,
  type BlueskySession,
} from '../reshare/index.ts'
import {
  getAnnotation,
  getArticle,
  getFeed,
  type ChannelRow,
  type Db,
  type ReshareRow,
} from '../store/index.ts'
import type { Channels, ChannelSettings } from './reshare-channels.ts'

export interface Delivery {
  id: string | null
  url: string | null
}

/** How one kind of channel posts, finds a post after a crash, and checks its credentials. */
export interface ChannelDriver {
  send(channel: ChannelRow, post: ReshareRow): Promise<Delivery>
  /** The post on the account if it went out (Mastodon, Bluesky); null when it cannot be told. */
  find(channel: ChannelRow, post: ReshareRow): Promise<Delivery | null>
  /** Whether sending again after an unknown outcome cannot make a duplicate. */
  canResend: boolean
  /** The account it posts as, and the network's length limit when it says. */
  verify(channel: ChannelRow): Promise<{ account: Record<string, unknown>; maxChars?: number }>
}

export interface ChannelDrivers {
  of(channel: ChannelRow): ChannelDriver
}

const SESSION_TTL_MS = 30 * 60_000

/** The drivers of every channel kind, over the safe fetcher; secrets are opened only here. */
export function createDrivers(deps: {
  db: Db
  fetch: Pick<SafeFetch, 'fetch'>
  channels: Channels
  clock: Clock
  log?: Log
}): ChannelDrivers {
  const net = { fetch: deps.fetch, clock: deps.clock, log: deps.log }
  const mastodon = mastodonClient(net)
  const bluesky = blueskyClient(net)
  const sessions = new Map<number, { session: BlueskySession; until: number }>()

  const secretOf = async (channel: ChannelRow) => {
    const secret = deps.channels.openSecret(channel)
    if (!secret)
      throw new ReshareError('permanent', {
        channel: kindOf(channel),
        reason: 'no credentials saved',
      })
    return secret
  }
  const settingsOf = (channel: ChannelRow) => channel.settings as ChannelSettings

  async function blueskySession(channel: ChannelRow): Promise<BlueskySession> {
    const cached = sessions.get(channel.id)
    if (cached && cached.until > deps.clock.now().getTime()) return cached.session
    const s = settingsOf(channel)
    const session = await bluesky.createSession({
      identifier: s.handle ?? '',
      password: await secretOf(channel),
      service: s.pdsUrl ?? DEFAULT_PDS,
    })
    sessions.set(channel.id, { session, until: deps.clock.now().getTime() + SESSION_TTL_MS })
    return session
  }

  async function articleOf(post: ReshareRow) {
    const article = await getArticle(deps.db, post.articleId)
    if (!article) throw new AppError('article_not_found', { articleId: post.articleId })
    const [feed, annotation] = await Promise.all([
      getFeed(deps.db, article.feedId),
      getAnnotation(deps.db, article.id),
    ])
    return { article, source: feed?.sourceName ?? null, commentary: annotation?.commentary ?? null }
  }

  const drivers: Record<'mastodon' | 'bluesky' | 'webhook', ChannelDriver> = {
    mastodon: {
      canResend: true,
      async send(channel, post) {
        const s = settingsOf(channel)
        const status = await mastodon.postStatus({
          instanceUrl: s.instanceUrl!,
          token: await secretOf(channel),
          status: post.text,
          visibility: s.visibility ?? 'public',
          language: s.language ?? (await articleOf(post)).article.lang,
          idempotencyKey: post.idempotencyKey,
        })
        return { id: status.id, url: status.url }
      },
      async find(channel, post) {
        const s = settingsOf(channel)
        const found = await mastodon.findStatus({
          instanceUrl: s.instanceUrl!,
          token: await secretOf(channel),
          status: post.text,
          accountId: typeof channel.account?.id === 'string' ? channel.account.id : undefined,
          since: post.createdAt,
        })
        return found && { id: found.id, url: found.url }
      },
      async verify(channel) {
        const s = settingsOf(channel)
        const account = await mastodon.verifyCredentials(s.instanceUrl!, await secretOf(channel))
        const maxChars = await mastodon.instanceLimit(s.instanceUrl!)
        return { account: { ...account }, maxChars }
      },
    },
    bluesky: {
      canResend: true,
      async send(channel, post) {
        const { article } = await articleOf(post)
        const lang = settingsOf(channel).language ?? article.lang
        const ref = await bluesky.post({
          session: await blueskySession(channel),
          text: post.text,
          langs: lang ? [lang] : undefined,
          card: {
            uri: article.url,
            title: article.title,
            description: article.excerpt,
            imageUrl: article.image,
          },
        })
        return { id: ref.uri, url: ref.url }
      },
      async find(channel, post) {
        const found = await bluesky.findPost({
          session: await blueskySession(channel),
          text: post.text,
          since: post.createdAt,
        })
        return found && { id: found.uri, url: found.url }
      },
      async verify(channel) {
        sessions.delete(channel.id)
        const session = await blueskySession(channel)
        return { account: { did: session.did, handle: session.handle } }
      },
    },
    webhook: {
      // A webhook cannot be asked whether it got a post: an unknown outcome is left to the curator.
      canResend: false,
      async send(channel, post) {
        const { article, source, commentary } = await articleOf(post)
        await sendWebhook(net, {
          url: settingsOf(channel).webhookUrl!,
          secret: await secretOf(channel),
          channel: channel.name,
          article: { title: article.title, link: article.url, source },
          commentary,
          text: post.text,
        })
        return { id: null, url: null }
      },
      async find() {
        return null
      },
      async verify(channel) {
        return { account: { url: new URL(settingsOf(channel).webhookUrl!).origin } }
      },
    },
  }

  return {
    of(channel) {
      const driver = drivers[channel.kind as keyof typeof drivers]
      if (!driver)
        throw new ReshareError('permanent', {
          channel: kindOf(channel),
          reason: `a ${channel.kind} channel opens the network's composer; Vigie does not post to it`,
        })
      return driver
    },
  }
}

const kindOf = (channel: ChannelRow) => channel.kind as 'mastodon'
