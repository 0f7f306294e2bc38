import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'

describe('loadConfig: outbound email', () => {
  it('has no SMTP server by default, and a default sender', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: undefined, from: 'Vigie <vigie@localhost>' })
    expect(loadConfig({ VIGIE_SMTP_URL: '  ' }).mail.smtpUrl).toBeUndefined()
  })

  it('takes smtp:// and smtps:// URLs and a sender', () => {
    const c = loadConfig({
      VIGIE_SMTP_URL: 'smtps://digest:p%40ss@mail.example.org:465',
      VIGIE_DIGEST_FROM: 'Veille CM <veille@example.org>',
    })
    expect(c.mail).toEqual({
      smtpUrl: 'smtps://digest:p%40ss@mail.example.org:465',
      from: 'Veille CM <veille@example.org>',
    })
  })

  it('refuses another URL without repeating it (it may hold the password)', () => {
    for (const url of ['https://u:hunter2@mail.example.org', 'hunter2', 'smtp://u:hunter2@']) {
      expect(() => loadConfig({ VIGIE_SMTP_URL: url })).toThrow(/VIGIE_SMTP_URL: must be an smtp/)
      expect(() => loadConfig({ VIGIE_SMTP_URL: url })).not.toThrow(/hunter2/)
    }
    expect(() => loadConfig({ VIGIE_DIGEST_FROM: 'a@b.fr\r\nBcc: x@y.fr' })).toThrow(/one line/)
  })
})
