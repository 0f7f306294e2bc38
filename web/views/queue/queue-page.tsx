import type { FollowedSearchCount } from '../../../src/jobs/followed-searches.ts'
import type { StoryCard as Card } from '../../../src/jobs/queue.ts'
import { Layout, type LayoutProps } from '../layout.tsx'
import { UndoForm } from '../components/decision-form.tsx'
import { FollowedSearches } from '../components/followed-searches.tsx'
import { SeparationNotice } from '../components/also-covered.tsx'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import { StoryCard } from '../components/story-card.tsx'
import { KeysHelp, QUEUE_KEYS } from '../components/keys-help.tsx'
import { queryString } from '../components/format.tsx'
import type { Translate } from '../../i18n/index.ts'
import { QueueFilters, type QueueFilterValues } from './queue-filters.tsx'

export type Frame = Omit<LayoutProps, 'children' | 'title' | 'active'>

export interface QueuePageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  cards: Card[]
  filters: QueueFilterValues
  feeds: { id: number; name: string }[]
  langs: string[]
  now: Date
  canDecide: boolean
  /** This page's own URL, where decisions come back to. */
  back: string
  snoozeDefault: string
  /** The decision just taken without script, offered for undo. */
  done: { id: number; action: string } | null
  /** The curator just took this article out of its story, or undid that ('rejoined'). */
  separated?: { id: number; undone: boolean } | null
  /** The sector's followed searches, with their new results. */
  followed?: FollowedSearchCount[]
  /** The stories just skipped and still skipped, with their undo (the skip's decisions); how many an undo restored. */
  skipped?: { undo: string; stories: number } | null
  restored?: number | null
  /** False when the sector has no article at all yet (a fresh install): the page says what to do. */
  hasArticles?: boolean
  /** How many stories match the filters, and where this page starts (cards come a page at a time). */
  paging?: QueuePaging
}

/**
 * The queue's pages are read from a place in the rank (a cursor in the address), not by number:
 * `from` is where this page starts for the count line; `total` is counted up to a cap (`capped`).
 */
export interface QueuePaging {
  total: number
  capped: boolean
  from: number
  prevHref: string | null
  nextHref: string | null
}

/** The ranked queue of a sector: filters, story cards with their decisions, keyboard help. */
export function QueuePage(p: QueuePageProps) {
  const { t } = p.frame
  const paging = p.paging ?? {
    total: p.cards.length,
    capped: false,
    from: 0,
    prevHref: null,
    nextHref: null,
  }
  const tagHref = (tag: string) =>
    `/queue${queryString({ sector: p.sector, state: p.filters.state, tag })}`
  return (
    <Layout {...p.frame} title={t('queue.title')} active="queue">
      <div class="page-head">
        <h1>{t('queue.title')}</h1>
        <SectorPicker sectors={p.sectors} current={p.sector} action="/queue" t={t} />
        <form method="get" action="/search" class="quick-search" role="search">
          <input type="hidden" name="sector" value={p.sector} />
          <input
            type="search"
            name="q"
            id="quick-search"
            placeholder={t('queue.searchPlaceholder')}
            aria-label={t('search.title')}
          />
        </form>
        {p.canDecide && (
          <a href={`/articles/add${queryString({ sector: p.sector })}`} class="add-article">
            {t('queue.addArticle')}
          </a>
        )}
      </div>
      {p.done && (
        <div class="notice" role="status">
          <span>{t(`action.done.${p.done.action}`)}</span>
          {p.done.action !== 'reset' && p.canDecide && (
            <UndoForm articleId={p.done.id} csrf={p.frame.csrf} back={p.back} t={t} />
          )}
        </div>
      )}
      {p.separated && (
        <SeparationNotice
          undone={p.separated.undone}
          undo={
            p.canDecide
              ? { articleId: p.separated.id, csrf: p.frame.csrf, back: p.back }
              : undefined
          }
          t={t}
        />
      )}
      {p.skipped && (
        <div class="notice" role="status">
          <span>{t('queue.skipped', { n: p.skipped.stories })}</span>
          {p.canDecide && (
            <DismissForm
              sector={p.sector}
              fields={{ undo: p.skipped.undo }}
              csrf={p.frame.csrf}
              back={p.back}
              label={t('action.reset')}
            />
          )}
        </div>
      )}
      {p.restored != null && (
        <div class="notice" role="status">
          <span>{t('queue.restored', { n: p.restored })}</span>
        </div>
      )}
      <StateTabs sector={p.sector} values={p.filters} t={t} />
      <FollowedSearches sector={p.sector} list={p.followed ?? []} t={t} />
      <QueueFilters sector={p.sector} values={p.filters} feeds={p.feeds} langs={p.langs} t={t} />
      <p class="queue-count muted">
        <CountLine paging={paging} shown={p.cards.length} locale={p.frame.locale} t={t} />
        <span class="keys-hint"> · {t('queue.keysHint')}</span>
      </p>
      <section
        class="queue"
        data-can-decide={p.canDecide ? '1' : '0'}
        data-undo={t('action.reset')}
        data-failed={t('action.failed')}
        data-done-approve={t('action.done.approve')}
        data-done-reject={t('action.done.reject')}
        data-done-snooze={t('action.done.snooze')}
        data-done-reshare={t('action.done.reshare')}
        data-done-dismiss={t('action.done.dismiss')}
        data-done-reset={t('action.done.reset')}
      >
        {p.cards.length ? (
          p.cards.map((card) => (
            <StoryCard
              card={card}
              t={t}
              locale={p.frame.locale}
              now={p.now}
              canDecide={p.canDecide}
              csrf={p.frame.csrf}
              back={p.back}
              snoozeDefault={p.snoozeDefault}
              tagHref={tagHref}
            />
          ))
        ) : p.hasArticles === false ? (
          <div class="empty">
            <p>{t('queue.fresh')}</p>
            <p>
              <a href={`/sources?sector=${encodeURIComponent(p.sector)}`}>
                {t('queue.fresh.sources')}
              </a>
              {' · '}
              <a href="/crawl">{t('queue.fresh.crawl')}</a>
            </p>
          </div>
        ) : (
          <p class="empty">
            {t(p.filters.state === 'reshare' ? 'queue.reshareEmpty' : 'queue.empty')}
          </p>
        )}
      </section>
      {p.canDecide && p.filters.state !== 'reshare' && p.cards.length > 0 && (
        <div class="skip-page">
          <DismissForm
            sector={p.sector}
            fields={{ ids: p.cards.map((c) => c.id).join(',') }}
            csrf={p.frame.csrf}
            back={p.back}
            label={t('queue.dismissPage', { n: p.cards.length })}
            hintId="skip-page-hint"
          />
          <p class="muted" id="skip-page-hint">
            {t('queue.dismissPageHint')}
          </p>
          <SkipOlderForm
            sector={p.sector}
            filters={p.filters}
            csrf={p.frame.csrf}
            back={p.back}
            t={t}
          />
        </div>
      )}
      {(paging.prevHref || paging.nextHref) && (
        <nav class="pager" aria-label={t('queue.pages')}>
          {paging.prevHref && (
            <a href={paging.prevHref} rel="prev">
              {t('queue.prev')}
            </a>
          )}
          {paging.nextHref && (
            <a href={paging.nextHref} rel="next">
              {t('queue.next')}
            </a>
          )}
        </nav>
      )}
      <div class="toast" id="queue-toast" role="status" aria-live="polite" hidden></div>
      <KeysHelp t={t} canDecide={p.canDecide} keys={QUEUE_KEYS} />
    </Layout>
  )
}

