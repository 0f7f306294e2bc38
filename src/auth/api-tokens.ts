import type { Db } from '../store/db.ts'
import { deleteApiToken, findApiTokenUser, insertApiToken, listApiTokens, touchApiToken } from '../store/index.ts'
import { AppError } from '../lib/errors.ts'
import { hashToken, randomToken } from './secrets.ts'
import { toSessionUser, type SessionUser } from './users.ts'

/** Personal API tokens are recognisable (secret scanners, logs) by this prefix. */
export const API_TOKEN_PREFIX = 'vigie_'
/** A token's last use is written at most this often: a read must not cost a write each time. */
export const TOKEN_TOUCH_MS = 5 * 60_000

/** Creates a personal API token; the clear token is returned here once and never stored. */
export async function createApiToken(db: Db, userId: number, name: string, now: Date) {
  const clean = name.trim()
  if (!clean || clean.length > 100)
    throw new AppError(
      'validation_failed',
      { field: 'name' },
      'a token needs a name (1 to 100 characters)',
    )
  const token = API_TOKEN_PREFIX + randomToken(32)
  const row = await insertApiToken(db, {
    userId,
    name: clean,
    tokenHash: hashToken(token),
    createdAt: now,
  })
  return { id: row.id, name: row.name, token }
}

/** The user a bearer token belongs to, or null (unknown, revoked or malformed). */
export async function resolveApiToken(
  db: Db,
  token: string,
  now: Date,
): Promise<SessionUser | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null
  const found = await findApiTokenUser(db, hashToken(token))
  if (!found) return null
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= TOKEN_TOUCH_MS) {
    // Bookkeeping only: a read still answers when this write fails (a full disk, a locked file).
    await touchApiToken(db, found.tokenId, now).catch(() => {})
  }
  return toSessionUser(found.user)
}

/** A user's tokens (names and dates, never the secrets). */
export function apiTokensOf(db: Db, userId: number) {
  return listApiTokens(db, userId)
}

/** Revokes one of the user's tokens; not_found when it is not theirs. */
export async function revokeApiToken(db: Db, userId: number, tokenId: number): Promise<void> {
  if (!(await deleteApiToken(db, userId, tokenId)))
    throw new AppError('not_found', { tokenId }, 'no such token')
}
