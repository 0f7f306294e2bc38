import { describe, expect, it } from 'vitest'
import { mastodonClient, ReshareError } from '../../src/reshare/index.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { account, fakeMastodon, TOKEN } from './fake-mastodon.ts'
import { connectTargets, makeDeps, rejection, victim } from './fake-net.ts'

const sent =
  'Très bonne analyse 👏🏽 de l’algorithme — à lire : https://exemple.fr/article?x=1\n\n' +
  '« L’algorithme de LinkedIn en 2025 » — par @camille@piaille.fr\n#CommunityManagement Q&A'

// The same text as Mastodon renders it: link split in spans, mention without its domain, entities.
const rendered =
  '<p>Très bonne analyse 👏🏽 de l’algorithme — à lire : <a href="https://exemple.fr/article?x=1" ' +
  'target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://' +
  '</span><span class="">exemple.fr/article?x=1</span><span class="invisible"></span></a></p><p>« L’algorithme ' +
  'de LinkedIn en 2025 » — par <span class="h-card" translate="no"><a href="https://piaille.fr/@camille" ' +
  'class="u-url mention">@<span>camille</span></a></span><br /><a href="https://piaille.fr/tags/' +
  'CommunityManagement" class="mention hashtag" rel="tag">#<span>CommunityManagement</span></a> Q&amp;A</p>'

const status = (id: string, createdAt: string, content: string, reblog: unknown = null) => ({
  id,
  created_at: createdAt,
  url: `https://piaille.fr/@veille_cm/${id}`,
  uri: `https://piaille.fr/users/veille_cm/statuses/${id}`,
  content,
  reblog,
})

async function failure(promise: Promise<unknown>): Promise<ReshareError> {
  const err = await rejection(promise)
  expect(err).toBeInstanceOf(ReshareError)
  expect(err.message).not.toContain(TOKEN)
  expect(JSON.stringify((err as unknown as ReshareError).details)).not.toContain(TOKEN)
  return err as unknown as ReshareError
}

describe('mastodon: account and instance', () => {
  it('verifies credentials with the bearer token', async () => {
    const srv = await fakeMastodon()
    const client = mastodonClient(makeDeps().deps)
    expect(await client.verifyCredentials(srv.origin + '/', TOKEN)).toEqual({
      id: account.id,
      username: 'veille_cm',
      acct: 'veille_cm',
      url: 'https://piaille.fr/@veille_cm',
    })
  })

  it('refuses a bad token as permanent, with Mastodon’s own message', async () => {
    const srv = await fakeMastodon()
    const err = await failure(mastodonClient(makeDeps().deps).verifyCredentials(srv.origin, 'nope'))
    expect(err.code).toBe('permanent')
    expect(err.status).toBe(401)
    expect(err.message).toBe('mastodon HTTP 401: The access token is invalid')
  })

  it('reads the instance limit, 500 when the instance does not say', async () => {
    const big = await fakeMastodon({ maxCharacters: 1000 })
    const plain = await fakeMastodon()
    const client = mastodonClient(makeDeps().deps)
    expect(await client.instanceLimit(big.origin)).toBe(1000)
    expect(await client.instanceLimit(plain.origin)).toBe(500)
    expect(big.hits).toEqual(['/api/v2/instance'])
  })
})

