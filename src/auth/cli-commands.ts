import type { Command } from 'commander'
import { AppError } from '../lib/errors.ts'
import type { Clock } from '../lib/clock.ts'
import type { Db } from '../store/db.ts'
import { createApiToken } from './api-tokens.ts'
import { generatePassword } from './password.ts'
import { ROLES, createUser, isRole, listAccounts, userByEmail } from './users.ts'

/** What the user commands need of the CLI's services (the database and the clock). */
export type WithServices = <T>(fn: (s: { db: Db; clock: Clock }) => Promise<T>) => Promise<T>

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : s + '\n')

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk))
  // One trailing newline is the echo's or the file's, not the password's.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** Reads a line on the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin
  process.stderr.write(question)
  return new Promise((resolve, reject) => {
    let value = ''
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    const done = (err?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(new AppError('cancelled', {}, 'cancelled'))
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}

/** The new account's password: from stdin, typed twice on a terminal, or generated (then printed once). */
async function choosePassword(
  fromStdin: boolean,
): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) return { password: await readStdin(), generated: false }
  if (process.stdin.isTTY) {
    const password = await promptHidden('Password: ')
    if ((await promptHidden('Password again: ')) !== password)
      throw new AppError('validation_failed', { field: 'password' }, 'the two passwords differ')
    return { password, generated: false }
  }
  return { password: generatePassword(), generated: true }
}

/** `vigie user add|token|list`: accounts from the command line (the first admin, scripted setups). */
export function registerUserCommands(program: Command, withServices: WithServices): void {
  const user = program.command('user').description('manage accounts and personal API tokens')

  user
    .command('add')
    .description(
      'create an account (password typed, read with --password-stdin, or generated and printed once)',
    )
    .argument('<email>', 'email address, used to sign in')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (email: string, o: { role: string; name?: string; passwordStdin?: boolean }) => {
      if (!isRole(o.role))
        throw new AppError(
          'validation_failed',
          { field: 'role' },
          `--role must be one of ${ROLES.join(', ')}`,
        )
      const role = o.role
      const { password, generated } = await choosePassword(!!o.passwordStdin)
      await withServices(async (s) => {
        const created = await createUser(
          s.db,
          { email, password, role, name: o.name },
          s.clock.now(),
        )
        out(`created ${created.role} ${created.email} (id ${created.id})`)
        if (generated) out(`password (shown once): ${password}`)
      })
    })

  user
    .command('token')
    .description('create a personal API token for an account and print it once')
    .argument('<email>', 'the account')
    .requiredOption('--name <name>', 'what the token is for')
    .action(async (email: string, o: { name: string }) =>
      withServices(async (s) => {
        const account = await userByEmail(s.db, email)
        if (!account) throw new AppError('not_found', { email }, `no account "${email}"`)
        const token = await createApiToken(s.db, account.id, o.name, s.clock.now())
        out(token.token)
      }),
    )

  user
    .command('list')
    .description('list the accounts')
    .option('--json', 'print JSON on stdout')
    .action(async (o: { json?: boolean }) =>
      withServices(async (s) => {
        const rows = await listAccounts(s.db)
        if (o.json) return out(JSON.stringify(rows, null, 2))
        for (const r of rows) out(`${r.id}\t${r.role}\t${r.email}${r.name ? `\t${r.name}` : ''}`)
      }),
    )
}
