import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { AppError } from './errors.ts'

/**
 * Encrypts the secrets Vigie keeps for others (network tokens, app passwords, webhook keys) with
 * AES-256-GCM. The key is VIGIE_SECRET_KEY when set, else a key file created on first start with
 * mode 0600: lose it and the stored secrets must be entered again (README says how to back it up).
 */
export interface SecretBox {
  seal(plain: string): string
  open(sealed: string): string
}

const VERSION = 'v1'

/** A box over a key given as text (any length: hashed to 32 bytes). */
export function secretBox(key: string | Buffer): SecretBox {
  const k = createHash('sha256').update(key).digest()
  return {
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', k, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.')
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.')
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new AppError('secret_unreadable', {}, 'a stored secret is not in a known format')
      try {
        const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64url'))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([
          decipher.update(Buffer.from(body, 'base64url')),
          decipher.final(),
        ]).toString('utf8')
      } catch {
        throw new AppError(
          'secret_unreadable',
          {},
          'a stored secret cannot be decrypted with this key: was VIGIE_SECRET_KEY or the key file changed?',
        )
      }
    },
  }
}

/** The box of this installation: from the configured key, or the key file (created, mode 0600, if missing). */
export function openSecretBox(opts: { key?: string; keyFile: string }): SecretBox {
  if (opts.key) return secretBox(opts.key)
  const file = path.resolve(opts.keyFile)
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    try {
      // 'wx': two processes starting at once must not write two different keys.
      fs.writeFileSync(file, randomBytes(32).toString('base64url') + '\n', {
        mode: 0o600,
        flag: 'wx',
      })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  }
  const key = fs.readFileSync(file, 'utf8').trim()
  if (key.length < 32)
    throw new Error(`the secret key file ${file} is too short: restore it from a backup`)
  return secretBox(key)
}
