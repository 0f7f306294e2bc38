import { JSDOM, VirtualConsole } from 'jsdom'
import { nextTurn } from '../lib/next-turn.ts'
import { ExtractError } from './errors.ts'
import { prepareHtml, type PreparedHtml } from './prepare-html.ts'

// No listeners: jsdom's complaints about the page's markup are not ours to print.
const quietConsole = new VirtualConsole()
// A jsdom window costs more to set up than parsing a page (it installs every DOM interface), and
// creating one per page also makes V8 optimise that set-up code, a compile measured at ~100 MB for
// half a second. Pages are parsed as documents of one window instead. That window keeps every
// document queried with a selector alive (jsdom's selector engine listens on it), so it is renewed
// after a budget of pages and of markup, which bounds what it holds.
const windowBudget = { pages: 50, markupChars: 2_000_000 }
let shared: { dom: JSDOM; pages: number; markupChars: number } | null = null

/** A parsed page: its document (scripts and subresources off) and the JSON-LD put aside. */
export interface OpenedPage {
  document: Document
  jsonLd: string[]
}

function pageWindow(url: string, markupChars: number): JSDOM {
  if (
    shared &&
    (shared.pages >= windowBudget.pages || shared.markupChars >= windowBudget.markupChars)
  ) {
    shared.dom.window.close()
    shared = null
  }
  shared ??= { dom: new JSDOM('', { virtualConsole: quietConsole }), pages: 0, markupChars: 0 }
  shared.pages++
  shared.markupChars += markupChars
  // The parsed document takes the window's URL: relative links resolve against the page.
  shared.dom.reconfigure({ url })
  return shared.dom
}

function parse(prepared: PreparedHtml, url: string): Document {
  const { window } = pageWindow(url, prepared.html.length)
  return new window.DOMParser().parseFromString(prepared.html, 'text/html')
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
    return { document: parse(prepared, url), jsonLd: prepared.jsonLd }
  } catch {
    // jsdom's CSS code has thrown on inline styles we did not foresee: try once more without any.
    const bare = prepareHtml(html, { dropStyles: true })
    try {
      return { document: parse(bare, url), jsonLd: bare.jsonLd }
    } catch (err) {
      throw new ExtractError('extract_failed', { url, reason: `HTML parse: ${String(err)}` })
    }
  }
}

/**
 * Empties the page's document, which the shared window may keep until it is renewed, and gives
 * the event loop a turn (jsdom frees a closed window's documents only then).
 */
export async function closePage(page: OpenedPage): Promise<void> {
  page.document.replaceChildren()
  await nextTurn()
}
