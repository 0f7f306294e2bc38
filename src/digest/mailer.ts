import nodemailer from 'nodemailer'
import { AppError, errorMessage } from '../lib/errors.ts'
import type { Resolver } from '../lib/ip-guard.ts'
import { parseSmtpUrl, smtpAddresses, type SmtpTarget } from './smtp-target.ts'
import type { Mailer, MailReceipt, OutgoingMail } from './types.ts'

export interface MailerOptions {
  /** VIGIE_SMTP_URL. */
  smtpUrl: string
  /** VIGIE_DIGEST_FROM, e.g. "Vigie <vigie@example.org>". */
  from: string
  allowHosts: readonly string[]
  connectTimeoutMs: number
  /** Greeting and inactivity limit once connected. */
  timeoutMs: number
  resolve?: Resolver
}

// Only a failure to open the connection moves on to the host's next address: after that the server
// may have the message, and a second try could deliver it twice.
const isConnectFailure = (err: unknown) => {
  const e = err as { code?: string; command?: string }
  return e.command === 'CONN' && (e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT')
}

/** Every form in which the password could show up in an error: as is, URL-encoded, in base64 (AUTH). */
function secretsOf(t: SmtpTarget): string[] {
  if (!t.pass) return []
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  return [t.pass, encodeURIComponent(t.pass), b64(t.pass), b64(`\0${t.user ?? ''}\0${t.pass}`)]
}

function scrub(message: string, secrets: string[]): string {
  return secrets.reduce((m, s) => m.split(s).join('***'), message)
}

/**
 * A mailer over VIGIE_SMTP_URL that connects only to a checked address of the SMTP host, keeping the
 * host's name for TLS (SNI and the certificate check). With credentials, TLS is required: a password
 * never crosses the network in clear, even if STARTTLS is stripped on the way.
 */
export function createMailer(opts: MailerOptions): Mailer {
  const target = parseSmtpUrl(opts.smtpUrl)
  const secrets = secretsOf(target)
  const where = `${target.host}:${target.port}`

  async function sendVia(address: string, mail: OutgoingMail): Promise<MailReceipt> {
    const transport = nodemailer.createTransport({
      host: address,
      port: target.port,
      secure: target.secure,
      requireTLS: !target.secure && !!target.user,
      auth: target.user ? { user: target.user, pass: target.pass ?? '' } : undefined,
      tls: { servername: target.host },
      connectionTimeout: opts.connectTimeoutMs,
      greetingTimeout: opts.timeoutMs,
      socketTimeout: opts.timeoutMs,
    })
    try {
      // Several recipients are kept out of each other's sight: they go in the envelope only, and
      // the To header names the sender.
      const many = mail.to.length > 1
      const info = await transport.sendMail({
        from: opts.from,
        to: many ? opts.from : [...mail.to],
        envelope: { from: opts.from, to: [...mail.to] },
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        ...(mail.unsubscribeUrl && { list: { unsubscribe: mail.unsubscribeUrl } }),
        ...(mail.unsubscribeUrl &&
          mail.oneClickUnsubscribe && {
            headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          }),
      })
      const addr = (a: string | { address: string }) => (typeof a === 'string' ? a : a.address)
      return { accepted: info.accepted.map(addr), rejected: info.rejected.map(addr) }
    } finally {
      transport.close()
    }
  }

  return {
    async send(mail) {
      if (!mail.to.length) throw new AppError('digest_no_recipients', {}, 'no recipients')
      const addresses = await smtpAddresses(target.host, {
        allowHosts: opts.allowHosts,
        resolve: opts.resolve,
        timeoutMs: opts.connectTimeoutMs,
      })
      let last: unknown
      for (const address of addresses) {
        try {
          return await sendVia(address, mail)
        } catch (err) {
          last = err
          if (!isConnectFailure(err)) break
        }
      }
      throw new AppError(
        'smtp_failed',
        { host: target.host },
        scrub(`SMTP ${where}: ${errorMessage(last)}`, secrets),
      )
    },
  }
}