/** "N stories", or which of them this page shows when there are more than one page ("1 000+" past the cap). */
function CountLine(p: {
  paging: QueuePaging
  shown: number
  locale: Frame['locale']
  t: Translate
}) {
  const { total, from, capped } = p.paging
  const n = capped ? `${total.toLocaleString(p.locale)}+` : total
  if (from === 0 && p.shown >= total && !capped) return <>{p.t('queue.count', { n })}</>
  return (
    <>
      {p.t('queue.range', {
        from: Math.min(from + 1, Math.max(total, from + 1)),
        to: from + p.shown,
        n,
      })}
    </>
  )
}

/** The queue's lists: what is left to review, and what was decided "to reshare". */
function StateTabs(p: { sector: string; values: QueueFilterValues; t: Translate }) {
  const current = p.values.state ?? 'undecided'
  return (
    <nav class="queue-states" aria-label={p.t('queue.states')}>
      {(['undecided', 'reshare'] as const).map((state) => (
        <a
          href={`/queue${queryString({ sector: p.sector, state: state === 'undecided' ? null : state, tag: p.values.tag })}`}
          aria-current={state === current ? 'page' : undefined}
        >
          {p.t(`queue.state.${state}`)}
        </a>
      ))}
    </nav>
  )
}

/** Skips (marks as seen) these cards' stories at once, or (`undo`: a skip's decisions) puts those still skipped back. */
function DismissForm(p: {
  sector: string
  fields: { ids: string } | { undo: string }
  csrf: string
  back: string
  label: string
  hintId?: string
}) {
  return (
    <form
      method="post"
      action="/queue/dismiss"
      class={'undo' in p.fields ? 'undo' : 'skip-page-form'}
    >
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="sector" value={p.sector} />
      {Object.entries(p.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="back" value={p.back} />
      <button type="submit" aria-describedby={p.hintId}>
        {p.label}
      </button>
    </form>
  )
}

/** "Skip everything older than N days" over the whole queue as filtered (Inoreader's "mark older as read"). */
function SkipOlderForm(p: {
  sector: string
  filters: QueueFilterValues
  csrf: string
  back: string
  t: Translate
}) {
  const { t } = p
  const filters = {
    source: p.filters.source,
    lang: p.filters.lang,
    minScore: p.filters.minScore,
    since: p.filters.since,
    tag: p.filters.tag,
  }
  return (
    <form method="post" action="/queue/dismiss" class="skip-older-form">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="sector" value={p.sector} />
      {Object.entries(filters).map(
        ([name, value]) =>
          value != null &&
          value !== '' && <input type="hidden" name={name} value={String(value)} />,
      )}
      <input type="hidden" name="back" value={p.back} />
      <label for="skip-older">{t('queue.dismissOlder')}</label>
      <select id="skip-older" name="olderThan" aria-describedby="skip-older-hint">
        {[1, 2, 3, 7].map((n) => (
          <option value={String(n)} selected={n === 2}>
            {t('queue.dismissOlder.days', { n })}
          </option>
        ))}
      </select>
      <button type="submit">{t('queue.dismissOlderGo')}</button>
      <p class="muted" id="skip-older-hint">
        {t('queue.dismissOlderHint')}
      </p>
    </form>
  )
}
