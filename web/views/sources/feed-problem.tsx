import { feedErrorCode, type FeedErrorCode } from '../../../src/crawl/index.ts'
import { ADDED_BY_HAND, type Feed } from '../../../src/store/index.ts'
import type { Translate } from '../../i18n/index.ts'

type Stored = Pick<Feed, 'lastError' | 'lastStatus'>

/** A feed's last error as a code and a sentence in the reader's language (null when none). */
export function feedErrorOf(t: Translate, f: Stored): { code: FeedErrorCode; text: string } | null {
  const code = feedErrorCode(f.lastError)
  if (!code) return null
  const status = /^HTTP (\d{3})/.exec(f.lastError ?? '')?.[1] ?? String(f.lastStatus ?? '')
  return { code, text: t(`feedError.${code}`, { status }) }
}

/**
 * Why a feed is off, in the reader's language. The stored reasons are English sentences written by
 * the feed edit, the sector sync and the crawl (older rows too): each known shape has its own words.
 */
export function disabledReasonText(t: Translate, reason: string | null): string | null {
  if (!reason) return null
  const by = /^disabled by (.+)$/s.exec(reason)?.[1]
  if (by) return by === 'an admin' ? t('disabled.byAdmin') : t('disabled.by', { who: by })
  if (reason === 'removed from the sector file') return t('disabled.removedFromFile')
  if (reason === ADDED_BY_HAND) return t('disabled.addedByHand')
  if (/gone \(410\)|^gone: HTTP 410/.test(reason)) return t('disabled.gone')
  const merged = /^merged into feed \d+ \((.*)\)$/s.exec(reason)?.[1]
  if (merged !== undefined) return t('disabled.merged', { name: merged })
  return t('disabled.other', { reason })
}

/** The sentence for a failing feed, with the stored technical text behind a disclosure. */
export function FeedError(p: { t: Translate; feed: Stored }) {
  const error = feedErrorOf(p.t, p.feed)
  if (!error) return null
  return (
    <span class="last-error" data-error={error.code}>
      {error.text}
      <details class="error-detail">
        <summary>{p.t('feedError.detail')}</summary>
        <code>{p.feed.lastError}</code>
      </details>
    </span>
  )
}
