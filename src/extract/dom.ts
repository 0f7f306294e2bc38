import { JSDOM, VirtualConsole } from 'jsdom'
import { ExtractError } from './errors.ts'
import { prepareHtml, type PreparedHtml } from './prepare-html.ts'

// No listeners: jsdom's complaints about the page's markup are not ours to print.
const quietConsole = new VirtualConsole()

/** A parsed page: the jsdom window (scripts and subresources off) and the JSON-LD put aside. */
export interface OpenedPage {
  dom: JSDOM
  jsonLd: string[]
}

function parse(prepared: PreparedHtml, url: string): JSDOM {
  return new JSDOM(prepared.html, { url, virtualConsole: quietConsole })
}

/** Parses raw HTML with jsdom after stripping scripts and styles; retries without inline styles. */
export function openPage(html: string, url: string): OpenedPage {
  try {
    new URL(url)
  } catch {
    throw new ExtractError('extract_failed', { url, reason: 'invalid URL' })
  }
  const prepared = prepareHtml(html)
  try {
    return { dom: parse(prepared, url), jsonLd: prepared.jsonLd }
  } catch {
    // jsdom's CSS code has thrown on inline styles we did not foresee: try once more without any.
    const bare = prepareHtml(html, { dropStyles: true })
    try {
      return { dom: parse(bare, url), jsonLd: bare.jsonLd }
    } catch (err) {
      throw new ExtractError('extract_failed', { url, reason: `HTML parse: ${String(err)}` })
    }
  }
}

/** Closes the window and gives the event loop a turn, which is when jsdom really frees it. */
export async function closePage(page: OpenedPage): Promise<void> {
  page.dom.window.close()
  await new Promise<void>((resolve) => setImmediate(resolve))
}
