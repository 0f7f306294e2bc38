import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { AppError } from '../lib/errors.ts'

export const MIN_PASSWORD_LENGTH = 10
const MAX_PASSWORD_LENGTH = 1024
// scrypt N=2^15, r=8, p=1 takes 32 MiB and ~50 ms: memory-hard enough to make GPU guessing costly.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 }
const KEY_LENGTH = 32

function derive(
  password: string,
  salt: Buffer,
  p: { N: number; r: number; p: number },
  length = KEY_LENGTH,
): Promise<Buffer> {
  // Node refuses above 32 MiB by default, exactly what N=2^15, r=8 needs: give it room.
  const options: ScryptOptions = { ...p, maxmem: 256 * p.N * p.r + 1024 * 1024 }
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

/** Throws validation_failed unless the password is long enough (and not absurdly long). */
export function checkPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw new AppError(
      'validation_failed',
      { field: 'password', min: MIN_PASSWORD_LENGTH },
      'password too short',
    )
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new AppError('validation_failed', { field: 'password' }, 'password too long')
}

/** A self-describing hash: `scrypt$N=32768,r=8,p=1$<salt b64>$<key b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, PARAMS)
  return `scrypt$N=${PARAMS.N},r=${PARAMS.r},p=${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Whether the password matches a stored hash (constant-time compare); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored)
  if (!m || password.length > MAX_PASSWORD_LENGTH) return false
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])]
  // Bounds keep a tampered row from making us allocate gigabytes.
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16)
    return false
  const expected = Buffer.from(m[5]!, 'base64')
  if (expected.length < 16 || expected.length > 64) return false
  const key = await derive(password, Buffer.from(m[4]!, 'base64'), { N, r, p }, expected.length)
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A strong random password, for accounts created without one (shown once). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url')
}
