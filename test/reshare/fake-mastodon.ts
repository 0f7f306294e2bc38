import type { IncomingMessage, ServerResponse } from 'node:http'
import { textLength } from '../../src/reshare/index.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { readBody } from './fake-net.ts'

export const TOKEN = 'zK3vQm8yT2pL9xWcR4hN7bJ1fD6gS0aE5uYtIo-Mastodon'

export const account = {
  id: '109876543210',
  username: 'veille_cm',
  acct: 'veille_cm',
  display_name: 'Veille CM',
  url: 'https://piaille.fr/@veille_cm',
}

export interface SentStatus {
  body: Record<string, unknown>
  headers: IncomingMessage['headers']
}

const json = (res: ServerResponse, status: number, data: unknown, headers = {}) =>
  void res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(data))

/**
 * A Mastodon instance as its API documents it: bearer tokens checked, Idempotency-Key honoured (the
 * same key returns the same status), a 422 for a status over the limit, statuses listed as HTML.
 */
export async function fakeMastodon(opts: { maxCharacters?: number; statuses?: unknown[] } = {}) {
  const posted: SentStatus[] = []
  const byKey = new Map<string, unknown>()
  const listed: unknown[] = opts.statuses ?? []
  const authorised = (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization === `Bearer ${TOKEN}`) return true
    json(res, 401, { error: 'The access token is invalid' })
    return false
  }
  const srv = await fixtureServer({}, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'GET' && url.pathname === '/api/v1/accounts/verify_credentials') {
      if (authorised(req, res))
        json(res, 200, { ...account, note: '<p>Veille community management</p>' })
      return
    }
    if (req.method === 'GET' && url.pathname === '/api/v2/instance') {
      const statuses = opts.maxCharacters
        ? { max_characters: opts.maxCharacters, characters_reserved_per_url: 23 }
        : undefined
      return json(res, 200, { domain: 'piaille.fr', title: 'Piaille', configuration: { statuses } })
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/statuses') {
      if (!authorised(req, res)) return
      const key = req.headers['idempotency-key']
      if (typeof key !== 'string' || !key)
        return json(res, 400, { error: 'Vigie must send an Idempotency-Key' })
      if (!String(req.headers['content-type']).startsWith('application/json'))
        return json(res, 415, { error: 'JSON expected' })
      const body = JSON.parse((await readBody(req)).toString('utf8'))
      posted.push({ body, headers: req.headers })
      if (byKey.has(key)) return json(res, 200, byKey.get(key))
      const limit = opts.maxCharacters ?? 500
      if (textLength('mastodon', String(body.status ?? ''), { limit }).over)
        return json(res, 422, {
          error: `Validation failed: Text character limit of ${limit} exceeded`,
        })
      const id = String(113000000000000000n + BigInt(byKey.size + 1))
      const status = {
        id,
        created_at: '2025-06-04T10:00:01.000Z',
        url: `https://piaille.fr/@veille_cm/${id}`,
        uri: `https://piaille.fr/users/veille_cm/statuses/${id}`,
        visibility: body.visibility,
        language: body.language ?? null,
        content: `<p>${String(body.status)}</p>`,
        reblog: null,
      }
      byKey.set(key, status)
      return json(res, 200, status)
    }
    const list = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(url.pathname)
    if (req.method === 'GET' && list) {
      if (!authorised(req, res)) return
      if (list[1] !== account.id) return json(res, 404, { error: 'Record not found' })
      if (url.searchParams.get('limit') !== '40')
        return json(res, 400, { error: 'limit=40 expected' })
      return json(res, 200, listed)
    }
    json(res, 404, { error: 'Not found' })
  })
  return { ...srv, posted }
}
