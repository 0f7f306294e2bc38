import { describe, expect, it } from 'vitest'
import { blueskyClient, ReshareError, type BlueskySession } from '../../src/reshare/index.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { connectTargets, makeDeps, rejection, victim } from './fake-net.ts'
import {
  ACCESS_JWT,
  APP_PASSWORD,
  DID,
  fakePds,
  HANDLE,
  KNOWN_HANDLES,
  type StoredRecord,
} from './fake-pds.ts'

const link = 'https://exemple.fr/article?x=1'
const commentary = `Très bonne analyse 👏🏽 de l'algorithme — à lire : ${link}`
const text = `${commentary}\n\nPar @camille.bsky.social et @inconnu.exemple.org #CommunityManagement`

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(20_000, 7)])

async function imageHost() {
  return fixtureServer({
    '/images/couverture.jpg': (_req, res) =>
      void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg),
    '/images/enorme.jpg': (_req, res) =>
      void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(1_500_000, 1)),
    '/images/page.html': (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Pas une image</html>'),
  })
}

async function setup(opts: Parameters<typeof fakePds>[0] = {}) {
  const pds = await fakePds(opts)
  const { deps, lines } = makeDeps()
  const client = blueskyClient(deps)
  const session: BlueskySession = {
    service: pds.origin,
    did: DID,
    handle: HANDLE,
    accessJwt: ACCESS_JWT,
  }
  return { pds, client, session, lines }
}

async function failure(promise: Promise<unknown>): Promise<ReshareError> {
  const err = await rejection(promise)
  expect(err).toBeInstanceOf(ReshareError)
  for (const secret of [ACCESS_JWT, APP_PASSWORD]) {
    expect(err.message).not.toContain(secret)
    expect(JSON.stringify((err as unknown as ReshareError).details)).not.toContain(secret)
  }
  return err as unknown as ReshareError
}

describe('bluesky: session', () => {
  it('opens a session with an app password', async () => {
    const { pds, client } = await setup()
    const session = await client.createSession({
      identifier: `@${HANDLE}`,
      password: APP_PASSWORD,
      service: pds.origin,
    })
    expect(session).toEqual({
      service: pds.origin,
      did: DID,
      handle: HANDLE,
      accessJwt: ACCESS_JWT,
    })
  })

  it('reports a wrong password as permanent, without the password', async () => {
    const { pds, client } = await setup()
    const err = await failure(
      client.createSession({
        identifier: HANDLE,
        password: 'wxyz-wxyz-wxyz-wxyz',
        service: pds.origin,
      }),
    )
    expect(err.code).toBe('permanent')
    expect(err.status).toBe(401)
    expect(err.error).toBe('AuthenticationRequired')
    expect(err.message).toBe('bluesky HTTP 401: Invalid identifier or password')
  })
})

