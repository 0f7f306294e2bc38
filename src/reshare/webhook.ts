import { createHmac, timingSafeEqual } from 'node:crypto'
import { callApi } from './api-call.ts'
import type { ReshareDeps } from './types.ts'

export interface WebhookInput {
  url: string
  /** Signs the body when set; Slack and Discord need none, a receiver of your own should. */
  secret?: string | null
  /** The channel's name in Vigie. */
  channel: string
  article: { title: string; link: string; source?: string | null }
  commentary?: string | null
  /** The rendered post. */
  text: string
}

export interface WebhookPayload {
  /** Slack's incoming webhooks show `text`. */
  text: string
  /** Discord's show `content` (2000 characters at most). */
  content: string
  // Vigie's own fields sit apart: a top-level `channel` would tell a legacy Slack webhook where to
  // post and make it refuse the message.
  vigie: {
    title: string
    link: string
    source: string | null
    commentary: string | null
    text: string
    channel: string
    sentAt: string
  }
}

const DISCORD_MAX = 2000

export function webhookPayload(input: WebhookInput, sentAt: Date): WebhookPayload {
  const chars = [...input.text]
  const content =
    chars.length > DISCORD_MAX ? chars.slice(0, DISCORD_MAX - 1).join('') + '…' : input.text
  return {
    text: input.text,
    content,
    vigie: {
      title: input.article.title,
      link: input.article.link,
      source: input.article.source ?? null,
      commentary: input.commentary?.trim() || null,
      text: input.text,
      channel: input.channel,
      sentAt: sentAt.toISOString(),
    },
  }
}

/** The X-Vigie-Signature value: HMAC-SHA256 of the exact body bytes, as "sha256=<hex>". */
export function signBody(secret: string, body: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
}

/**
 * For receivers: whether X-Vigie-Signature matches the raw body, compared in constant time. The
 * timestamp header is not signed; to refuse replays, check `vigie.sentAt` of the verified body.
 */
export function verifySignature(
  secret: string,
  body: string | Buffer,
  signature: string | null | undefined,
): boolean {
  if (!signature) return false
  const expected = Buffer.from(signBody(secret, body))
  const given = Buffer.from(signature.trim())
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Posts a reshare as JSON to a webhook (Slack, Discord, or a receiver of your own). */
export async function sendWebhook(
  deps: ReshareDeps,
  input: WebhookInput,
): Promise<{ status: number; sentAt: Date }> {
  const sentAt = deps.clock?.now() ?? new Date()
  const body = JSON.stringify(webhookPayload(input, sentAt))
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-vigie-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
  }
  if (input.secret) headers['x-vigie-signature'] = signBody(input.secret, body)
  const res = await callApi(deps, {
    channel: 'webhook',
    method: 'POST',
    url: input.url,
    headers,
    body,
    // A Slack or Discord webhook URL is itself the credential: it never goes into a message.
    secrets: [input.url, ...urlSecrets(input.url), input.secret ?? ''],
    maxBytes: 100_000,
  })
  return { status: res.status, sentAt }
}

function urlSecrets(raw: string): string[] {
  try {
    const url = new URL(raw)
    url.hash = ''
    return [url.href, url.pathname + url.search, url.pathname]
  } catch {
    return []
  }
}
