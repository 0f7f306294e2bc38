import type { Network } from './types.ts'

/**
 * A person's handle written as that network mentions it, or '' when it cannot be: a Mastodon
 * handle without its instance could name someone else on the poster's own instance.
 * LinkedIn and Facebook have no plain-text mentions: their handle is kept as the curator wrote it.
 */
export function mentionFor(network: Network, raw: string | null | undefined): string {
  const text = (raw ?? '').trim()
  if (!text) return ''
  switch (network) {
    case 'mastodon':
      return mastodonMention(text)
    case 'bluesky':
      return at(fromUrl(text, /^\/profile\/([^/]+)/) ?? text).toLowerCase()
    case 'x':
    case 'threads':
      return at(fromUrl(text, /^\/@?([^/]+)/) ?? text)
    case 'linkedin':
    case 'facebook':
      return text
  }
}

const at = (name: string) => '@' + name.replace(/^@+/, '')

function fromUrl(text: string, path: RegExp): string | null {
  if (!/^https?:\/\//i.test(text)) return null
  try {
    const match = path.exec(new URL(text).pathname)
    return match ? decodeURIComponent(match[1]) : null
  } catch {
    return null
  }
}

function mastodonMention(text: string): string {
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text)
      const user = /^\/@([^/@]+)\/?$/.exec(url.pathname)?.[1]
      return user ? `@${user}@${url.hostname}` : ''
    } catch {
      return ''
    }
  }
  const match = /^@?([\w.-]+)@([\w-]+(?:\.[\w-]+)+)$/u.exec(text)
  return match ? `@${match[1]}@${match[2].toLowerCase()}` : ''
}
