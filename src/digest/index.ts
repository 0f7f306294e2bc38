export type {
  Digest,
  DigestItem,
  Mailer,
  MailReceipt,
  OutgoingMail,
  RenderedDigest,
} from './types.ts'
export { renderDigest, digestSubject } from './render.ts'
export { renderDigestHtml } from './render-html.ts'
export { renderDigestMarkdown } from './render-markdown.ts'
export { renderDigestText } from './render-text.ts'
export { escapeHtml, escapeMarkdown, httpUrl } from './escape.ts'
export { digestDue, digestDueAt } from './schedule.ts'
export { createMailer, type MailerOptions } from './mailer.ts'
export { parseSmtpUrl, smtpAddresses, type SmtpTarget } from './smtp-target.ts'
export { renderSearchAlert, type SearchAlert, type SearchAlertSection } from './search-alert.ts'
