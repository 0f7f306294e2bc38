import { describe, expect, test } from 'vitest'
import {
  MIN_PASSWORD_LENGTH,
  authenticate,
  changeRole,
  createApiToken,
  createFirstAdmin,
  createUser,
  hashPassword,
  removeUser,
  resolveApiToken,
  revokeApiToken,
  verifyPassword,
} from '../../src/auth/index.ts'
import { apiTokens } from '../../db/schema.ts'
import { tempDb } from '../helpers/temp-db.ts'

const T = { timeout: 60_000 }
const now = new Date('2025-03-01T08:00:00Z')

describe('password hashing', () => {
  test('scrypt, self-describing, salted, verified in constant time', T, async () => {
    const a = await hashPassword('mot de passe très sûr')
    const b = await hashPassword('mot de passe très sûr')
    expect(a).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/)
    expect(a).not.toBe(b) // a random salt each time
    expect(await verifyPassword('mot de passe très sûr', a)).toBe(true)
    expect(await verifyPassword('mot de passe très sûr', b)).toBe(true)
    expect(await verifyPassword('mot de passe tres sur', a)).toBe(false)
    expect(await verifyPassword('', a)).toBe(false)
    // The same text in another Unicode normal form is the same password.
    expect(await verifyPassword('mot de passe tre\u0300s su\u0302r', a)).toBe(true)
  })

  test('a tampered or foreign hash never verifies and never runs away', T, async () => {
    const good = await hashPassword('correct horse battery')
    const [, params, salt, key] = good.split('$')
    const cases = [
      '',
      'plain-text-password',
      `bcrypt$${params}$${salt}$${key}`,
      `scrypt$N=1048576000,r=8,p=1$${salt}$${key}`, // would allocate terabytes
      `scrypt$N=30000,r=8,p=1$${salt}$${key}`, // not a power of two
      `scrypt$${params}$${salt}$AAAA`, // key too short to mean anything
      `scrypt$${params}$${salt}$${key!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
    ]
    for (const stored of cases)
      expect(await verifyPassword('correct horse battery', stored), stored).toBe(false)
  })

  test(
    `accounts need a password of at least ${MIN_PASSWORD_LENGTH} characters and a valid email`,
    T,
    async () => {
      const db = await tempDb()
      await expect(
        createUser(db.db, { email: 'a@vigie.test', password: '123456789', role: 'viewer' }, now),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: { field: 'password' },
      })
      await expect(
        createUser(
          db.db,
          { email: 'pas-une-adresse', password: '1234567890', role: 'viewer' },
          now,
        ),
      ).rejects.toMatchObject({
        details: { field: 'email' },
      })
      const u = await createUser(
        db.db,
        { email: ' Zoé@Vigie.Test ', password: '1234567890', role: 'viewer' },
        now,
      )
      expect(u.email).toBe('zoé@vigie.test')
      expect(await authenticate(db.db, 'ZOÉ@vigie.test', '1234567890')).toMatchObject({ id: u.id })
      expect(await authenticate(db.db, 'zoé@vigie.test', '1234567891')).toBeNull()
      expect(await authenticate(db.db, 'nobody@vigie.test', '1234567890')).toBeNull()
    },
  )
})

describe('account rules', () => {
  test('only the first account can be created by setup, as admin', T, async () => {
    const db = await tempDb()
    const [first, second] = await Promise.allSettled([
      createFirstAdmin(db.db, { email: 'une@vigie.test', password: 'premier mot de passe' }, now),
      createFirstAdmin(db.db, { email: 'deux@vigie.test', password: 'second mot de passe' }, now),
    ])
    const outcomes = [first, second].map((r) => r.status).sort()
    expect(outcomes).toEqual(['fulfilled', 'rejected'])
    const won = [first, second].find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{
      role: string
    }>
    expect(won.value.role).toBe('admin')
  })

  test('the last admin stays: no demotion, no removal; with two, either may go', T, async () => {
    const db = await tempDb()
    const a = await createUser(
      db.db,
      { email: 'a@vigie.test', password: '1234567890', role: 'admin' },
      now,
    )
    const b = await createUser(
      db.db,
      { email: 'b@vigie.test', password: '1234567890', role: 'curator' },
      now,
    )
    await expect(changeRole(db.db, a.id, 'curator')).rejects.toMatchObject({
      details: { reason: 'last_admin' },
    })
    await expect(removeUser(db.db, a.id)).rejects.toMatchObject({
      details: { reason: 'last_admin' },
    })
    await changeRole(db.db, a.id, 'admin') // admin to admin is no change, allowed
    await changeRole(db.db, b.id, 'admin')
    await changeRole(db.db, a.id, 'viewer')
    await expect(removeUser(db.db, b.id)).rejects.toMatchObject({
      details: { reason: 'last_admin' },
    })
    await removeUser(db.db, a.id)
    await expect(removeUser(db.db, a.id)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('API tokens', () => {
  test('prefixed, stored as a hash only, revocable, and gone with their user', T, async () => {
    const db = await tempDb()
    const u = await createUser(
      db.db,
      { email: 'a@vigie.test', password: '1234567890', role: 'curator' },
      now,
    )
    const t = await createApiToken(db.db, u.id, 'Zapier', now)
    expect(t.token).toMatch(/^vigie_[A-Za-z0-9_-]{43}$/)
    const rows = await db.db.select().from(apiTokens)
    expect(JSON.stringify(rows)).not.toContain(t.token.slice(6))
    expect(await resolveApiToken(db.db, t.token, now)).toMatchObject({ id: u.id, role: 'curator' })
    await expect(createApiToken(db.db, u.id, '   ', now)).rejects.toMatchObject({
      details: { field: 'name' },
    })
    await revokeApiToken(db.db, u.id, t.id)
    expect(await resolveApiToken(db.db, t.token, now)).toBeNull()
    const t2 = await createApiToken(db.db, u.id, 'autre', now)
    await createUser(
      db.db,
      { email: 'admin@vigie.test', password: '1234567890', role: 'admin' },
      now,
    )
    await removeUser(db.db, u.id)
    expect(await resolveApiToken(db.db, t2.token, now)).toBeNull()
    expect(await db.db.select().from(apiTokens)).toHaveLength(0)
  })
})
