import { and, eq, lt, sql } from 'drizzle-orm'
import { loginAttempts } from '../../db/schema.ts'
import type { Db } from './db.ts'

/** The sign-in limits, all over one sliding window. */
export interface LoginLimits {
  windowMs: number
  /** Attempts on one account from one address, then refused until the window moves on. */
  perAccountAddress: number
  /** Attempts from one address on any accounts, then refused. */
  perAddress: number
  /** Attempts on one account from anywhere before each further one must wait a growing delay. */
  perAccountFree: number
  /** The longest such delay. */
  maxDelayMs: number
}

/**
 * Reserves one attempt, in one statement so that parallel attempts (even from several processes)
 * are counted one after another: null when a limit refuses it, else the reservation's id.
 * Pending reservations count like failures, so a burst cannot get past the limit before any fails.
 */
export async function reserveLoginAttempt(
  db: Db,
  who: { account: string; address: string },
  now: Date,
  limits: LoginLimits,
): Promise<number | null> {
  const t = now.getTime()
  const since = t - limits.windowMs
  const rows = await db.all<{ id: number }>(sql`
    insert into ${loginAttempts} (account, address, state, at)
    select ${who.account}, ${who.address}, 'pending', ${t}
    where (select count(*) from ${loginAttempts}
           where account = ${who.account} and address = ${who.address} and at > ${since})
          < ${limits.perAccountAddress}
      and (select count(*) from ${loginAttempts} where address = ${who.address} and at > ${since})
          < ${limits.perAddress}
      and (select count(*) < ${limits.perAccountFree}
                  or max(at) + ${delaySql(limits)} <= ${t}
           from ${loginAttempts} where account = ${who.account} and at > ${since})
    returning id`)
  return rows[0] ? Number(rows[0].id) : null
}

// 1 s after the free attempts, doubling with each further one, up to maxDelayMs.
const delaySql = (limits: LoginLimits) =>
  sql`min(1000 << min(count(*) - ${limits.perAccountFree}, 20), ${limits.maxDelayMs})`

/** Seconds until an attempt of `who` could be reserved again (at least 1). */
export async function loginRetryAfter(
  db: Db,
  who: { account: string; address: string },
  now: Date,
  limits: LoginLimits,
): Promise<number> {
  const t = now.getTime()
  const since = t - limits.windowMs
  // The k-th newest attempt of a group ages out of the window at its time + windowMs.
  const ageOut = async (where: ReturnType<typeof sql>, max: number) => {
    const [row] = await db.all<{ at: number }>(sql`
      select at from ${loginAttempts} where ${where} and at > ${since}
      order by at desc limit 1 offset ${max - 1}`)
    return row ? Number(row.at) + limits.windowMs - t : 0
  }
  const [account] = await db.all<{ n: number; last: number | null; delay: number | null }>(sql`
    select count(*) as n, max(at) as last, ${delaySql(limits)} as delay
    from ${loginAttempts} where account = ${who.account} and at > ${since}`)
  const slowDown =
    account && Number(account.n) >= limits.perAccountFree
      ? Number(account.last) + Number(account.delay) - t
      : 0
  const wait = Math.max(
    slowDown,
    await ageOut(
      sql`account = ${who.account} and address = ${who.address}`,
      limits.perAccountAddress,
    ),
    await ageOut(sql`address = ${who.address}`, limits.perAddress),
  )
  return Math.max(1, Math.ceil(wait / 1000))
}

/** The reserved attempt failed: it stays counted until it leaves the window; older rows are dropped. */
export async function failLoginAttempt(db: Db, id: number, now: Date, windowMs: number) {
  await db.batch([
    db.update(loginAttempts).set({ state: 'failed' }).where(eq(loginAttempts.id, id)),
    db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(now.getTime() - windowMs))),
  ])
}

/**
 * The reserved attempt succeeded: it and this address's failures on this account are forgotten.
 * Other addresses' failures stay, so signing in from one's own address does not clear a stranger's.
 */
export async function clearLoginAttempts(db: Db, who: { account: string; address: string }) {
  await db
    .delete(loginAttempts)
    .where(and(eq(loginAttempts.account, who.account), eq(loginAttempts.address, who.address)))
}

/** Gives a reservation back unchecked (the server was too busy to check it). */
export async function releaseLoginAttempt(db: Db, id: number) {
  await db.delete(loginAttempts).where(eq(loginAttempts.id, id))
}
