import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  ReshareError,
  sendWebhook,
  signBody,
  verifySignature,
  type WebhookInput,
} from '../../src/reshare/index.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { makeDeps, readBody, rejection, victim } from './fake-net.ts'

const SECRET = 'whsec_8f2c1e9a7b3d4f60'
// Slack's URL path is the credential itself.
const SLACK_PATH = '/services/T024BE7LD/B08A1BCDE2F/xoxWq9HkP3zRt6YvLm2Ns8Dc'

const input = (url: string, extra: Partial<WebhookInput> = {}): WebhookInput => ({
  url,
  channel: 'Slack équipe social',
  article: {
    title: "L'algorithme de LinkedIn en 2025 : ce qui change",
    link: 'https://www.blogdumoderateur.com/linkedin-algorithme-2025/',
    source: 'Blog du Modérateur',
  },
  commentary: 'Très bonne analyse 👏🏽 à partager avec l’équipe.',
  text: 'Très bonne analyse 👏🏽 à partager avec l’équipe.\nhttps://www.blogdumoderateur.com/linkedin-algorithme-2025/',
  ...extra,
})

async function failure(promise: Promise<unknown>, secrets: string[]): Promise<ReshareError> {
  const err = await rejection(promise)
  expect(err).toBeInstanceOf(ReshareError)
  for (const secret of secrets) {
    expect(err.message).not.toContain(secret)
    expect(JSON.stringify((err as unknown as ReshareError).details)).not.toContain(secret)
  }
  return err as unknown as ReshareError
}

