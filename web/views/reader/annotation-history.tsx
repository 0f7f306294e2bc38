import type { Locale, Translate } from '../../i18n/index.ts'
import { DateTime } from '../components/format.tsx'

export interface AnnotationVersionItem {
  version: number
  note: string
  tags: string[]
  commentary: string
  /** Who saved it (their email), null when the user is gone or it came from a script without one. */
  author: string | null
  createdAt: Date
}

const EXCERPT = 160
const excerpt = (s: string) => (s.length > EXCERPT ? `${s.slice(0, EXCERPT)}…` : s)

/**
 * Every saved version of the annotation, newest first, behind a disclosure. Restoring one is an
 * ordinary save of its text on top of the current version: nothing is rewritten, the history grows.
 */
export function AnnotationHistory(p: {
  articleId: number
  csrf: string
  t: Translate
  locale: Locale
  items: AnnotationVersionItem[]
  /** The version now saved; restores are based on it. */
  currentVersion: number
  canRestore: boolean
  /** How many versions exist in all (the page shows the newest only, unless asked for all). */
  total?: number
  open?: boolean
}) {
  const { t } = p
  if (!p.items.length) return null
  const total = p.total ?? p.items.length
  return (
    <details class="annotation-history" id="annotation-history" open={p.open}>
      <summary>{total === 1 ? t('note.historyOne') : t('note.history', { n: total })}</summary>
      <ol>
        {p.items.map((v) => (
          <li class="annotation-version">
            <p class="version-head">
              <strong>{t('note.version', { n: v.version })}</strong>
              {v.version === p.currentVersion && (
                <span class="muted"> ({t('note.historyCurrent')})</span>
              )}{' '}
              · <DateTime locale={p.locale} when={v.createdAt} /> ·{' '}
              {t('note.historyBy', { who: v.author ?? t('note.historyUnknown') })}
            </p>
            <p class="version-text">{v.note ? excerpt(v.note) : t('note.historyEmpty')}</p>
            {v.tags.length > 0 && <p class="version-tags muted">{v.tags.join(', ')}</p>}
            {v.commentary && <p class="version-text muted">{excerpt(v.commentary)}</p>}
            {p.canRestore && v.version !== p.currentVersion && (
              <form method="post" action={`/articles/${p.articleId}/annotation`} class="restore">
                <input type="hidden" name="_csrf" value={p.csrf} />
                <input type="hidden" name="baseVersion" value={String(p.currentVersion)} />
                <input type="hidden" name="note" value={v.note} />
                <input type="hidden" name="tags" value={v.tags.join(', ')} />
                <input type="hidden" name="commentary" value={v.commentary} />
                <button type="submit">{t('note.restore')}</button>
              </form>
            )}
          </li>
        ))}
      </ol>
      {total > p.items.length && (
        <p class="muted history-older">
          {t('note.historyOlder', { n: total - p.items.length })}{' '}
          <a href={`/articles/${p.articleId}?history=all#annotation-history`}>
            {t('note.historyAll', { n: total })}
          </a>
        </p>
      )}
    </details>
  )
}
