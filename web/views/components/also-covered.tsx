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
              <SeparateForm
                articleId={o.id}
                {...separate}
                title={t('card.separateTitle', { title: o.title })}
                t={t}
              />
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** "Not the same story": takes the article out of the story it was grouped in (a form, no script needed). */
export function SeparateForm(p: {
  articleId: number
  csrf: string
  back: string
  title: string
  t: Translate
}) {
  return (
    <form method="post" action={`/queue/${p.articleId}/separate`} class="separate">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="back" value={p.back} />
      <button type="submit" title={p.title}>
        {p.t('card.separate')}
      </button>
    </form>
  )
}

/** The notice after a separation or its undo; after a separation, the undo itself for a curator. */
export function SeparationNotice(p: {
  undone: boolean
  undo?: { articleId: number; csrf: string; back: string }
  t: Translate
}) {
  return (
    <div class="notice" role="status">
      <span>{p.t(p.undone ? 'card.rejoined' : 'card.separated')}</span>
      {!p.undone && p.undo && <RejoinForm {...p.undo} t={p.t} />}
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
