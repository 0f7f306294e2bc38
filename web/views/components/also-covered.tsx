import type { Translate } from '../../i18n/index.ts'

/** "Also covered by" the story's other sources, each a link to its article in the reader. */
export function AlsoCovered(p: { others: { id: number; title: string; source: string }[]; t: Translate }) {
  if (!p.others.length) return null
  return (
    <p class="also-covered">
      {p.t('card.alsoCoveredBy')}{' '}
      {p.others.map((o, i) => (
        <>
          {i > 0 && ', '}
          <a href={`/articles/${o.id}`} title={o.title}>
            {o.source}
          </a>
        </>
      ))}
    </p>
  )
}
