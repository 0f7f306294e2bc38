import type { FollowedSearchCount } from '../../../src/jobs/followed-searches.ts'
import type { Translate } from '../../i18n/index.ts'

/** The sector's followed searches as links, each with its new results since it was last opened. */
export function FollowedSearches(p: { sector: string; list: FollowedSearchCount[]; t: Translate }) {
  if (!p.list.length) return null
  return (
    <nav class="followed-searches" aria-label={p.t('follow.title')}>
      <span class="followed-label">{p.t('follow.title')}</span>
      <ul>
        {p.list.map((s) => (
          <li>
            <a href={`/search?${new URLSearchParams({ sector: p.sector, q: s.query })}`}>
              {s.query}
            </a>
            {!!s.newResults && (
              <span class="new-pill">{p.t('follow.new', { n: s.newResults })}</span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}
