import { describe, expect, test } from 'vitest'
import { hashPassword, importUser, signInWithLimits, LOGIN_LIMITS } from '../../src/auth/index.ts'
import { openDb } from '../../src/store/db.ts'
import { tempDb } from '../helpers/temp-db.ts'

const T = { timeout: 60_000 }
const start = new Date('2026-03-02T09:00:00Z')
const at = (s: number) => new Date(start.getTime() + s * 1000)
const PASSWORD = 'mot de passe du curateur'

async function withOwner() {
  const db = await tempDb()
  await importUser(
    db.db,
    { email: 'claire@agence.fr', role: 'curator', passwordHash: await hashPassword(PASSWORD) },
    start,
  )
  const attempt = (address: string, password: string, when: Date, email = 'claire@agence.fr') =>
    signInWithLimits(db.db, { email, password, address }, when)
  return { db, attempt }
}

describe('sign-in limits, kept in the database', () => {
  test(
    'five wrong passwords from one address close that address for this account only',
    T,
    async () => {
      const { attempt } = await withOwner()
      for (let i = 0; i < 5; i++) {
        // Spaced past the per-account slow-down, so only the per-address pair limit is at work.
        expect(await attempt('203.0.113.7', 'devine', at(i * 70))).toMatchObject({
          ok: false,
          reason: 'wrong_password',
        })
      }
      const refused = await attempt('203.0.113.7', PASSWORD, at(5 * 70))
      expect(refused).toMatchObject({ ok: false, reason: 'rate_limited' })
      // The oldest of the five leaves the 15-minute window at 900 s: 900 - 350 = 550 s to wait.
      expect(refused.ok === false && 'retryAfter' in refused && refused.retryAfter).toBe(550)
      // The owner, from their own address, still gets in.
      expect(await attempt('198.51.100.20', PASSWORD, at(5 * 70))).toMatchObject({ ok: true })
    },
  )

  test(
    'a stranger rotating addresses slows the account down but never locks its owner out',
    T,
    async () => {
      const { attempt } = await withOwner()
      let t = 0
      let refusedQuickly = 0
      // 40 guesses from 40 addresses, as fast as they are let in (one second apart).
      for (let i = 0; i < 40; i++, t += 1) {
        const r = await attempt(`203.0.113.${i + 1}`, 'devine', at(t))
        if (!r.ok && r.reason === 'rate_limited') refusedQuickly++
      }
      // Past the five free attempts, each further one waits 1 s, 2 s, 4 s... : most were refused.
      expect(refusedQuickly).toBeGreaterThanOrEqual(25)
      // Never more than the longest delay: the owner signs in a minute after the last guess.
      expect(await attempt('198.51.100.20', PASSWORD, at(t + 60))).toMatchObject({ ok: true })
    },
  )

  test('one address trying many accounts is refused after 20 attempts', T, async () => {
    const { attempt } = await withOwner()
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      const r = await attempt('203.0.113.9', 'devine', at(i), `victime${i}@agence.fr`)
      expect(r).toMatchObject({ reason: 'wrong_password' })
    }
    expect(await attempt('203.0.113.9', PASSWORD, at(30))).toMatchObject({ reason: 'rate_limited' })
    // Fifteen minutes later the window has moved on.
    expect(await attempt('203.0.113.9', PASSWORD, at(30 + 900))).toMatchObject({ ok: true })
  })

  test('two processes on one database share the counters', T, async () => {
    const { db, attempt } = await withOwner()
    const other = await openDb({ url: db.url })
    try {
      for (let i = 0; i < 3; i++) await attempt('203.0.113.7', 'devine', at(i * 70))
      for (let i = 3; i < 5; i++)
        await signInWithLimits(
          other.db,
          { email: 'claire@agence.fr', password: 'devine', address: '203.0.113.7' },
          at(i * 70),
        )
      expect(await attempt('203.0.113.7', PASSWORD, at(400))).toMatchObject({
        reason: 'rate_limited',
      })
    } finally {
      other.close()
    }
  })

  test(
    'fifty parallel attempts on one account: at most five passwords are checked',
    T,
    async () => {
      const { attempt } = await withOwner()
      const results = await Promise.all(
        Array.from({ length: 50 }, () => attempt('203.0.113.7', 'devine', at(0))),
      )
      const checked = results.filter((r) => !r.ok && r.reason === 'wrong_password').length
      expect(checked).toBeGreaterThan(0)
      expect(checked).toBeLessThanOrEqual(5)
      expect(results.every((r) => !r.ok)).toBe(true)
    },
  )
})
