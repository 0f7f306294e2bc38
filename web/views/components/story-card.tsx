import type { StoryCard as Card } from '../../../src/jobs/queue.ts'
import { AlsoCovered } from './also-covered.tsx'
import { BylineIn } from '../directory/byline.tsx'
import type { Translate } from '../../i18n/index.ts'
import { ScoreBadge } from './badges.tsx'
import { reasonLine } from './reason-line.ts'
import { DecisionForm } from './decision-form.tsx'
import { ExplanationPanel } from './explanation.tsx'
import { ageLabel, formatDate, langLabel, safeHref } from './format.tsx'
import type { Locale } from '../../i18n/index.ts'

export interface StoryCardProps {
  card: Card
  t: Translate
  locale: Locale
  now: Date
  /** Decision buttons are shown to curators and admins only. */
  canDecide: boolean
  csrf: string
  back: string
  snoozeDefault: string
  /** Where a tag of the card leads (the queue filtered by it); without, tags are not shown. */
  tagHref?: (tag: string) => string
}

/** One story of the queue: its best article, why it scored, other sources, and the decision buttons. */
export function StoryCard(p: StoryCardProps) {
  const { card, t } = p
  const reader = `/articles/${card.id}`
  return (
    <article
      class="story-card"
      id={`card-${card.id}`}
      data-id={String(card.id)}
      data-reader={reader}
      data-original={safeHref(card.url)}
      tabindex={-1}
    >
      <header class="card-head">
        <ScoreBadge score={card.score} t={t} />
        <h2 class="card-title">
          <a href={reader}>{card.title}</a>
        </h2>
      </header>
      <p class="card-meta">
        <span class="source">{card.source}</span>
        {card.author && (
          <span class="author">
            <BylineIn template={t('card.by')} byline={card.author} authors={card.authors} />
          </span>
        )}
        <time
          datetime={card.publishedAt}
          title={formatDate(p.locale, card.publishedAt)}
          data-local-title="datetime"
        >
          {ageLabel(t, card.publishedAt, p.now)}
        </time>
        <span class="lang">{langLabel(card.lang)}</span>
      </p>
      <p class="card-reason">{reasonLine(card, t)}</p>
      {p.tagHref && card.tags && card.tags.length > 0 && (
        <ul class="card-tags" aria-label={t('queue.tags')}>
          {card.tags.map((tag) => (
            <li>
              <a href={p.tagHref!(tag)} title={t('queue.tagFilter', { tag })}>
                {tag}
              </a>
            </li>
          ))}
        </ul>
      )}
      <AlsoCovered
        others={card.alsoCoveredBy}
        t={t}
        separate={p.canDecide ? { csrf: p.csrf, back: p.back } : undefined}
      />
      <details class="card-why">
        <summary>{t('card.why')}</summary>
        <ExplanationPanel explanation={card.explanation} t={t} locale={p.locale} />
      </details>
      {p.canDecide && (
        <DecisionForm
          articleId={card.id}
          csrf={p.csrf}
          back={p.back}
          snoozeDefault={p.snoozeDefault}
          t={t}
        />
      )}
      {p.canDecide && (
        <a class="compose-link" href={`/articles/${card.id}/reshare`}>
          {t('reshare.action')}…
        </a>
      )}
    </article>
  )
}
