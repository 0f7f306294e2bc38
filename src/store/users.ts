import { and, asc, eq, gt, lt, ne, or, sql } from 'drizzle-orm'
import { apiTokens, searchAlerts, sessions, users } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type UserRow = typeof users.$inferSelect
export type NewUser = Omit<typeof users.$inferInsert, 'id'>
export type UserRole = UserRow['role']
export type ApiTokenRow = typeof apiTokens.$inferSelect

const adminCount = sql`(select count(*) from ${users} where ${users.role} = 'admin')`

export async function hasAnyUser(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1)
  return !!row
}

/** Inserts the user; null when the email is already taken. */
export async function insertUser(db: Db, user: NewUser): Promise<UserRow | null> {
  const [row] = await db.insert(users).values(user).onConflictDoNothing().returning()
  return row ?? null
}

/** Inserts the user only while the table is empty, in one statement, so two setups cannot both win. */
export async function insertFirstUser(db: Db, user: NewUser): Promise<UserRow | null> {
  const rows = await db.all<{ id: number }>(sql`
    insert into ${users} (email, name, role, password_hash, locale, created_at)
    select ${user.email}, ${user.name ?? null}, ${user.role}, ${user.passwordHash}, ${user.locale ?? 'fr'},
      ${user.createdAt.getTime()}
    where not exists (select 1 from ${users})
    returning id`)
  return rows[0] ? getUserById(db, Number(rows[0].id)) : null
}

export async function getUserById(db: Db, id: number): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id))
  return row ?? null
}

export async function getUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email))
  return row ?? null
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email))
}

/** Changes a role unless that would leave no admin (checked in the same statement). */
export async function updateUserRole(db: Db, id: number, role: UserRole): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ role })
    .where(
      and(eq(users.id, id), or(ne(users.role, 'admin'), sql`${role} = 'admin'`, gt(adminCount, 1))),
    )
    .returning({ id: users.id })
  return rows.length > 0
}

/** Deletes a user with their sessions and tokens, unless they are the last admin. */
export async function deleteUser(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .delete(users)
    .where(and(eq(users.id, id), or(ne(users.role, 'admin'), gt(adminCount, 1))))
    .returning({ id: users.id })
  if (!rows.length) return false
  await db.delete(sessions).where(eq(sessions.userId, id))
  await db.delete(apiTokens).where(eq(apiTokens.userId, id))
  await db.delete(searchAlerts).where(eq(searchAlerts.userId, id))
  return true
}

export async function insertSession(db: Db, s: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(s)
}

/** The unexpired session with this token hash, and its user. */
export async function findSession(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
  return row ?? null
}

export async function extendSession(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ expiresAt }).where(eq(sessions.tokenHash, tokenHash))
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash))
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, now))
    .returning({ h: sessions.tokenHash })
  return rows.length
}

export async function insertApiToken(
  db: Db,
  t: Omit<typeof apiTokens.$inferInsert, 'id'>,
): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(t).returning()
  return row!
}

/** The user owning the token with this hash, and when the token was last marked used. Reads only. */
export async function findApiTokenUser(
  db: Db,
  tokenHash: string,
): Promise<{ user: UserRow; tokenId: number; lastUsedAt: Date | null } | null> {
  const [row] = await db
    .select({ user: users, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash))
  return row ?? null
}

export async function touchApiToken(db: Db, tokenId: number, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId))
}

/** A user's tokens without their hashes. */
export async function listApiTokens(db: Db, userId: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(asc(apiTokens.id))
}

export async function deleteApiToken(db: Db, userId: number, tokenId: number): Promise<boolean> {
  const rows = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id })
  return rows.length > 0
}

export async function updateUserLocale(db: Db, id: number, locale: 'fr' | 'en'): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, id))
}
