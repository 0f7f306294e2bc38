const lazyAttrs = [
  'data-src',
  'data-lazy-src',
  'data-original',
  'data-lazy',
  'data-url',
  'data-hi-res-src',
]
const lazySrcsetAttrs = ['data-srcset', 'data-lazy-srcset']
// Hosts and paths that serve counting pixels rather than pictures.
const trackerHosts =
  /(^|\.)(stats\.wordpress\.com|pixel\.wp\.com|google-analytics\.com|googletagmanager\.com|doubleclick\.net|scorecardresearch\.com|quantserve\.com|pixel\.quora\.com|ct\.pinterest\.com|bat\.bing\.com|analytics\.twitter\.com|t\.co|mc\.yandex\.ru|pixel\.mathtag\.com|hubspot\.com\/__ptq|track\.hubspot\.com|list-manage\.com|mailchimp\.com|sendgrid\.net|piwik\.pro|matomo\.cloud|feedsportal\.com)$/i
const trackerPaths =
  /\/(pixel|pixels|track|tracker|tracking|beacon|impression|piwik|matomo)(\.(gif|png|php|jpg|aspx?))?(\/|$)|\/__utm\.gif|\/~r\/|\/~ff\/|\/~f\/|\/b\/ss\//i

/** True for a placeholder src that a lazy-loading script would have replaced. */
function isPlaceholder(src: string | null): boolean {
  if (!src || !src.trim()) return true
  const s = src.trim().toLowerCase()
  return (
    s.startsWith('data:') ||
    s === 'about:blank' ||
    /(placeholder|blank|spacer|transparent|lazy|loading|grey|gray|pixel)[\w-]*\.(gif|png|svg|jpe?g|webp)/.test(
      s,
    )
  )
}

/** Picks the widest candidate of a srcset ("a.jpg 480w, b.jpg 1024w" -> b.jpg). */
export function largestFromSrcset(srcset: string): string | null {
  let best: { url: string; size: number } | null = null
  for (const part of srcset.split(/,\s+/)) {
    const [url, descriptor] = part.trim().split(/\s+/)
    if (!url) continue
    const size = parseFloat(descriptor ?? '1') || 1
    if (!best || size > best.size) best = { url, size }
  }
  return best?.url ?? null
}

/** Puts the real image URL of lazy-loaded images (data-src, data-srcset...) into src. */
export function promoteLazyImages(root: ParentNode): void {
  for (const img of root.querySelectorAll('img')) {
    const src = img.getAttribute('src')
    if (!isPlaceholder(src)) continue
    const lazy =
      lazyAttrs.map((a) => img.getAttribute(a)?.trim()).find(Boolean) ??
      lazySrcsetAttrs
        .concat('srcset')
        .map((a) => img.getAttribute(a))
        .map((v) => (v ? largestFromSrcset(v) : null))
        .find(Boolean)
    if (lazy) img.setAttribute('src', lazy)
  }
}

function dimension(img: Element, prop: 'width' | 'height'): number | null {
  const attr = img.getAttribute(prop)
  if (attr && /^\s*\d+(\.\d+)?(px)?\s*$/.test(attr)) return parseFloat(attr)
  const style = img.getAttribute('style') ?? ''
  const m = new RegExp(`(?:^|;)\\s*${prop}\\s*:\\s*(\\d+(?:\\.\\d+)?)px`, 'i').exec(style)
  return m ? parseFloat(m[1]!) : null
}

/** True for images that count readers rather than show something: 1x1, hidden, or a known tracker. */
export function isTrackingPixel(img: Element, src: string | null): boolean {
  const w = dimension(img, 'width')
  const h = dimension(img, 'height')
  if ((w !== null && w <= 2 && (h === null || h <= 2)) || (h !== null && h <= 2 && w === null))
    return true
  if (!src) return false
  try {
    const u = new URL(src)
    return (
      trackerHosts.test(u.hostname) ||
      trackerPaths.test(u.pathname) ||
      (u.hostname === 'feeds.feedburner.com' && !/\.(jpe?g|png|webp)$/i.test(u.pathname))
    )
  } catch {
    return false
  }
}

/** Removes tracking pixels from the document. */
export function removeTrackingPixels(root: ParentNode): void {
  for (const img of root.querySelectorAll('img')) {
    if (isTrackingPixel(img, (img as HTMLImageElement).src || img.getAttribute('src'))) img.remove()
  }
}

/** Rewrites link and image URLs to absolute ones, resolved against the document's URL. */
export function absolutizeUrls(root: ParentNode): void {
  for (const a of root.querySelectorAll('a[href]')) {
    const href = (a as HTMLAnchorElement).href
    if (href) a.setAttribute('href', href)
  }
  for (const img of root.querySelectorAll('img[src]')) {
    const src = (img as HTMLImageElement).src
    if (src) img.setAttribute('src', src)
  }
}
