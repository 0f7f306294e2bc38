import type { Translate } from '../../i18n/index.ts'

export interface DecisionFormProps {
  articleId: number
  csrf: string
  /** Where to come back to after the decision (a path of this site). */
  back: string
  /** The default snooze date, YYYY-MM-DD. */
  snoozeDefault: string
  t: Translate
}

/**
 * Approve, reject, skip (seen, teaches nothing), snooze until a date, mark to reshare: one form, one submit button per action, so it
 * works without script; queue.js sends the same fields with fetch and updates the page in place.
 */
export function DecisionForm(p: DecisionFormProps) {
  const { t } = p
  const dateId = `snooze-${p.articleId}`
  return (
    <form
      method="post"
      action={`/queue/${p.articleId}/decision`}
      class="decision"
      data-article={String(p.articleId)}
    >
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="back" value={p.back} />
      <button type="submit" name="action" value="approve" class="approve">
        {t('action.approve')}
      </button>
      <button type="submit" name="action" value="reject" class="reject">
        {t('action.reject')}
      </button>
      <button
        type="submit"
        name="action"
        value="dismiss"
        class="dismiss"
        title={t('action.dismissTitle')}
      >
        {t('action.dismiss')}
      </button>
      <button type="submit" name="action" value="reshare" class="reshare">
        {t('action.reshare')}
      </button>
      <span class="snooze">
        <label for={dateId} class="visually-hidden">
          {t('action.snoozeUntil')}
        </label>
        <input
          type="date"
          id={dateId}
          name="snoozeUntil"
          value={p.snoozeDefault}
          min={p.snoozeDefault}
        />
        <button type="submit" name="action" value="snooze" class="snooze-button">
          {t('action.snooze')}
        </button>
      </span>
    </form>
  )
}

/** A one-button form that takes a decision back (sets the article to new again). */
export function UndoForm(p: { articleId: number; csrf: string; back: string; t: Translate }) {
  return (
    <form method="post" action={`/queue/${p.articleId}/decision`} class="undo">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="back" value={p.back} />
      <button type="submit" name="action" value="reset">
        {p.t('action.reset')}
      </button>
    </form>
  )
}
