import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { createMailer, type Mailer } from '../../src/digest/index.ts'

/** Vigie's mailer to an SMTP URL on 127.0.0.1, with short timeouts. */
export const mailerFor = (url: string): Mailer =>
  createMailer({
    smtpUrl: url,
    from: 'Vigie <vigie@vigie.test>',
    allowHosts: ['127.0.0.1'],
    connectTimeoutMs: 2000,
    timeoutMs: 5000,
  })

export interface ReceivedMail {
  /** The envelope: MAIL FROM and every RCPT TO. */
  from: string
  to: string[]
  raw: string
}

/**
 * A real SMTP server on a loopback address, without TLS (tests have no certificate), that keeps every
 * message it accepts and counts the connections it sees. With `auth`, it offers AUTH over plain text.
 */
export async function startSmtpServer(opts: { host?: string; auth?: boolean } = {}) {
  const host = opts.host ?? '127.0.0.1'
  const messages: ReceivedMail[] = []
  const logins: string[] = []
  let connections = 0
  const server = new SMTPServer({
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: !!opts.auth,
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      connections++
      callback()
    },
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '')
      callback(new Error('535 Authentication failed'))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom
        messages.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
  // A client that hangs up mid-session is the client's business, not an unhandled error here.
  server.on('error', () => {})
  const port = (server.server.address() as AddressInfo).port
  return {
    host,
    port,
    url: `smtp://${host}:${port}`,
    messages,
    logins,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type TestSmtpServer = Awaited<ReturnType<typeof startSmtpServer>>

/** A TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const s = await startSmtpServer()
  await s.close()
  return s.port
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQp(text.replace(/_/g, ' ')),
    )
}

function decodeQp(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`)
    .replace(/%(?![0-9A-F]{2})/gi, '%25')
  return decodeURIComponent(bytes)
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':')
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim())
  }
  return headers
}

// SMTP carries lines as CRLF: the parts come back with the LF line ends they were written with.
function decodeBody(body: string, encoding = '7bit'): string {
  const text = /base64/i.test(encoding)
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : /quoted-printable/i.test(encoding)
      ? decodeQp(body)
      : body
  return text.replace(/\r\n/g, '\n')
}

/** The headers (decoded) and the text parts of a raw message, enough for a test to read it. */
export function parseMail(raw: string) {
  const split = raw.indexOf('\r\n\r\n')
  const headers = parseHeaders(raw.slice(0, split))
  const body = raw.slice(split + 4)
  const type = headers.get('content-type') ?? 'text/plain'
  const parts: { type: string; body: string }[] = []
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1]
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break
      const at = chunk.indexOf('\r\n\r\n')
      const h = parseHeaders(chunk.slice(0, at).trim())
      parts.push({
        type: (h.get('content-type') ?? '').split(';')[0]!.trim(),
        body: decodeBody(
          chunk.slice(at + 4).replace(/\r\n$/, ''),
          h.get('content-transfer-encoding'),
        ),
      })
    }
  } else
    parts.push({
      type: type.split(';')[0]!,
      body: decodeBody(body, headers.get('content-transfer-encoding')),
    })
  return {
    header: (name: string) => decodeWords(headers.get(name.toLowerCase()) ?? ''),
    type: type.split(';')[0]!.trim(),
    parts,
    part: (t: string) => parts.find((p) => p.type === t)?.body,
  }
}
