import { errorMessage } from '../lib/errors.ts'
import { callApi, jsonOf } from './api-call.ts'
import { detectFacets } from './bluesky-facets.ts'
import { redact, ReshareError } from './errors.ts'
import { sameText } from './match-text.ts'
import { serviceOrigin } from './origin.ts'
import type { ReshareDeps } from './types.ts'

export const DEFAULT_PDS = 'https://bsky.social'

export interface BlueskySession {
  /** The PDS (or entryway) the session was opened on; later calls go there. */
  service: string
  did: string
  handle: string
  accessJwt: string
}

export interface BlueskyCard {
  uri: string
  title: string
  description?: string | null
  /** The article's image: fetched, capped at 1 MB, uploaded as the card's thumbnail. */
  imageUrl?: string | null
}

export interface BlueskyPostInput {
  session: BlueskySession
  text: string
  langs?: string[]
  card?: BlueskyCard | null
}

export interface BlueskyPostRef {
  uri: string
  cid: string
  /** The post on bsky.app, for the curator. */
  url: string
}

interface Blob {
  $type: 'blob'
  ref: { $link: string }
  mimeType: string
  size: number
}

interface RecordJson {
  uri: string
  cid: string
  value?: { text?: unknown; createdAt?: unknown }
}

const POST = 'app.bsky.feed.post'
const THUMB_MAX_BYTES = 1_000_000

/** The post's page on bsky.app, from its at:// URI (the rkey is the last segment). */
export function postUrl(handle: string, uri: string): string {
  const rkey = uri.slice(uri.lastIndexOf('/') + 1)
  return `https://bsky.app/profile/${handle}/post/${rkey}`
}

/** Bluesky over XRPC on any PDS, each call through the safe fetcher; failures are ReshareErrors. */
export function blueskyClient(deps: ReshareDeps) {
  const xrpc = (service: string, nsid: string) =>
    `${serviceOrigin(service, 'bluesky')}/xrpc/${nsid}`
  const auth = (s: BlueskySession) => ({ authorization: `Bearer ${s.accessJwt}` })

  /** Opens a session with an app password; the password is sent once and never kept. */
  async function createSession(input: {
    identifier: string
    password: string
    service?: string
  }): Promise<BlueskySession> {
    const service = serviceOrigin(input.service ?? DEFAULT_PDS, 'bluesky')
    const res = await callApi(deps, {
      channel: 'bluesky',
      method: 'POST',
      url: xrpc(service, 'com.atproto.server.createSession'),
      json: { identifier: input.identifier.trim().replace(/^@/, ''), password: input.password },
      secrets: [input.password],
    })
    const data = jsonOf<{ did: string; handle: string; accessJwt: string }>(res, 'bluesky')
    if (!data.did || !data.accessJwt) {
      const reason = 'createSession answered without a DID or a token'
      throw new ReshareError('permanent', { channel: 'bluesky', reason })
    }
    return { service, did: data.did, handle: data.handle, accessJwt: data.accessJwt }
  }

  async function resolveHandle(session: BlueskySession, handle: string): Promise<string | null> {
    try {
      const url = `${xrpc(session.service, 'com.atproto.identity.resolveHandle')}?handle=${encodeURIComponent(handle)}`
      const res = await callApi(deps, { channel: 'bluesky', url, secrets: [session.accessJwt] })
      return jsonOf<{ did?: string }>(res, 'bluesky').did ?? null
    } catch (err) {
      // An unknown handle is the curator's typo, not a reason to hold the post back.
      if (err instanceof ReshareError && err.code === 'permanent') return null
      throw err
    }
  }

  /** The card's thumbnail, or undefined: a post goes out without an image rather than not at all. */
  async function thumbnail(session: BlueskySession, imageUrl: string): Promise<Blob | undefined> {
    try {
      const image = await deps.fetch.fetch({
        url: imageUrl,
        maxBytes: THUMB_MAX_BYTES,
        accept: 'image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8',
      })
      const type = (image.contentType ?? '').split(';')[0].trim().toLowerCase()
      if (image.status !== 200 || !type.startsWith('image/') || image.body.length === 0)
        throw new Error(`HTTP ${image.status}, ${type || 'no content type'}`)
      const res = await callApi(deps, {
        channel: 'bluesky',
        method: 'POST',
        url: xrpc(session.service, 'com.atproto.repo.uploadBlob'),
        headers: { ...auth(session), 'content-type': type },
        body: image.body,
        secrets: [session.accessJwt],
      })
      return jsonOf<{ blob: Blob }>(res, 'bluesky').blob
    } catch (err) {
      deps.log?.warn('bluesky card without thumbnail', {
        image: imageUrl,
        error: redact(errorMessage(err), [session.accessJwt]),
      })
      return undefined
    }
  }

  /** Publishes a post with link, mention and hashtag facets, and a link card when given. */
  async function post(input: BlueskyPostInput): Promise<BlueskyPostRef> {
    const { session, text } = input
    const facets = await detectFacets(text, (h) => resolveHandle(session, h))
    const record: Record<string, unknown> = {
      $type: POST,
      text,
      createdAt: (deps.clock?.now() ?? new Date()).toISOString(),
    }
    if (input.langs?.length) record.langs = input.langs
    if (facets.length) record.facets = facets
    if (input.card) {
      const { uri, title, description, imageUrl } = input.card
      const thumb = imageUrl ? await thumbnail(session, imageUrl) : undefined
      const external = { uri, title, description: description ?? '', ...(thumb ? { thumb } : {}) }
      record.embed = { $type: 'app.bsky.embed.external', external }
    }
    const res = await callApi(deps, {
      channel: 'bluesky',
      method: 'POST',
      url: xrpc(session.service, 'com.atproto.repo.createRecord'),
      headers: auth(session),
      json: { repo: session.did, collection: POST, record },
      secrets: [session.accessJwt],
    })
    const created = jsonOf<{ uri: string; cid: string }>(res, 'bluesky')
    return { uri: created.uri, cid: created.cid, url: postUrl(session.handle, created.uri) }
  }

  /** After a crash mid-send: the account's recent post with this text, if it went out. */
  async function findPost(input: {
    session: BlueskySession
    text: string
    since?: Date
  }): Promise<BlueskyPostRef | null> {
    const { session } = input
    const query = `repo=${encodeURIComponent(session.did)}&collection=${POST}&limit=50`
    const res = await callApi(deps, {
      channel: 'bluesky',
      url: `${xrpc(session.service, 'com.atproto.repo.listRecords')}?${query}`,
      headers: auth(session),
      secrets: [session.accessJwt],
    })
    const { records } = jsonOf<{ records?: RecordJson[] }>(res, 'bluesky')
    const since = input.since?.getTime() ?? -Infinity
    const found = (records ?? []).find((r) => {
      const { text, createdAt } = r.value ?? {}
      if (typeof text !== 'string') return false
      const at = typeof createdAt === 'string' ? Date.parse(createdAt) : NaN
      return !(at < since) && sameText(text, input.text)
    })
    return found
      ? { uri: found.uri, cid: found.cid, url: postUrl(session.handle, found.uri) }
      : null
  }

  return { createSession, post, findPost }
}

export type BlueskyClient = ReturnType<typeof blueskyClient>
