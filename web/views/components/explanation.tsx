import type { Explanation } from '../../../src/jobs/scoring.ts'
import type { Locale, Translate } from '../../i18n/index.ts'
import { formatNumber, scorePoints } from './format.tsx'

const signed = (locale: Locale, n: number) =>
  `${n >= 0 ? '+' : '−'}${formatNumber(locale, Math.abs(n), 2)}`

/** Every part of a score: matched topics and terms (title or text), learned terms, freshness, source, trend. */
export function ExplanationPanel(p: { explanation: Explanation; t: Translate; locale: Locale }) {
  const { t, locale } = p
  const e = p.explanation
  const topics = e.profile.topics.filter((topic) => topic.terms.length)
  const learned = [...e.learned.terms]
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 12)
  return (
    <dl class="explanation">
      <dt>{t('explain.topics')}</dt>
      <dd>
        {topics.length ? (
          <ul class="topics">
            {topics.map((topic) => (
              <li>
                <strong>{topic.name}</strong>{' '}
                <span class="muted">({scorePoints(topic.score)})</span>
                <ul class="terms">
                  {topic.terms.map((term) => (
                    <li class={`term term-${term.where}`}>
                      {term.display}{' '}
                      <span class="where">
                        {t(term.where === 'title' ? 'explain.inTitle' : 'explain.inBody')}{' '}
                        {t('explain.times', { n: term.count })}
                      </span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        ) : (
          <span class="muted">{t('explain.noTopic')}</span>
        )}
      </dd>
      {e.profile.excluded.length > 0 && (
        <>
          <dt>{t('explain.excluded')}</dt>
          <dd>
            <ul class="terms">
              {e.profile.excluded.map((x) => (
                <li class="term term-excluded">
                  {x.display} <span class="where">{t('explain.times', { n: x.count })}</span>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {e.profile.related && e.profile.related.length > 0 && (
        <>
          <dt>{t('explain.related')}</dt>
          <dd>
            <ul class="terms">
              {e.profile.related.map((term) => (
                <li class={`term term-${term.where}`}>
                  {term.display}{' '}
                  <span class="where">
                    {t(term.where === 'title' ? 'explain.inTitle' : 'explain.inBody')}{' '}
                    {t('explain.times', { n: term.count })}
                  </span>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>{t('explain.learned')}</dt>
      <dd>
        {learned.length ? (
          <ul class="terms">
            {learned.map((l) => (
              <li class={`term ${l.weight >= 0 ? 'term-plus' : 'term-minus'}`}>
                {l.term} <span class="where">{signed(locale, l.weight)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span class="muted">{t('explain.learnedNone')}</span>
        )}
      </dd>
      <dt>{t('explain.freshness')}</dt>
      <dd>
        {t('explain.freshnessLine', {
          score: scorePoints(e.freshness.score),
          age: Math.round(e.freshness.ageHours),
          half: Math.round(e.freshness.halfLifeHours),
        })}
      </dd>
      <dt>{t('explain.source')}</dt>
      <dd>
        {t('explain.sourceLine', {
          name: e.source.name,
          kind: e.source.kind,
          score: scorePoints(e.source.score),
          kept: e.source.kept,
          rejected: e.source.rejected,
        })}
      </dd>
      {e.trending.sources >= 2 && (
        <>
          <dt>{t('explain.trending')}</dt>
          <dd>
            {t('explain.trendingLine', {
              sources: e.trending.sources,
              boost: formatNumber(locale, e.trending.boost, 2),
            })}
          </dd>
        </>
      )}
      <dt>{t('explain.total')}</dt>
      <dd>{scorePoints(e.score)}</dd>
    </dl>
  )
}
