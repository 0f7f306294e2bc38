import { ReshareError } from './errors.ts'
import type { Channel } from './types.ts'

/** "piaille.fr", "https://piaille.fr/" or "https://piaille.fr/@moi" -> "https://piaille.fr". */
export function serviceOrigin(address: string, channel: Channel): string {
  const raw = address.trim()
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`)
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin
  } catch {
    // Reported below, like a scheme we do not speak.
  }
  const reason = `not a server address: ${JSON.stringify(raw.slice(0, 100))}`
  throw new ReshareError('permanent', { channel, reason })
}