describe('webhooks', () => {
  it('is accepted by a Slack-like receiver (text) and a Discord-like one (content)', async () => {
    const seen: Record<string, any> = {}
    const srv = await fixtureServer({
      [SLACK_PATH]: async (req, res) => {
        const body = JSON.parse((await readBody(req)).toString('utf8'))
        seen.slack = body
        if (typeof body.text !== 'string' || !body.text)
          return void res.writeHead(400).end('no_text')
        if ('channel' in body) return void res.writeHead(404).end('channel_not_found')
        res.writeHead(200, { 'content-type': 'text/html' }).end('ok')
      },
      '/api/webhooks/1234567890/aBcDeF': async (req, res) => {
        const body = JSON.parse((await readBody(req)).toString('utf8'))
        seen.discord = body
        if (typeof body.content !== 'string' || body.content.length > 2000)
          return void res
            .writeHead(400, { 'content-type': 'application/json' })
            .end('{"message":"Cannot send an empty message","code":50006}')
        res.writeHead(204).end()
      },
    })
    const { deps } = makeDeps()
    expect((await sendWebhook(deps, input(srv.url(SLACK_PATH)))).status).toBe(200)
    const long = input(srv.url('/api/webhooks/1234567890/aBcDeF'), { text: 'é'.repeat(2500) })
    expect((await sendWebhook(deps, long)).status).toBe(204)
    expect(seen.slack.text).toBe(input('').text)
    expect(seen.slack.vigie).toEqual({
      title: "L'algorithme de LinkedIn en 2025 : ce qui change",
      link: 'https://www.blogdumoderateur.com/linkedin-algorithme-2025/',
      source: 'Blog du Modérateur',
      commentary: 'Très bonne analyse 👏🏽 à partager avec l’équipe.',
      text: input('').text,
      channel: 'Slack équipe social',
      sentAt: '2025-06-04T10:00:00.000Z',
    })
    expect([...seen.discord.content]).toHaveLength(2000)
    expect(seen.discord.content.endsWith('…')).toBe(true)
    expect(seen.discord.vigie.text).toBe('é'.repeat(2500))
  })

  it('signs the exact body bytes; a receiver verifies them', async () => {
    let received: { body: Buffer; signature?: string; timestamp?: string } | null = null
    const srv = await fixtureServer({
      '/hooks/vigie': async (req, res) => {
        const body = await readBody(req)
        received = {
          body,
          signature: req.headers['x-vigie-signature'] as string,
          timestamp: req.headers['x-vigie-timestamp'] as string,
        }
        const ok = verifySignature(SECRET, body, received.signature)
        res.writeHead(ok ? 202 : 401).end()
      },
    })
    const { deps } = makeDeps()
    const result = await sendWebhook(deps, input(srv.url('/hooks/vigie'), { secret: SECRET }))
    expect(result.status).toBe(202)
    const { body, signature, timestamp } = received!
    const independent = 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex')
    expect(signature).toBe(independent)
    expect(timestamp).toBe(String(Date.parse('2025-06-04T10:00:00Z') / 1000))
    expect(JSON.parse(body.toString('utf8')).vigie.sentAt).toBe('2025-06-04T10:00:00.000Z')
  })

  it('verifySignature refuses a changed byte, another secret and malformed headers', () => {
    const body = Buffer.from('{"text":"Très bien"}')
    const good = signBody(SECRET, body)
    expect(verifySignature(SECRET, body, good)).toBe(true)
    expect(verifySignature(SECRET, body.toString('utf8'), good)).toBe(true)
    const changed = Buffer.from(body)
    changed[changed.length - 3] ^= 1
    expect(verifySignature(SECRET, changed, good)).toBe(false)
    expect(verifySignature('autre-secret', body, good)).toBe(false)
    expect(verifySignature(SECRET, body, good.slice(7))).toBe(false)
    expect(verifySignature(SECRET, body, good.toUpperCase())).toBe(false)
    expect(verifySignature(SECRET, body, '')).toBe(false)
    expect(verifySignature(SECRET, body, undefined)).toBe(false)
  })

  it('sends no signature without a secret', async () => {
    let headers: Record<string, unknown> = {}
    const srv = await fixtureServer({
      '/h': (req, res) => void ((headers = req.headers), res.end('ok')),
    })
    await sendWebhook(makeDeps().deps, input(srv.url('/h')))
    expect(headers['x-vigie-signature']).toBeUndefined()
    expect(headers['x-vigie-timestamp']).toBeDefined()
    expect(headers['content-type']).toBe('application/json; charset=utf-8')
  })

  it('a 4xx is permanent with the receiver’s words, and never shows the secret URL', async () => {
    const srv = await fixtureServer({
      [SLACK_PATH]: (_req, res) => void res.writeHead(404).end('no_service'),
    })
    const err = await failure(
      sendWebhook(makeDeps().deps, input(srv.url(SLACK_PATH), { secret: SECRET })),
      [SLACK_PATH, 'xoxWq9HkP3zRt6YvLm2Ns8Dc', SECRET],
    )
    expect(err.code).toBe('permanent')
    expect(err.message).toBe('webhook HTTP 404: no_service')
  })

  it('a Discord 429 is retryable after Retry-After', async () => {
    const srv = await fixtureServer({}, (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' })
      res.end('{"message":"You are being rate limited.","retry_after":1.5,"global":false}')
    })
    const err = await failure(
      sendWebhook(makeDeps().deps, input(srv.url('/api/webhooks/1/tok'))),
      [],
    )
    expect(err.code).toBe('retryable')
    expect(err.retryAfterMs).toBe(2000)
    expect(err.message).toBe('webhook HTTP 429: You are being rate limited.')
  })

  it('a webhook redirected to a private address is refused, its URL kept out of the error', async () => {
    const target = await victim()
    const srv = await fixtureServer({}, (_req, res) => {
      res.writeHead(308, { location: target.url('/internal') }).end()
    })
    const err = await failure(sendWebhook(makeDeps().deps, input(srv.url(SLACK_PATH))), [
      SLACK_PATH,
    ])
    expect(err.code).toBe('permanent')
    expect(err.error).toBe('blocked_address')
    expect(target.connections()).toBe(0)
  })

  it('an unreachable receiver is retryable', async () => {
    const srv = await fixtureServer({})
    await new Promise<void>((r) => srv.server.close(() => r()))
    const err = await failure(sendWebhook(makeDeps().deps, input(srv.url(SLACK_PATH))), [
      SLACK_PATH,
    ])
    expect(err.code).toBe('retryable')
    expect(err.error).toBe('connect_failed')
  })
})
