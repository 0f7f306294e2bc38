/**
 * Hosts never proposed as sources to follow: social networks (their posts are not a blog's feed),
 * link shorteners (they only point elsewhere) and big platforms whose links cite a video, a repo or
 * a product page rather than a publisher. A host matches itself and any of its subdomains.
 *
 * Decided on purpose:
 * - medium.com and substack.com are listed: their bare hosts hold many unrelated writers, so the
 *   host says nothing. A writer's own subdomain (claire.substack.com, claire.medium.com) is a blog
 *   and stays proposable, which is why those two match the bare host only.
 * - Mastodon has thousands of instances; the big general ones are listed, the rest can be dismissed.
 * - amazon.* and google.* are listed under every country suffix (amazon.fr, google.co.uk...).
 */
export const PLATFORM_HOSTS: readonly string[] = [
  // Social networks
  'x.com',
  'twitter.com',
  'facebook.com',
  'fb.com',
  'fb.me',
  'instagram.com',
  'linkedin.com',
  'youtube.com',
  'youtu.be',
  'tiktok.com',
  'threads.net',
  'threads.com',
  'bsky.app',
  'pinterest.com',
  'reddit.com',
  'snapchat.com',
  'whatsapp.com',
  'wa.me',
  't.me',
  'telegram.org',
  'discord.com',
  'discord.gg',
  'twitch.tv',
  'vimeo.com',
  'dailymotion.com',
  'spotify.com',
  'soundcloud.com',
  // Big Mastodon instances
  'mastodon.social',
  'mastodon.online',
  'mstdn.social',
  'piaille.fr',
  'mamot.fr',
  'framapiaf.org',
  'mastodon.world',
  'hachyderm.io',
  'fosstodon.org',
  'infosec.exchange',
  // Link shorteners
  't.co',
  'bit.ly',
  'ow.ly',
  'buff.ly',
  'lnkd.in',
  'goo.gl',
  'tinyurl.com',
  'is.gd',
  'rebrand.ly',
  'dlvr.it',
  'shorturl.at',
  // Big platforms
  'wikipedia.org',
  'wikimedia.org',
  'apple.com',
  'microsoft.com',
  'github.com',
  'gitlab.com',
  'google.com',
  'goo.gle',
  'docs.google.com',
  'amazon.com',
  'archive.org',
  'web.archive.org',
  'wordpress.org',
  'gravatar.com',
  'feedburner.com',
  'eventbrite.com',
  'calendly.com',
  'canva.com',
  'notion.so',
]

// A writer's own subdomain of these is a blog: only the bare host is excluded.
const BARE_ONLY = new Set(['medium.com', 'substack.com'])
// Every country suffix of these brands (amazon.fr, amazon.co.uk, google.de...).
const ANY_SUFFIX = /(^|\.)(amazon|google)\.(com?\.)?[a-z]{2,3}$/

const listed = new Set(PLATFORM_HOSTS)

/** Whether a host (lower case, without www) is a platform that is not proposed as a source. */
export function isPlatformHost(host: string): boolean {
  const h = host
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '')
  if (BARE_ONLY.has(h) || ANY_SUFFIX.test(h)) return true
  for (let rest = h; rest.includes('.'); rest = rest.slice(rest.indexOf('.') + 1))
    if (listed.has(rest)) return true
  return false
}
