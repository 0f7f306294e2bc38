import type { Translate } from '../../i18n/index.ts'

export interface AlsoCoveredProps {
  others: { id: number; title: string; source: string }[]
  t: Translate
  /** For a curator: a "not the same story" button beside each other article. */
  separate?: { csrf: string; back: string }
}

/**
 * "Also covered by" the story's other sources, each a link to its article in the reader; a curator
 * can take out one that is not the same story (a form, so that it works without script).
 */
export function AlsoCovered(p: AlsoCoveredProps) {
  if (!p.others.length) return null
  const { separate, t } = p
  return (
    <div class={separate ? 'also-covered with-actions' : 'also-covered'}>
      {t('card.alsoCoveredBy')}{' '}
      <ul>
        {p.others.map((o) => (
          <li>
            <a href={`/articles/${o.id}`} title={o.title}>
              {o.source}
            </a>
            {separate && (
              <form method="post" action={`/queue/${o.id}/separate`} class="separate">
                <input type="hidden" name="_csrf" value={separate.csrf} />
                <input type="hidden" name="back" value={separate.back} />
                <button type="submit" title={t('card.separateTitle', { title: o.title })}>
                  {t('card.separate')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** Undoes the latest "not the same story" of an article (the notice after it offers this). */
export function RejoinForm(p: { articleId: number; csrf: string; back: string; t: Translate }) {
  return (
    <form method="post" action={`/queue/${p.articleId}/rejoin`} class="undo">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="back" value={p.back} />
      <button type="submit">{p.t('action.reset')}</button>
    </form>
  )
}
