// Query parameters that only say where a click came from; dropping them merges duplicates.
const trackingParams = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  '_hsenc',
  '_hsmi',
  '__hstc',
  '__hssc',
  '__hsfp',
  'hsctatracking',
  'ref',
  'ref_src',
  'ref_url',
  'xtor',
  'xts',
  'at_medium',
  'at_campaign',
  'at_platform',
  'at_send_date',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
  'mkt_tok',
  'ncid',
  'cmpid',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'ito',
  'soc_src',
  'soc_trk',
  'spm',
  'sr_share',
  'ss_source',
])
const trackingPrefixes = ['utm_', 'pk_', 'mtm_', 'matomo_', 'piwik_', 'hmb_']

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase()
  return trackingParams.has(n) || trackingPrefixes.some((p) => n.startsWith(p))
}

/**
 * A stable form of an article URL: lower-case scheme and host, no default port, no fragment, no
 * tracking parameters; the other parameters keep their order (some sites route on it) and the
 * path, trailing slash included, is left as the site wrote it.
 */
export function canonicalizeUrl(url: string): string {
  let u: URL
  try {
    u = new URL(url.trim())
  } catch {
    return url.trim()
  }
  u.hash = ''
  // Filter the serialised pairs rather than URLSearchParams, which would re-encode the ones kept.
  const kept = u.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(decodeSafe(pair.split('=')[0]!)))
  u.search = kept.length ? '?' + kept.join('&') : ''
  // URL already lower-cases scheme and host and drops default ports (:80 on http, :443 on https).
  return u.href
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/** The registrable part of a host, approximately (example.co.uk, blog.example.fr -> example.fr). */
export function siteOf(hostname: string): string {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.')
  if (labels.length <= 2) return labels.join('.')
  const secondLevel = labels[labels.length - 2]!
  const take = /^(co|com|net|org|gov|edu|ac|gouv|asso|ltd|plc)$/.test(secondLevel) ? 3 : 2
  return labels.slice(-take).join('.')
}

/** Resolves a candidate canonical link against the page, keeping it only on the same site over http(s). */
export function pickCanonical(pageUrl: string, candidates: (string | null | undefined)[]): string {
  let page: URL | null = null
  try {
    page = new URL(pageUrl)
  } catch {
    return canonicalizeUrl(pageUrl)
  }
  for (const c of candidates) {
    if (!c || !c.trim()) continue
    try {
      const u = new URL(c.trim(), page)
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue
      if (siteOf(u.hostname) !== siteOf(page.hostname)) continue
      return canonicalizeUrl(u.href)
    } catch {
      continue
    }
  }
  return canonicalizeUrl(page.href)
}
