import { callApi, jsonOf } from './api-call.ts'
import { htmlToText, sameText } from './match-text.ts'
import { serviceOrigin } from './origin.ts'
import type { ReshareDeps } from './types.ts'

export interface MastodonAccount {
  id: string
  username: string
  acct: string
  url: string
}

export interface MastodonStatusRef {
  id: string
  url: string
}

export type MastodonVisibility = 'public' | 'unlisted' | 'private' | 'direct'

export interface PostStatusInput {
  instanceUrl: string
  token: string
  status: string
  visibility?: MastodonVisibility
  language?: string | null
  /** Mastodon keeps it an hour: a retry with the same key returns the first status, not a copy. */
  idempotencyKey: string
}

export interface FindStatusInput {
  instanceUrl: string
  token: string
  /** The text that was sent. */
  status: string
  /** Saves a verify_credentials call when known. */
  accountId?: string
  /** Ignore statuses created before this (a same text posted last week is not this one). */
  since?: Date
}

interface StatusJson {
  id: string
  url: string | null
  uri: string
  content: string
  created_at: string
  reblog: unknown
}

const DEFAULT_MAX_CHARACTERS = 500

/** Mastodon's REST API, each call through the safe fetcher; failures are ReshareErrors. */
export function mastodonClient(deps: ReshareDeps) {
  const call = (instanceUrl: string, path: string, token: string | null, extra = {}) =>
    callApi(deps, {
      channel: 'mastodon',
      url: serviceOrigin(instanceUrl, 'mastodon') + path,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      secrets: token ? [token] : [],
      ...extra,
    })

  /** The account a token belongs to: checks the token when a channel is set up. */
  async function verifyCredentials(instanceUrl: string, token: string): Promise<MastodonAccount> {
    const res = await call(instanceUrl, '/api/v1/accounts/verify_credentials', token)
    const a = jsonOf<MastodonAccount>(res, 'mastodon')
    return { id: String(a.id), username: a.username, acct: a.acct, url: a.url }
  }

  /** The instance's status length limit (500 where the instance does not say). */
  async function instanceLimit(instanceUrl: string): Promise<number> {
    const res = await call(instanceUrl, '/api/v2/instance', null)
    const data = jsonOf<{ configuration?: { statuses?: { max_characters?: unknown } } }>(
      res,
      'mastodon',
    )
    const max = data.configuration?.statuses?.max_characters
    return typeof max === 'number' && Number.isInteger(max) && max > 0
      ? max
      : DEFAULT_MAX_CHARACTERS
  }

  /** Publishes a status; safe to repeat with the same idempotency key. */
  async function postStatus(input: PostStatusInput): Promise<MastodonStatusRef> {
    const res = await call(input.instanceUrl, '/api/v1/statuses', input.token, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${input.token}`,
        'idempotency-key': input.idempotencyKey,
      },
      json: {
        status: input.status,
        visibility: input.visibility ?? 'public',
        ...(input.language ? { language: input.language } : {}),
      },
    })
    const s = jsonOf<StatusJson>(res, 'mastodon')
    return { id: String(s.id), url: s.url ?? s.uri }
  }

  /** After a crash mid-send: the account's recent status carrying this text, if it went out. */
  async function findStatus(input: FindStatusInput): Promise<MastodonStatusRef | null> {
    const accountId =
      input.accountId ?? (await verifyCredentials(input.instanceUrl, input.token)).id
    const path = `/api/v1/accounts/${encodeURIComponent(accountId)}/statuses?limit=40`
    const res = await call(input.instanceUrl, path, input.token)
    const statuses = jsonOf<StatusJson[]>(res, 'mastodon')
    if (!Array.isArray(statuses)) return null
    const since = input.since?.getTime() ?? -Infinity
    const found = statuses.find(
      (s) =>
        !s.reblog &&
        Date.parse(s.created_at) >= since &&
        sameText(htmlToText(s.content ?? ''), input.status),
    )
    return found ? { id: String(found.id), url: found.url ?? found.uri } : null
  }

  return { verifyCredentials, instanceLimit, postStatus, findStatus }
}

export type MastodonClient = ReturnType<typeof mastodonClient>
