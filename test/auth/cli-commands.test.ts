import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { users } from '../../db/schema.ts'
import { authenticate, resolveApiToken } from '../../src/auth/index.ts'
import { tempDb } from '../helpers/temp-db.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function vigie(args: string[], env: Record<string, string>, stdin?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['src/bin.mjs', ...args], {
      cwd: root,
      env: { ...process.env, ...env, VIGIE_LOG_LEVEL: 'error' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin ?? '')
  })
}

describe('vigie user', () => {
  test(
    'add --password-stdin, a generated password, bad input, then token',
    { timeout: 120_000 },
    async () => {
      const db = await tempDb()
      const env = { DATABASE_URL: db.url }

      const added = await vigie(
        ['user', 'add', 'Admin@Vigie.test', '--role', 'admin', '--password-stdin'],
        env,
        'phrase de passe admin\n',
      )
      expect(added.stderr).toBe('')
      expect(added.code).toBe(0)
      expect(added.stdout).toMatch(/created admin admin@vigie\.test/)
      expect(await authenticate(db.db, 'admin@vigie.test', 'phrase de passe admin')).toMatchObject({
        role: 'admin',
      })

      // Not a terminal and no --password-stdin: a password is generated and printed once.
      const generated = await vigie(['user', 'add', 'lecteur@vigie.test', '--role', 'viewer'], env)
      expect(generated.code).toBe(0)
      const password = /password \(shown once\): (\S+)/.exec(generated.stdout)?.[1]
      expect(password!.length).toBeGreaterThanOrEqual(16)
      expect(await authenticate(db.db, 'lecteur@vigie.test', password!)).toMatchObject({
        role: 'viewer',
      })

      const short = await vigie(
        ['user', 'add', 'c@vigie.test', '--role', 'curator', '--password-stdin'],
        env,
        'court\n',
      )
      expect(short.code).toBe(1)
      expect(short.stderr).toMatch(/password too short/)
      const badRole = await vigie(
        ['user', 'add', 'c@vigie.test', '--role', 'chef', '--password-stdin'],
        env,
        'assez long pour passer\n',
      )
      expect(badRole.code).toBe(1)
      expect(badRole.stderr).toMatch(/--role must be one of viewer, curator, admin/)
      const taken = await vigie(
        ['user', 'add', 'admin@vigie.test', '--role', 'curator', '--password-stdin'],
        env,
        'assez long pour passer\n',
      )
      expect(taken.code).toBe(1)
      expect(taken.stderr).toMatch(/already registered/)
      const rows = await db.db.select().from(users)
      expect(rows.map((u) => u.email).sort()).toEqual(['admin@vigie.test', 'lecteur@vigie.test'])

      const token = await vigie(['user', 'token', 'admin@vigie.test', '--name', 'intégration'], env)
      expect(token.code).toBe(0)
      const value = token.stdout.trim()
      expect(value).toMatch(/^vigie_[A-Za-z0-9_-]{43}$/)
      expect(await resolveApiToken(db.db, value, new Date())).toMatchObject({
        email: 'admin@vigie.test',
      })
      const missing = await vigie(['user', 'token', 'nobody@vigie.test', '--name', 'x'], env)
      expect(missing.code).toBe(1)
    },
  )
})