describe('bluesky: posting', () => {
  it('sends the full text with link, mention and tag facets at exact UTF-8 byte offsets', async () => {
    const { pds, client, session } = await setup()
    const ref = await client.post({ session, text, langs: ['fr'] })
    const stored = pds.records[0]
    expect(ref).toEqual({
      uri: stored.uri,
      cid: stored.cid,
      url: `https://bsky.app/profile/${HANDLE}/post/${stored.uri.split('/').pop()}`,
    })
    const record = stored.value
    expect(record.text).toBe(text)
    expect(record.langs).toEqual(['fr'])
    expect(record.createdAt).toBe('2025-06-04T10:00:00.000Z')
    expect(record.embed).toBeUndefined()

    const bytes = Buffer.from(text, 'utf8')
    const linkStart = Buffer.byteLength(text.slice(0, text.indexOf(link)))
    expect(linkStart).toBe(59) // not 51, the UTF-16 index: è, 👏🏽, — and à take more than one byte
    const mentionStart = Buffer.byteLength(text.slice(0, text.indexOf('@camille')))
    const tagStart = Buffer.byteLength(text.slice(0, text.indexOf('#Community')))
    expect(record.facets).toEqual([
      {
        index: { byteStart: linkStart, byteEnd: linkStart + Buffer.byteLength(link) },
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: link }],
      },
      {
        index: { byteStart: mentionStart, byteEnd: mentionStart + '@camille.bsky.social'.length },
        features: [
          { $type: 'app.bsky.richtext.facet#mention', did: KNOWN_HANDLES['camille.bsky.social'] },
        ],
      },
      {
        index: { byteStart: tagStart, byteEnd: tagStart + '#CommunityManagement'.length },
        features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'CommunityManagement' }],
      },
    ])
    const slice = (f: { index: { byteStart: number; byteEnd: number } }) =>
      bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8')
    expect(record.facets.map(slice)).toEqual([link, '@camille.bsky.social', '#CommunityManagement'])
    // The unknown handle was asked for and stays plain text.
    expect(pds.hits).toContain(
      '/xrpc/com.atproto.identity.resolveHandle?handle=inconnu.exemple.org',
    )
  })

  it('counts bytes right with NFD accents, a flag and a ZWJ family before the link', async () => {
    const { pds, client, session } = await setup()
    const prefix = 'Re\u0301sume\u0301 de l\u2019e\u0301te\u0301 🇫🇷 👨‍👩‍👧 : '
    await client.post({ session, text: `${prefix}${link}.` })
    const [facet] = pds.records[0].value.facets
    expect(facet.index).toEqual({ byteStart: 56, byteEnd: 56 + link.length })
    expect(Buffer.byteLength(prefix)).toBe(56)
  })

  it('attaches a link card with the article image uploaded as its thumbnail', async () => {
    const { pds, client, session } = await setup()
    const images = await imageHost()
    const card = {
      uri: link,
      title: "L'algorithme de LinkedIn en 2025",
      description: 'Ce qui change pour la portée organique des pages.',
      imageUrl: images.url('/images/couverture.jpg'),
    }
    await client.post({ session, text: commentary, card })
    expect(pds.uploads).toHaveLength(1)
    expect(pds.uploads[0].type).toBe('image/jpeg')
    expect(pds.uploads[0].bytes.equals(jpeg)).toBe(true)
    expect(pds.uploads[0].authorization).toBe(`Bearer ${ACCESS_JWT}`)
    expect(pds.records[0].value.embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: {
        uri: link,
        title: card.title,
        description: card.description,
        thumb: {
          $type: 'blob',
          ref: { $link: 'bafkreithumb1' },
          mimeType: 'image/jpeg',
          size: jpeg.length,
        },
      },
    })
  })

  it.each([
    ['no image', null],
    ['an image over 1 MB', '/images/enorme.jpg'],
    ['a page that is not an image', '/images/page.html'],
    ['a missing image', '/images/absente.jpg'],
  ])('posts the card without a thumbnail for %s', async (_name, path) => {
    const { pds, client, session, lines } = await setup()
    const images = await imageHost()
    const imageUrl = path ? images.url(path) : null
    await client.post({ session, text: commentary, card: { uri: link, title: 'Titre', imageUrl } })
    expect(pds.uploads).toEqual([])
    expect(pds.records[0].value.embed.external).toEqual({
      uri: link,
      title: 'Titre',
      description: '',
    })
    expect(lines.join('\n')).not.toContain(ACCESS_JWT)
  })

  it('fetches the card image through the guard: a private address is never reached', async () => {
    const { pds, client, session, lines } = await setup()
    const target = await victim()
    await client.post({
      session,
      text: commentary,
      card: { uri: link, title: 'Titre', imageUrl: target.url('/img.jpg') },
    })
    expect(target.connections()).toBe(0)
    expect(pds.records[0].value.embed.external.thumb).toBeUndefined()
    expect(
      lines.some(
        (l) => l.includes('bluesky card without thumbnail') && l.includes('blocked_address'),
      ),
    ).toBe(true)
    expect(connectTargets.every((h) => h === '127.0.0.1')).toBe(true)
  })

  it('an expired session is permanent and names the atproto error', async () => {
    const { client, session } = await setup({ expired: true })
    const err = await failure(client.post({ session, text: commentary }))
    expect(err.code).toBe('permanent')
    expect(err.error).toBe('ExpiredToken')
    expect(err.message).toBe('bluesky HTTP 400: Token has expired')
  })

  it('a text over 300 graphemes is refused by the PDS as permanent', async () => {
    const { client, session } = await setup()
    const err = await failure(client.post({ session, text: 'é'.normalize('NFD').repeat(301) }))
    expect(err.code).toBe('permanent')
    expect(err.message).toContain('must not be longer than 300 graphemes')
  })

  it('a 429 is retryable, waiting until the rate-limit window resets', async () => {
    const srv = await fixtureServer({}, (_req, res) => {
      const reset = String(Date.parse('2025-06-04T10:02:00Z') / 1000)
      res.writeHead(429, { 'content-type': 'application/json', 'ratelimit-reset': reset })
      res.end(JSON.stringify({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }))
    })
    const { deps } = makeDeps()
    const session = { service: srv.origin, did: DID, handle: HANDLE, accessJwt: ACCESS_JWT }
    const err = await failure(blueskyClient(deps).post({ session, text: 'Bonjour' }))
    expect(err.code).toBe('retryable')
    expect(err.retryAfterMs).toBe(120_000)
  })

  it('a PDS that redirects the post to a private address is refused before any connection', async () => {
    const target = await victim()
    const srv = await fixtureServer({}, (_req, res) => {
      res.writeHead(307, { location: target.url('/xrpc/com.atproto.repo.createRecord') }).end()
    })
    const { deps } = makeDeps()
    const session = { service: srv.origin, did: DID, handle: HANDLE, accessJwt: ACCESS_JWT }
    const err = await failure(blueskyClient(deps).post({ session, text: 'Bonjour' }))
    expect(err.error).toBe('blocked_address')
    expect(target.connections()).toBe(0)
  })
})

describe('bluesky: reconciling after a crash', () => {
  const record = (rkey: string, text: string, createdAt: string): StoredRecord => ({
    uri: `at://${DID}/app.bsky.feed.post/${rkey}`,
    cid: `bafyrei${rkey}`,
    value: { $type: 'app.bsky.feed.post', text, createdAt, langs: ['fr'] },
  })

  it('finds the recent post with the same text', async () => {
    const records = [
      record('3lqzz', 'Une autre veille du jour', '2025-06-04T10:00:05.000Z'),
      record('3lqyy', text, '2025-06-04T10:00:01.000Z'),
      record('3lqxx', text, '2025-05-20T10:00:00.000Z'),
    ]
    const { pds, client, session } = await setup({ records })
    const found = await client.findPost({ session, text, since: new Date('2025-06-04T09:59:00Z') })
    expect(found).toEqual({
      uri: `at://${DID}/app.bsky.feed.post/3lqyy`,
      cid: 'bafyrei3lqyy',
      url: `https://bsky.app/profile/${HANDLE}/post/3lqyy`,
    })
    expect(pds.hits[0]).toBe(
      `/xrpc/com.atproto.repo.listRecords?repo=${encodeURIComponent(DID)}&collection=app.bsky.feed.post&limit=50`,
    )
    records.splice(1, 1)
    expect(
      await client.findPost({ session, text, since: new Date('2025-06-04T09:59:00Z') }),
    ).toBeNull()
    expect((await client.findPost({ session, text }))?.uri).toMatch(/3lqxx$/)
  })
})
