// Parameters that only say where a click came from; two URLs that differ only by them are the same article.
const trackingParams = [
  /^utm_/i,
  /^(fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|li_fat_id|igshid|mc_cid|mc_eid)$/i,
  /^(_hsenc|_hsmi|__hssc|__hstc|__hsfp|hsctatracking)$/i,
  /^(xtor|xts|at_medium|at_campaign|at_source|at_platform|at_link|at_send_date)$/i,
  /^(ref_src|ref_url|spm|ncid|sr_share|oly_enc_id|oly_anon_id|vero_id|wickedid|cmpid|rss)$/i,
]

/**
 * The form of a URL used to recognise the same article across feeds: lower-case scheme and host,
 * no default port, no fragment, no tracking parameters, remaining parameters in a stable order.
 * Returns the input unchanged when it is not an absolute http(s) URL.
 */
export function canonicalizeUrl(raw: string): string {
  let u: URL
  try {
    u = new URL(raw.trim())
  } catch {
    return raw.trim()
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return raw.trim()
  u.hash = ''
  u.username = ''
  u.password = ''
  const kept = [...u.searchParams].filter(([k]) => !trackingParams.some((re) => re.test(k)))
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  u.search = kept.length ? '?' + new URLSearchParams(kept).toString() : ''
  return u.toString()
}
