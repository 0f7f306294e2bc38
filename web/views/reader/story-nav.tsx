import type { Translate } from '../../i18n/index.ts'
import { SeparateForm, SeparationNotice } from '../components/also-covered.tsx'

export interface NavLink {
  id: number
  title: string
  source: string
}

export interface StoryNavProps {
  /** Other articles of the same story (other sources). */
  others: NavLink[]
  prev: NavLink | null
  next: NavLink | null
  sector: string
  t: Translate
  /** For a curator: the form that takes this article out of its story. */
  separate?: { articleId: number; csrf: string }
  /** The article was just taken out of its story, or that was undone. */
  separated?: 'separated' | 'rejoined' | null
}

/** The story's other sources, and the previous and next stories of the queue. */
export function StoryNav(p: StoryNavProps) {
  const { t } = p
  // After a separation, both forms come back to this article in the reader.
  const separate = p.separate && { ...p.separate, back: `/articles/${p.separate.articleId}` }
  return (
    <>
      {p.separated && (
        <SeparationNotice undone={p.separated === 'rejoined'} undo={separate} t={t} />
      )}
      {p.others.length > 0 && (
        <section class="other-sources">
          <h2>{t('reader.otherSources')}</h2>
          <ul>
            {p.others.map((o) => (
              <li>
                <a href={`/articles/${o.id}`}>{o.title}</a> <span class="muted">— {o.source}</span>
              </li>
            ))}
          </ul>
          {separate && <SeparateForm {...separate} title={t('reader.separateTitle')} t={t} />}
        </section>
      )}
      <nav class="queue-nav" aria-label={t('reader.storyNav')}>
        {p.prev ? (
          <a href={`/articles/${p.prev.id}`} rel="prev" title={p.prev.title} class="prev">
            {t('reader.prev')}
          </a>
        ) : (
          <span />
        )}
        <a href={`/queue?sector=${encodeURIComponent(p.sector)}`}>{t('reader.backToQueue')}</a>
        {p.next ? (
          <a href={`/articles/${p.next.id}`} rel="next" title={p.next.title} class="next">
            {t('reader.next')}
          </a>
        ) : (
          <span />
        )}
      </nav>
    </>
  )
}
