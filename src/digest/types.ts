/** One story of the digest: only what may leave the building (no private note, tags or score). */
export interface DigestItem {
  rank: number
  title: string
  url: string
  source: string
  author: string | null
  /** The curator's public commentary, plain text; '' when none. */
  commentary: string
}

/** A sector's digest of one day, ready to render. */
export interface Digest {
  sectorSlug: string
  sectorName: string
  /** The sector's language (ISO code such as fr or en-GB): the intro and date are written in it. */
  language: string
  /** The shortlist's day, YYYY-MM-DD. */
  day: string
  items: DigestItem[]
}

export interface RenderedDigest {
  subject: string
  html: string
  text: string
  markdown: string
}

export interface OutgoingMail {
  to: readonly string[]
  subject: string
  html: string
  text: string
  /** Where the recipient stops it (List-Unsubscribe): mail clients show an "unsubscribe" link. */
  unsubscribeUrl?: string | null
  /** The unsubscribe URL stops it on a POST without signing in (RFC 8058's List-Unsubscribe-Post). */
  oneClickUnsubscribe?: boolean
}

export interface MailReceipt {
  accepted: string[]
  rejected: string[]
}

/** Sends one email; throws an AppError whose message is safe to store (never the password). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<MailReceipt>
}
