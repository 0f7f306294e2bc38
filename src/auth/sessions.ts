import type { Db } from '../store/db.ts'
import { deleteSession, extendSession, findSession, insertSession } from '../store/index.ts'
import { hashToken, randomToken } from './secrets.ts'
import { toSessionUser, type SessionUser } from './users.ts'

const DAY = 86_400_000
/** Sessions last 30 days after the last visit (sliding), renewed at most once a day. */
export const SESSION_TTL_MS = 30 * DAY

export interface NewSession {
  /** The cookie value: only its SHA-256 is stored. */
  token: string
  csrf: string
  expiresAt: Date
}

/** Opens a session for the user: a random 32-byte token and its own CSRF token. */
export async function createSession(db: Db, userId: number, now: Date): Promise<NewSession> {
  const token = randomToken(32)
  const csrf = randomToken(32)
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  await insertSession(db, {
    tokenHash: hashToken(token),
    userId,
    csrfToken: csrf,
    createdAt: now,
    expiresAt,
  })
  return { token, csrf, expiresAt }
}

export interface ResolvedSession {
  user: SessionUser
  csrf: string
  expiresAt: Date
  /** True when the expiry moved forward, so the cookie should be sent again. */
  renewed: boolean
}

/** The live session of a cookie token, extending it when a day or more has passed since it was. */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date,
): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null
  const tokenHash = hashToken(token)
  const row = await findSession(db, tokenHash, now)
  if (!row) return null
  let expiresAt = row.session.expiresAt
  let renewed = false
  if (expiresAt.getTime() - now.getTime() < SESSION_TTL_MS - DAY) {
    const later = new Date(now.getTime() + SESSION_TTL_MS)
    // A read must not fail because the renewal could not be written (a full disk): the session is
    // still valid, and the next visit renews it.
    renewed = await extendSession(db, tokenHash, later).then(
      () => true,
      () => false,
    )
    if (renewed) expiresAt = later
  }
  return { user: toSessionUser(row.user), csrf: row.session.csrfToken, expiresAt, renewed }
}

/** Logs out: the session row goes, so the cookie is worthless even if kept. */
export async function endSession(db: Db, token: string): Promise<void> {
  if (token) await deleteSession(db, hashToken(token))
}
