import { afterEach, describe, expect, it } from 'vitest'
import { createMailer, parseSmtpUrl, smtpAddresses } from '../../src/digest/index.ts'
import { AppError } from '../../src/lib/errors.ts'
import type { Resolver } from '../../src/lib/ip-guard.ts'
import {
  closedPort,
  parseMail,
  startSmtpServer,
  type TestSmtpServer,
} from '../helpers/smtp-server.ts'

const servers: TestSmtpServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
async function server(opts: Parameters<typeof startSmtpServer>[0] = {}) {
  const s = await startSmtpServer(opts)
  servers.push(s)
  return s
}

/** A resolver that answers from a table, as a DNS server under test control would. */
const resolveFrom =
  (table: Record<string, string[]>): Resolver =>
  async (name) => {
    const list = table[name]
    if (!list) throw new Error(`getaddrinfo ENOTFOUND ${name}`)
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }

const mailer = (smtpUrl: string, extra: Partial<Parameters<typeof createMailer>[0]> = {}) =>
  createMailer({
    smtpUrl,
    from: 'Vigie <vigie@vigie.test>',
    allowHosts: ['127.0.0.1'],
    connectTimeoutMs: 2000,
    timeoutMs: 5000,
    ...extra,
  })

const mail = { subject: 'Sélection du jour', html: '<p>Bonjour</p>', text: 'Bonjour' }

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('parseSmtpUrl', () => {
  it.each([
    ['smtp://mail.example.org', { host: 'mail.example.org', port: 587, secure: false }],
    ['smtps://mail.example.org', { host: 'mail.example.org', port: 465, secure: true }],
    [
      'smtp://digest%40vigie.fr:p%40ss%3Aw@mail.example.org:2525',
      { host: 'mail.example.org', port: 2525, user: 'digest@vigie.fr', pass: 'p@ss:w' },
    ],
    ['smtp://[::1]:25', { host: '::1', port: 25 }],
  ])('%s', (url, expected) => {
    expect(parseSmtpUrl(url)).toMatchObject(expected)
  })

  it('refuses other URLs without repeating them (they may hold a password)', () => {
    for (const url of ['https://u:hunter2@mail.example.org', 'hunter2', 'smtp://u:hunter2@']) {
      expect(() => parseSmtpUrl(url)).toThrow(/smtp:\/\/ or smtps:\/\//)
      try {
        parseSmtpUrl(url)
      } catch (err) {
        expect(String((err as Error).message)).not.toContain('hunter2')
      }
    }
  })
})

describe('smtpAddresses', () => {
  const opts = (table: Record<string, string[]>, allowHosts: string[] = []) => ({
    allowHosts,
    resolve: resolveFrom(table),
    timeoutMs: 1000,
  })

  it('keeps public addresses and refuses a name with any non-public one', async () => {
    expect(
      await smtpAddresses(
        'mail.example.org',
        opts({ 'mail.example.org': ['93.184.215.14', '2606:4700::1'] }),
      ),
    ).toEqual(['93.184.215.14', '2606:4700::1'])
    const mixed = await failure(
      smtpAddresses(
        'mail.example.org',
        opts({ 'mail.example.org': ['93.184.215.14', '10.0.0.5'] }),
      ),
    )
    expect(mixed.code).toBe('smtp_blocked_address')
    expect(mixed.message).toMatch(/10\.0\.0\.5, which is not public/)
    for (const ip of ['127.0.0.1', '169.254.169.254', '::1', '::ffff:192.168.1.1'])
      expect((await failure(smtpAddresses(ip, opts({})))).code).toBe('smtp_blocked_address')
    expect((await failure(smtpAddresses('nowhere.test', opts({})))).code).toBe('smtp_dns_failed')
  })

  it('lets VIGIE_ALLOW_HOSTS name the host, or its address', async () => {
    expect(
      await smtpAddresses('relay.lan', opts({ 'relay.lan': ['192.168.1.25'] }, ['relay.lan'])),
    ).toEqual(['192.168.1.25'])
    expect(
      await smtpAddresses('relay.lan', opts({ 'relay.lan': ['192.168.1.25'] }, ['192.168.1.0/24'])),
    ).toEqual(['192.168.1.25'])
    expect(await smtpAddresses('127.0.0.1', opts({}, ['127.0.0.1']))).toEqual(['127.0.0.1'])
  })
})

describe('createMailer', () => {
  it('sends a multipart email with an HTML and a text part to the recipient', async () => {
    const smtp = await server()
    const receipt = await mailer(smtp.url).send({ to: ['curator@vigie.test'], ...mail })
    expect(receipt).toEqual({ accepted: ['curator@vigie.test'], rejected: [] })
    expect(smtp.messages).toHaveLength(1)
    const [got] = smtp.messages
    expect(got!.from).toBe('vigie@vigie.test')
    expect(got!.to).toEqual(['curator@vigie.test'])
    const parsed = parseMail(got!.raw)
    expect(parsed.header('subject')).toBe('Sélection du jour')
    expect(parsed.header('to')).toBe('curator@vigie.test')
    expect(parsed.header('from')).toBe('Vigie <vigie@vigie.test>')
    expect(parsed.type).toBe('multipart/alternative')
    expect(parsed.part('text/plain')).toBe('Bonjour')
    expect(parsed.part('text/html')).toBe('<p>Bonjour</p>')
  })

  it('keeps several recipients out of each other’s sight: envelope only', async () => {
    const smtp = await server()
    await mailer(smtp.url).send({ to: ['alice@vigie.test', 'bob@vigie.test'], ...mail })
    const [got] = smtp.messages
    expect(got!.to).toEqual(['alice@vigie.test', 'bob@vigie.test'])
    const parsed = parseMail(got!.raw)
    expect(parsed.header('to')).toBe('Vigie <vigie@vigie.test>')
    expect(got!.raw).not.toMatch(/alice|bob/)
  })

  it('refuses an SMTP host that resolves to a loopback address not allowed, without connecting', async () => {
    const other = await server({ host: '127.0.0.2' })
    const byName = mailer(`smtp://mail.vigie.test:${other.port}`, {
      resolve: resolveFrom({ 'mail.vigie.test': ['127.0.0.2'] }),
    })
    const err = await failure(byName.send({ to: ['a@vigie.test'], ...mail }))
    expect(err.code).toBe('smtp_blocked_address')
    expect(err.message).toMatch(/mail\.vigie\.test is at 127\.0\.0\.2, which is not public/)
    const byIp = await failure(mailer(other.url).send({ to: ['a@vigie.test'], ...mail }))
    expect(byIp.code).toBe('smtp_blocked_address')
    expect(other.connections()).toBe(0)
    expect(other.messages).toEqual([])
  })

  it('connects to the checked address of an allowed name', async () => {
    const smtp = await server()
    const named = mailer(`smtp://mail.vigie.test:${smtp.port}`, {
      allowHosts: ['mail.vigie.test'],
      resolve: resolveFrom({ 'mail.vigie.test': ['127.0.0.1'] }),
    })
    await named.send({ to: ['a@vigie.test'], ...mail })
    expect(smtp.messages).toHaveLength(1)
  })

  it('never sends a password without TLS, and never repeats it in an error', async () => {
    const smtp = await server({ auth: true })
    const secret = 's3cret-P@ss'
    const url = `smtp://digest:${encodeURIComponent(secret)}@127.0.0.1:${smtp.port}`
    const err = await failure(mailer(url).send({ to: ['a@vigie.test'], ...mail }))
    expect(err.code).toBe('smtp_failed')
    expect(err.message).toMatch(/^SMTP 127\.0\.0\.1:\d+: .*STARTTLS/)
    expect(err.message).not.toContain('s3cret')
    expect(smtp.logins).toEqual([])
    expect(smtp.messages).toEqual([])
  })

  it('reports a server that cannot be reached, with where and why', async () => {
    const port = await closedPort()
    const err = await failure(
      mailer(`smtp://u:hunter2@127.0.0.1:${port}`).send({ to: ['a@vigie.test'], ...mail }),
    )
    expect(err.code).toBe('smtp_failed')
    expect(err.message).toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`))
    expect(err.message).not.toContain('hunter2')
  })
})
