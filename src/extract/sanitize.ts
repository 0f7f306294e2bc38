import createDOMPurify, { type DOMPurify } from 'dompurify'
import { JSDOM } from 'jsdom'
import { isTrackingPixel } from './images.ts'
import { prepareHtml } from './prepare-html.ts'

const forbidTags = [
  'script',
  'style',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'svg',
  'math',
  'template',
  'noscript',
  'canvas',
  'audio',
  'video',
  'source',
  'track',
  'dialog',
]
const forbidAttrs = [
  'style',
  'class',
  'id',
  'name',
  'srcset',
  'sizes',
  'loading',
  'decoding',
  'tabindex',
]
// DOMPurify's default URI check stays (a stricter ALLOWED_URI_REGEXP would also reject plain values
// such as width="600"); the hook below narrows href and src to the web.
const config = {
  ADD_FORBID_CONTENTS: ['form', 'button', 'select', 'textarea', 'option'],
  USE_PROFILES: { html: true },
  FORBID_TAGS: forbidTags,
  FORBID_ATTR: forbidAttrs,
  ALLOW_DATA_ATTR: false,
}
// jsdom keeps some state per window for every document parsed in it; a fresh window now and then
// bounds whatever we did not foresee.
const usesPerWindow = 500

let purifier: { purify: DOMPurify; close: () => void; uses: number } | null = null

function isWebUrl(value: string | null | undefined): boolean {
  return !!value && /^https?:\/\//i.test(value.trim())
}

// The hooks only change attributes: removing nodes from a fragment of the long-lived window's
// document makes jsdom keep the whole parsed page alive (measured: ~0.5 MB per call).
function createPurifier() {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>')
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0])
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName
    if (name === 'src' && !isWebUrl(data.attrValue)) data.keepAttr = false
    if (name === 'href' && !isWebUrl(data.attrValue) && !/^mailto:/i.test(data.attrValue.trim())) {
      data.keepAttr = false
    }
    if (name === 'target') data.keepAttr = false
    void node
  })
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element
    if (el.tagName === 'A' && el.hasAttribute('href')) {
      el.setAttribute('rel', 'noopener noreferrer nofollow')
      el.setAttribute('target', '_blank')
    }
    if (el.tagName === 'IMG' && isTrackingPixel(el, el.getAttribute('src')))
      el.removeAttribute('src')
  })
  return { purify, close: () => window.close(), uses: 0 }
}

function getPurifier() {
  if (purifier && purifier.uses >= usesPerWindow) {
    purifier.close()
    purifier = null
  }
  purifier ??= createPurifier()
  purifier.uses += 1
  return purifier
}

/**
 * Makes article HTML safe to show: no scripts, styles, frames, forms, embeds or event handlers,
 * links and images only over http(s) (or mailto: for links), no tracking pixels, links opening
 * in a new tab without referrer. URLs must already be absolute.
 */
export function sanitizeHtml(html: string): string {
  const { purify } = getPurifier()
  // jsdom's own parse inside DOMPurify could throw on inline styles too: strip them first.
  const input = prepareHtml(html, { dropStyles: true, dropIds: true }).html
  const clean = purify.sanitize(input, config)
  // An image whose source was refused is an empty box: leave it out.
  return clean.replace(/<img(?![^>]*\ssrc=)[^>]*>/gi, '')
}
