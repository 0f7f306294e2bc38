import pLimit from 'p-limit'
import { ownerIsGone } from '../crawl/index.ts'
import type { Clock } from '../lib/clock.ts'
import { errorMessage } from '../lib/errors.ts'
import type { Log } from '../lib/log.ts'
import {
  getChannel,
  leaseDueReshares,
  leaseOwnersOfReshares,
  markReshareFailed,
  markReshareRetry,
  markReshareSending,
  markReshareSent,
  deferReshare,
  releaseReshareLeasesOf,
  type Db,
  type ReshareRow,
} from '../store/index.ts'
import type { ChannelDrivers } from './reshare-drivers.ts'

export interface SenderDeps {
  db: Db
  clock: Clock
  log: Log
  drivers: ChannelDrivers
  /** This sender's name (host:pid:random), as crawl leases use. */
  owner: string
  leaseMs?: number
}

export interface SendSummary {
  sent: number
  retried: number
  failed: number
  reconciled: number
  lost: number
}

const MAX_ATTEMPTS = 8
const BASE_BACKOFF_MS = 60_000
const MAX_BACKOFF_MS = 6 * 3600_000

/** 1, 2, 4 ... minutes, up to 6 hours; a network's Retry-After wins when longer. */
export function backoffMs(attempts: number, retryAfterMs: number | null): number {
  const exp = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1))
  return Math.max(exp, retryAfterMs ?? 0)
}

/**
 * Sends every post that is due, at most once each across crashes and processes: a post is leased,
 * committed as 'sending' before the call, then marked sent, retried later (5xx, 429, network
 * failures, with backoff) or failed (other 4xx). A post found 'sending' with its sender gone is
 * first looked for on the account (Mastodon, Bluesky) and only sent again if it is not there.
 */
export async function sendDueReshares(
  deps: SenderDeps,
  opts: { limit?: number; concurrency?: number } = {},
): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, retried: 0, failed: 0, reconciled: 0, lost: 0 }
  const leaseMs = deps.leaseMs ?? 5 * 60_000
  const limit = opts.limit ?? 500
  await releaseLeasesOfTheGone(deps)
  const run = pLimit(opts.concurrency ?? 4)
  for (;;) {
    const posts = await leaseDueReshares(deps.db, deps.owner, deps.clock.now(), leaseMs, limit)
    if (!posts.length) return summary
    await Promise.all(posts.map((post) => run(() => sendOne(deps, post, summary))))
    if (posts.length < limit) return summary
  }
}

// A sender killed mid-call left its posts 'sending' under its lease: when its process is known to be
// gone (same host), they are taken over now rather than after the lease runs out.
async function releaseLeasesOfTheGone(deps: SenderDeps) {
  for (const owner of await leaseOwnersOfReshares(deps.db, deps.clock.now()))
    if (owner !== deps.owner && ownerIsGone(owner)) await releaseReshareLeasesOf(deps.db, owner)
}

async function sendOne(deps: SenderDeps, post: ReshareRow, summary: SendSummary) {
  const { db, clock, log, owner } = deps
  const channel = await getChannel(db, post.channelId)
  if (!channel || !channel.enabled) {
    await markReshareFailed(db, post.id, owner, 'the channel was removed or disabled', clock.now())
    summary.failed++
    return
  }
  const driver = deps.drivers.of(channel)
  try {
    if (post.state === 'sending') {
      // Its sender died between 'sending' and the answer: did the post go out? Until that is known
      // (the account cannot be read now), the post stays 'sending' and is looked for again later.
      let found
      try {
        found = await driver.find(channel, post)
      } catch (err) {
        const until = new Date(clock.now().getTime() + backoffMs(post.attempts, null))
        await deferReshare(db, post.id, owner, errorMessage(err), until, clock.now())
        summary.retried++
        return
      }
      if (found) {
        await markReshareSent(db, post.id, owner, found, clock.now())
        summary.reconciled++
        return
      }
      if (!driver.canResend) {
        const error =
          'the outcome of the last attempt is unknown: check the destination, then retry'
        await markReshareFailed(db, post.id, owner, error, clock.now())
        summary.failed++
        return
      }
    }
    if (!(await markReshareSending(db, post.id, owner, clock.now()))) {
      summary.lost++
      return
    }
    const delivered = await driver.send(channel, post)
    await markReshareSent(db, post.id, owner, delivered, clock.now())
    summary.sent++
  } catch (err) {
    const message = errorMessage(err)
    const code = (err as { code?: string }).code
    const attempts = post.attempts + 1
    if (code === 'retryable' && attempts < MAX_ATTEMPTS) {
      const retryAfterMs = (err as { retryAfterMs?: number | null }).retryAfterMs ?? null
      const next = new Date(clock.now().getTime() + backoffMs(attempts, retryAfterMs))
      await markReshareRetry(db, post.id, owner, message, next, clock.now())
      summary.retried++
    } else {
      await markReshareFailed(db, post.id, owner, message, clock.now())
      summary.failed++
    }
    log.warn('reshare not sent', { reshareId: post.id, channelId: channel.id, error: message })
  }
}
