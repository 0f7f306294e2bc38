import type { IncomingMessage, ServerResponse } from 'node:http'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { readBody } from './fake-net.ts'

export const HANDLE = 'veille-cm.bsky.social'
export const DID = 'did:plc:z72i7hdynmk6r22z27h6tvur'
export const APP_PASSWORD = 'abcd-efgh-ijkl-mnop'
// Shaped like a real session JWT, so that a leak would also be caught by pattern.
export const ACCESS_JWT =
  'eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.eyJzY29wZSI6ImNvbS5hdHByb3RvLmFwcFBhc3MiLCJzdWIiOiJkaWQ6cGxjOno3MmkifQ.c2lnbmF0dXJlLWZha2U'
export const KNOWN_HANDLES: Record<string, string> = {
  'camille.bsky.social': 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
  'lemonde.fr': 'did:plc:lemondefr4k2xq7ym3pz5s',
}

export interface StoredRecord {
  uri: string
  cid: string
  value: Record<string, any>
}

const json = (res: ServerResponse, status: number, data: unknown, headers = {}) =>
  void res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(data))

const graphemes = (s: string) => [...new Intl.Segmenter().segment(s)].length

/**
 * A PDS as the atproto lexicons describe it: createSession with an app password, the session JWT
 * checked on createRecord, uploadBlob and listRecords, handles resolved from a table, a record's
 * text limited to 300 graphemes and its facets checked against the UTF-8 bytes of the text.
 */
export async function fakePds(opts: { records?: StoredRecord[]; expired?: boolean } = {}) {
  const records: StoredRecord[] = opts.records ?? []
  const uploads: { type: string; bytes: Buffer; authorization?: string }[] = []
  let tid = 0
  const authorised = (req: IncomingMessage, res: ServerResponse) => {
    if (opts.expired) {
      json(res, 400, { error: 'ExpiredToken', message: 'Token has expired' })
      return false
    }
    if (req.headers.authorization === `Bearer ${ACCESS_JWT}`) return true
    json(res, 401, { error: 'AuthenticationRequired', message: 'Authentication Required' })
    return false
  }
  const srv = await fixtureServer({}, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const nsid = url.pathname.replace(/^\/xrpc\//, '')
    if (req.method === 'POST' && nsid === 'com.atproto.server.createSession') {
      const body = JSON.parse((await readBody(req)).toString('utf8'))
      if ((body.identifier === HANDLE || body.identifier === DID) && body.password === APP_PASSWORD)
        return json(res, 200, {
          did: DID,
          handle: HANDLE,
          accessJwt: ACCESS_JWT,
          refreshJwt: 'eyJr.x.y',
          active: true,
        })
      return json(res, 401, {
        error: 'AuthenticationRequired',
        message: 'Invalid identifier or password',
      })
    }
    if (req.method === 'GET' && nsid === 'com.atproto.identity.resolveHandle') {
      const did = KNOWN_HANDLES[url.searchParams.get('handle') ?? '']
      if (did) return json(res, 200, { did })
      return json(res, 400, { error: 'InvalidRequest', message: 'Unable to resolve handle' })
    }
    if (req.method === 'POST' && nsid === 'com.atproto.repo.uploadBlob') {
      if (!authorised(req, res)) return
      const bytes = await readBody(req)
      const type = String(req.headers['content-type'])
      uploads.push({ type, bytes, authorization: req.headers.authorization })
      if (bytes.length > 1_000_000)
        return json(res, 400, { error: 'BlobTooLarge', message: 'This file is too large' })
      const blob = {
        $type: 'blob',
        ref: { $link: `bafkreithumb${uploads.length}` },
        mimeType: type,
        size: bytes.length,
      }
      return json(res, 200, { blob })
    }
    if (req.method === 'POST' && nsid === 'com.atproto.repo.createRecord') {
      if (!authorised(req, res)) return
      const body = JSON.parse((await readBody(req)).toString('utf8'))
      const record = body.record
      const invalid = (message: string) => json(res, 400, { error: 'InvalidRequest', message })
      if (body.repo !== DID || body.collection !== 'app.bsky.feed.post')
        return invalid('Invalid repo or collection')
      if (record.$type !== 'app.bsky.feed.post' || typeof record.createdAt !== 'string')
        return invalid('Invalid app.bsky.feed.post record')
      if (graphemes(record.text) > 300)
        return invalid(
          'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes',
        )
      const size = Buffer.byteLength(record.text)
      for (const facet of record.facets ?? []) {
        const { byteStart, byteEnd } = facet.index
        if (!(byteStart >= 0 && byteStart < byteEnd && byteEnd <= size))
          return invalid('Invalid facet index')
      }
      const rkey = `3lq${String(++tid).padStart(10, 'a')}`
      const stored = {
        uri: `at://${DID}/app.bsky.feed.post/${rkey}`,
        cid: `bafyreicid${tid}`,
        value: record,
      }
      records.unshift(stored)
      return json(res, 200, {
        uri: stored.uri,
        cid: stored.cid,
        commit: { cid: 'bafyc', rev: '3lq' },
      })
    }
    if (req.method === 'GET' && nsid === 'com.atproto.repo.listRecords') {
      if (!authorised(req, res)) return
      if (
        url.searchParams.get('repo') !== DID ||
        url.searchParams.get('collection') !== 'app.bsky.feed.post'
      )
        return json(res, 400, { error: 'InvalidRequest', message: 'Could not find repo' })
      const limit = Number(url.searchParams.get('limit') ?? 50)
      return json(res, 200, { records: records.slice(0, limit), cursor: 'next' })
    }
    json(res, 501, { error: 'MethodNotImplemented', message: 'Method Not Implemented' })
  })
  return { ...srv, records, uploads }
}
