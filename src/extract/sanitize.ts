import createDOMPurify, { type DOMPurify } from 'dompurify'
import { JSDOM } from 'jsdom'
import { isTrackingPixel } from './images.ts'
import { prepareHtml } from './prepare-html.ts'

let purifier: { purify: DOMPurify; doc: Document; close: () => void; uses: number } | null = null
// jsdom keeps some state per window for every document parsed in it; a fresh window now and then
// bounds whatever we did not foresee.
const usesPerWindow = 500

const forbidTags = [
  'script', 'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'form', 'input', 'button', 'select', 'textarea', 'option', 'svg', 'math', 'template',
  'noscript', 'canvas', 'audio', 'video', 'source', 'track', 'dialog',
]
const forbidAttrs = ['style', 'class', 'id', 'srcset', 'sizes', 'loading', 'decoding', 'tabindex']

// One jsdom window per thread for DOMPurify, reused: creating it costs milliseconds.
function getPurifier() {
  if (purifier && purifier.uses >= usesPerWindow) {
    purifier.close()
    purifier = null
  }
  if (!purifier) {
    const { window } = new JSDOM('<!doctype html><html><body></body></html>')
    const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0])
    purifier = { purify, doc: window.document, close: () => window.close(), uses: 0 }
  }
  purifier.uses += 1
  return purifier
}

function isWebUrl(value: string | null): boolean {
  return !!value && /^https?:\/\//i.test(value.trim())
}

/**
 * Makes article HTML safe to show: no scripts, styles, frames, forms, embeds or event handlers,
 * links and images only over http(s) (or mailto: for links), no tracking pixels.
 * URLs must already be absolute.
 */
export function sanitizeHtml(html: string): string {
  const { purify, doc } = getPurifier()
  // jsdom's own parse inside DOMPurify could throw on inline styles too: strip them first.
  const input = prepareHtml(html, { dropStyles: true, dropIds: true }).html
  const fragment = purify.sanitize(input, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: forbidTags,
    FORBID_ATTR: forbidAttrs,
    ALLOW_DATA_ATTR: false,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    RETURN_DOM_FRAGMENT: true,
  })
  for (const img of fragment.querySelectorAll('img')) {
    const src = img.getAttribute('src')
    if (!isWebUrl(src) || isTrackingPixel(img, src)) img.remove()
  }
  for (const a of fragment.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href')!
    if (!isWebUrl(href) && !/^mailto:/i.test(href.trim())) {
      a.removeAttribute('href')
      continue
    }
    a.setAttribute('rel', 'noopener noreferrer nofollow')
    a.setAttribute('target', '_blank')
  }
  const container = doc.createElement('div')
  container.append(fragment)
  const out = container.innerHTML
  container.remove()
  return out
}
