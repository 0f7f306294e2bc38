import type { Handle, Network } from './types.ts'

const lower = (s: string) => s.toLowerCase()
const bare = (s: string) => s.replace(/^@+/, '')
// Paths of the networks that are pages of the network itself, not someone's profile.
const RESERVED = new Set(['share', 'intent', 'home', 'i', 'search', 'hashtag', 'login', 'sharer'])

function parseUrl(text: string): URL | null {
  if (!/^https?:\/\//i.test(text)) return null
  try {
    return new URL(text)
  } catch {
    return null
  }
}

const hostOf = (u: URL) => lower(u.hostname).replace(/^(?:www|m|mobile)\./, '')
const segments = (u: URL) => u.pathname.split('/').filter(Boolean).map(decodeURIComponent)

function make(network: Network, handle: string): Handle | null {
  if (!handle || /\s/.test(handle)) return null
  return { network, handle, url: profileUrl(network, handle) }
}

/** The address of a normalised handle's profile page. */
export function profileUrl(network: Network, handle: string): string {
  const name = bare(handle)
  switch (network) {
    case 'x':
      return `https://x.com/${name}`
    case 'mastodon': {
      const [user, instance] = name.split('@')
      return `https://${instance}/@${user}`
    }
    case 'bluesky':
      return `https://bsky.app/profile/${name}`
    case 'linkedin':
      return `https://www.linkedin.com/${name}`
    case 'instagram':
      return `https://www.instagram.com/${name}`
    case 'tiktok':
      return `https://www.tiktok.com/@${name}`
    case 'youtube':
      return handle.startsWith('@')
        ? `https://www.youtube.com/${handle}`
        : `https://www.youtube.com/${name}`
    case 'threads':
      return `https://www.threads.net/@${name}`
    case 'github':
      return `https://github.com/${name}`
    case 'facebook':
      return `https://www.facebook.com/${name}`
    case 'twitch':
      return `https://www.twitch.tv/${name}`
    case 'website':
      return `https://${handle}`
  }
}

/** A profile address recognised as a network's handle; any other web address is a website. */
export function handleFromUrl(text: string): Handle | null {
  const u = parseUrl(text.trim())
  if (!u) return null
  const host = hostOf(u)
  const [first = '', second = ''] = segments(u)
  const one = (network: Network, name: string, at = '@') =>
    name && !RESERVED.has(lower(bare(name))) ? make(network, at + lower(bare(name))) : null
  if (host === 'twitter.com' || host === 'x.com') return one('x', first)
  if (host === 'bsky.app') return first === 'profile' ? make('bluesky', lower(bare(second))) : null
  if (host === 'linkedin.com' || host.endsWith('.linkedin.com'))
    return /^(?:in|company|school)$/.test(first) && second
      ? make('linkedin', `${first}/${lower(second)}`)
      : null
  if (host === 'instagram.com') return one('instagram', first)
  if (host === 'tiktok.com') return first.startsWith('@') ? one('tiktok', first) : null
  if (host === 'threads.net' || host === 'threads.com') return one('threads', first)
  if (host === 'github.com') return one('github', first, '')
  if (host === 'facebook.com') return one('facebook', first, '')
  if (host === 'twitch.tv') return one('twitch', first, '')
  if (host === 'youtube.com') {
    if (first.startsWith('@')) return make('youtube', lower(first))
    if (/^(?:c|channel|user)$/.test(first) && second) return make('youtube', `${first}/${second}`)
    return null
  }
  // Mastodon and its kin put profiles at /@user on their own instance.
  if (/^@[\w.-]+$/.test(first) && !second) return make('mastodon', `@${lower(bare(first))}@${host}`)
  const path = u.pathname.replace(/\/+$/, '')
  return make('website', lower(host) + path)
}

/** A handle as written for a given network ('@name', 'name', a profile URL...), normalised. */
export function normaliseHandle(network: string, raw: string): Handle | null {
  const text = raw.trim()
  if (!text) return null
  const fromUrl = parseUrl(text) ? handleFromUrl(text) : null
  if (fromUrl) return fromUrl
  const net = lower(network) === 'twitter' ? 'x' : (lower(network) as Network)
  switch (net) {
    case 'mastodon': {
      const m = /^@?([\w.-]+)@([\w-]+(?:\.[\w-]+)+)$/u.exec(text)
      return m ? make('mastodon', `@${lower(m[1]!)}@${lower(m[2]!)}`) : null
    }
    case 'bluesky':
      return make('bluesky', lower(bare(text)))
    case 'x':
    case 'instagram':
    case 'tiktok':
    case 'threads':
      return /^@?[\w.]{1,30}$/.test(text) ? make(net, '@' + lower(bare(text))) : null
    case 'youtube':
      return make('youtube', text.startsWith('@') ? lower(text) : text)
    case 'linkedin':
      return make('linkedin', text.includes('/') ? lower(text) : `in/${lower(text)}`)
    case 'github':
    case 'facebook':
    case 'twitch':
      return make(net, lower(bare(text)))
    case 'website':
      return null
    default:
      return null
  }
}
