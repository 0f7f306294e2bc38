import { AppError } from '../lib/errors.ts'
import type { Db } from '../store/db.ts'
import {
  deleteUser,
  getUserByEmail,
  getUserById,
  hasAnyUser,
  insertFirstUser,
  insertUser,
  listUsers,
  updateUserRole,
  type UserRole,
  type UserRow,
} from '../store/index.ts'
import { checkPasswordStrength, hashPassword, verifyPassword } from './password.ts'

export type Role = UserRole
/** Lowest to highest: each role may do what the ones before it may. */
export const ROLES: readonly Role[] = ['viewer', 'curator', 'admin']

/** The signed-in user as the web layer sees it (no password hash). */
export interface SessionUser {
  id: number
  email: string
  name: string | null
  role: Role
  locale: 'fr' | 'en'
}

export function toSessionUser(u: UserRow): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale }
}

/** Whether `role` grants at least what `needed` grants. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed)
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v)
}

/** Lower-cased and trimmed; validation_failed unless it looks like an address. */
export function normalizeEmail(email: string): string {
  const e = email.trim().toLowerCase()
  if (e.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(e))
    throw new AppError('validation_failed', { field: 'email' }, 'invalid email address')
  return e
}

export interface NewAccount {
  email: string
  password: string
  role: Role
  name?: string | null
  locale?: 'fr' | 'en'
}

async function prepare(input: NewAccount, now: Date) {
  if (!isRole(input.role))
    throw new AppError('validation_failed', { field: 'role' }, 'unknown role')
  const email = normalizeEmail(input.email)
  checkPasswordStrength(input.password)
  const name = input.name?.trim() || null
  return {
    email,
    name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    locale: input.locale ?? 'fr',
    createdAt: now,
  }
}

/** Creates an account; validation_failed (field email) when the address is taken. */
export async function createUser(db: Db, input: NewAccount, now: Date): Promise<SessionUser> {
  return insertUnlessTaken(db, await prepare(input, now))
}

/** Creates the first account, an admin, only while there is none (forbidden afterwards). */
export async function createFirstAdmin(
  db: Db,
  input: Omit<NewAccount, 'role'>,
  now: Date,
): Promise<SessionUser> {
  if (await hasAnyUser(db))
    throw new AppError('forbidden', { reason: 'setup_done' }, 'setup already done')
  const row = await insertFirstUser(db, await prepare({ ...input, role: 'admin' }, now))
  if (!row) throw new AppError('forbidden', { reason: 'setup_done' }, 'setup already done')
  return toSessionUser(row)
}

/** Creates an account from an existing password hash (imports, tests); validation_failed if taken. */
export async function importUser(
  db: Db,
  input: Omit<NewAccount, 'password'> & { passwordHash: string },
  now: Date,
): Promise<SessionUser> {
  if (!isRole(input.role))
    throw new AppError('validation_failed', { field: 'role' }, 'unknown role')
  if (!input.passwordHash.startsWith('scrypt$'))
    throw new AppError('validation_failed', { field: 'password' }, 'not a scrypt hash')
  const email = normalizeEmail(input.email)
  return insertUnlessTaken(db, {
    email,
    name: input.name?.trim() || null,
    role: input.role,
    passwordHash: input.passwordHash,
    locale: input.locale ?? 'fr',
    createdAt: now,
  })
}

async function insertUnlessTaken(
  db: Db,
  account: Parameters<typeof insertUser>[1],
): Promise<SessionUser> {
  const row = await insertUser(db, account)
  if (!row)
    throw new AppError(
      'validation_failed',
      { field: 'email', reason: 'taken' },
      'email already registered',
    )
  return toSessionUser(row)
}

// A real hash to verify against when the email is unknown, so that timing does not reveal which emails exist.
let decoy: Promise<string> | null = null

/** The user with this email and password, or null; takes as long whether or not the email exists. */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
): Promise<SessionUser | null> {
  const row = await getUserByEmail(db, email.trim().toLowerCase())
  const ok = await verifyPassword(
    password,
    row?.passwordHash ?? (await (decoy ??= hashPassword('decoy-password'))),
  )
  return row && ok ? toSessionUser(row) : null
}

export { hasAnyUser }

export async function userById(db: Db, id: number): Promise<SessionUser | null> {
  const row = await getUserById(db, id)
  return row ? toSessionUser(row) : null
}

export async function userByEmail(db: Db, email: string): Promise<SessionUser | null> {
  const row = await getUserByEmail(db, email.trim().toLowerCase())
  return row ? toSessionUser(row) : null
}

/** Every account, by email. */
export async function listAccounts(db: Db): Promise<(SessionUser & { createdAt: Date })[]> {
  return (await listUsers(db)).map((u) => ({ ...toSessionUser(u), createdAt: u.createdAt }))
}

async function mustExist(db: Db, id: number) {
  const row = await getUserById(db, id)
  if (!row) throw new AppError('not_found', { userId: id }, 'no such user')
  return row
}

/** Changes a user's role; validation_failed (reason last_admin) if it would leave no admin. */
export async function changeRole(db: Db, userId: number, role: Role): Promise<void> {
  if (!isRole(role)) throw new AppError('validation_failed', { field: 'role' }, 'unknown role')
  await mustExist(db, userId)
  if (!(await updateUserRole(db, userId, role)))
    throw new AppError(
      'validation_failed',
      { field: 'role', reason: 'last_admin' },
      'the last admin must stay admin',
    )
}

/** Removes a user, their sessions and tokens; validation_failed (reason last_admin) for the last admin. */
export async function removeUser(db: Db, userId: number): Promise<void> {
  await mustExist(db, userId)
  if (!(await deleteUser(db, userId)))
    throw new AppError(
      'validation_failed',
      { reason: 'last_admin' },
      'the last admin cannot be removed',
    )
}
