import os from 'node:os'
import {
  clearLoginAttempts,
  failLoginAttempt,
  loginRetryAfter,
  releaseLoginAttempt,
  reserveLoginAttempt,
  type LoginLimits,
} from '../store/index.ts'
import type { Db } from '../store/db.ts'
import { authenticate, type SessionUser } from './users.ts'

/**
 * The sign-in policy (SECURITY.md): 5 attempts per account and address and 20 per address in 15 minutes,
 * then refused; per account from anywhere, after 5 attempts each further one waits 1 s, 2 s, 4 s... up
 * to a minute, so a stranger can slow an account down but never lock its owner out.
 */
export const LOGIN_LIMITS: LoginLimits = {
  windowMs: 15 * 60_000,
  perAccountAddress: 5,
  perAddress: 20,
  perAccountFree: 5,
  maxDelayMs: 60_000,
}

// Each scrypt check holds ~32 MiB and a libuv thread (shared with DNS and file reads) for ~50-80 ms:
// beyond one per core, a burst of sign-ins would starve the rest of the server.
const MAX_CONCURRENT_CHECKS = Math.max(2, os.availableParallelism())
let checking = 0

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'wrong_password' }
  | { ok: false; reason: 'rate_limited' | 'busy'; retryAfter: number }

/** Checks a password under the limits: the attempt is reserved before the (costly) check. */
export async function signInWithLimits(
  db: Db,
  input: { email: string; password: string; address: string },
  now: Date,
  limits: LoginLimits = LOGIN_LIMITS,
): Promise<SignInResult> {
  const who = { account: input.email.trim().toLowerCase(), address: input.address }
  const id = await reserveLoginAttempt(db, who, now, limits)
  if (id === null)
    return {
      ok: false,
      reason: 'rate_limited',
      retryAfter: await loginRetryAfter(db, who, now, limits),
    }
  if (checking >= MAX_CONCURRENT_CHECKS) {
    // Not the client's fault: the attempt is given back rather than counted.
    await releaseLoginAttempt(db, id)
    return { ok: false, reason: 'busy', retryAfter: 1 }
  }
  checking++
  let user: SessionUser | null
  try {
    user = await authenticate(db, who.account, input.password)
  } finally {
    checking--
  }
  if (!user) {
    await failLoginAttempt(db, id, now, limits.windowMs)
    return { ok: false, reason: 'wrong_password' }
  }
  await clearLoginAttempts(db, who)
  return { ok: true, user }
}