describe('mastodon: posting', () => {
  it('posts with bearer and Idempotency-Key; a repeat with the same key is the same status', async () => {
    const srv = await fakeMastodon()
    const client = mastodonClient(makeDeps().deps)
    const input = {
      instanceUrl: srv.origin,
      token: TOKEN,
      status: sent,
      visibility: 'unlisted' as const,
      language: 'fr',
      idempotencyKey: 'vigie-reshare-42',
    }
    const first = await client.postStatus(input)
    const again = await client.postStatus(input)
    expect(first.id).toMatch(/^\d+$/)
    expect(first.url).toBe(`https://piaille.fr/@veille_cm/${first.id}`)
    expect(again).toEqual(first)
    expect(srv.posted).toHaveLength(2)
    expect(srv.posted[0].body).toEqual({ status: sent, visibility: 'unlisted', language: 'fr' })
    expect(srv.posted[0].headers['idempotency-key']).toBe('vigie-reshare-42')
    expect(srv.posted[0].headers['authorization']).toBe(`Bearer ${TOKEN}`)
  })

  it('reports an over-long status as permanent, in Mastodon’s words', async () => {
    const srv = await fakeMastodon()
    const status = `${'Analyse très détaillée. '.repeat(21)}https://exemple.fr/a`
    const err = await failure(
      mastodonClient(makeDeps().deps).postStatus({
        instanceUrl: srv.origin,
        token: TOKEN,
        status,
        idempotencyKey: 'k-long',
      }),
    )
    expect(err.code).toBe('permanent')
    expect(err.status).toBe(422)
    expect(err.message).toContain('Validation failed: Text character limit of 500 exceeded')
  })

  it.each<[number, Record<string, string>, number | null]>([
    [503, { 'retry-after': '30' }, 30_000],
    [429, { 'retry-after': 'Wed, 04 Jun 2025 10:05:00 GMT' }, 300_000],
    [500, {}, null],
  ])('a %i is retryable, with Retry-After', async (code, headers, retryAfterMs) => {
    const srv = await fixtureServer({}, (_req, res) => {
      res.writeHead(code, { 'content-type': 'application/json', ...headers })
      res.end(
        JSON.stringify({ error: code === 429 ? 'Too many requests' : 'Service indisponible' }),
      )
    })
    const err = await failure(
      mastodonClient(makeDeps().deps).postStatus({
        instanceUrl: srv.origin,
        token: TOKEN,
        status: 'Bonjour',
        idempotencyKey: 'k',
      }),
    )
    expect(err.code).toBe('retryable')
    expect(err.status).toBe(code)
    expect(err.retryAfterMs).toBe(retryAfterMs)
  })

  it('a connection failure is retryable', async () => {
    const srv = await fixtureServer({})
    await new Promise<void>((r) => srv.server.close(() => r()))
    const err = await failure(mastodonClient(makeDeps().deps).verifyCredentials(srv.origin, TOKEN))
    expect(err.code).toBe('retryable')
    expect(err.error).toBe('connect_failed')
  })

  it.each([307, 308])(
    'refuses an instance whose %i sends the post to a private address',
    async (code) => {
      const target = await victim()
      const srv = await fixtureServer({}, (_req, res) => {
        res.writeHead(code, { location: target.url('/api/v1/statuses') }).end()
      })
      const err = await failure(
        mastodonClient(makeDeps().deps).postStatus({
          instanceUrl: srv.origin,
          token: TOKEN,
          status: 'Bonjour',
          idempotencyKey: 'k',
        }),
      )
      expect(err.code).toBe('permanent')
      expect(err.error).toBe('blocked_address')
      expect(target.connections()).toBe(0)
      expect(connectTargets).toEqual(['127.0.0.1'])
    },
  )

  it('refuses an instance URL that redirects a GET to a private address', async () => {
    const target = await victim('127.0.0.3')
    const srv = await fixtureServer({}, (_req, res) => {
      res.writeHead(302, { location: target.url('/api/v1/accounts/verify_credentials') }).end()
    })
    const err = await failure(mastodonClient(makeDeps().deps).verifyCredentials(srv.origin, TOKEN))
    expect(err.error).toBe('blocked_address')
    expect(target.connections()).toBe(0)
  })

  it('does not follow a 302 answer to a POST', async () => {
    const srv = await fixtureServer({}, (_req, res) => {
      res.writeHead(302, { location: '/login' }).end()
    })
    const err = await failure(
      mastodonClient(makeDeps().deps).postStatus({
        instanceUrl: srv.origin,
        token: TOKEN,
        status: 'Bonjour',
        idempotencyKey: 'k',
      }),
    )
    expect(err.code).toBe('permanent')
    expect(err.message).toContain('unexpected redirect to /login')
    expect(srv.hits).toEqual(['/api/v1/statuses'])
  })
})

describe('mastodon: reconciling after a crash', () => {
  const statuses = [
    status(
      '113000000000000009',
      '2025-06-04T10:00:03.000Z',
      '<p>Boost</p>',
      status('1', '2025-06-04T09:00:00Z', rendered),
    ),
    status(
      '113000000000000008',
      '2025-06-04T10:00:02.000Z',
      '<p>Autre chose à lire : https://autre.fr</p>',
    ),
    status('113000000000000007', '2025-06-04T10:00:01.000Z', rendered),
    status('112000000000000001', '2025-05-28T08:00:00.000Z', rendered),
  ]

  it('finds the status whose text, HTML stripped, is the one sent', async () => {
    const srv = await fakeMastodon({ statuses })
    const client = mastodonClient(makeDeps().deps)
    const found = await client.findStatus({ instanceUrl: srv.origin, token: TOKEN, status: sent })
    expect(found).toEqual({
      id: '113000000000000007',
      url: 'https://piaille.fr/@veille_cm/113000000000000007',
    })
    expect(srv.hits).toEqual([
      '/api/v1/accounts/verify_credentials',
      `/api/v1/accounts/${account.id}/statuses?limit=40`,
    ])
  })

  it('ignores statuses older than `since`, and says null when the post is not there', async () => {
    const srv = await fakeMastodon({
      statuses: statuses.filter((s) => s.id !== '113000000000000007'),
    })
    const client = mastodonClient(makeDeps().deps)
    const base = { instanceUrl: srv.origin, token: TOKEN, accountId: account.id, status: sent }
    expect(await client.findStatus({ ...base, since: new Date('2025-06-04T09:59:00Z') })).toBeNull()
    expect((await client.findStatus(base))?.id).toBe('112000000000000001')
    expect(await client.findStatus({ ...base, status: 'Jamais envoyé' })).toBeNull()
    expect(srv.hits.every((h) => h.startsWith(`/api/v1/accounts/${account.id}/statuses`))).toBe(
      true,
    )
  })
})
