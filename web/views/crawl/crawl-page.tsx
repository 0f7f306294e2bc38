import type { CrawlRun } from '../../../src/store/index.ts'
import { DateTime, formatNumber } from '../components/format.tsx'
import { Pager, type Paging } from '../components/pager.tsx'
import { Layout, type LayoutProps } from '../layout.tsx'
import { TableScroll } from '../components/table-scroll.tsx'

export type Frame = Omit<LayoutProps, 'children' | 'title' | 'active'>

/** What the live view shows; the same JSON goes out on /crawl/events. */
export interface CrawlSnapshot {
  state: 'running' | 'idle'
  feedsDone: number
  feedsTotal: number
  feedsOk: number
  feedsFailed: number
  feedsLeased: number
  articlesNew: number
  /** Article pages queued for extraction, extracted, failed (waiting = queued - extracted - failed). */
  pagesQueued: number
  pagesExtracted: number
  pagesFailed: number
  errors: number
  /** The latest errors of the crawl, latest first. */
  lastErrors: { feedUrl: string; error: string; detail: string }[]
  current: string | null
}

export interface CrawlPageProps {
  frame: Frame
  snapshot: CrawlSnapshot
  runs: CrawlRun[]
  /** Which runs of how many the table lists. */
  runsPaging: Paging
  canCrawl: boolean
  /** Whether a crawler runs in this process at all. */
  available: boolean
  flash: 'started' | 'alreadyRunning' | 'unavailable' | null
}

/** The live progress of the crawl (updated by crawl.js from server-sent events) and the recent runs. */
export function CrawlPage(p: CrawlPageProps) {
  const { t, locale } = p.frame
  const num = (n: number) => formatNumber(locale, n)
  const s = p.snapshot
  const running = s.state === 'running'
  // A cron crawl runs in another process: the database's runs say what it left undone.
  const lastFinished = p.runs.find((r) => r.finishedAt)
  return (
    <Layout {...p.frame} title={t('crawl.title')} active="crawl">
      <div class="page-head">
        <h1>{t('crawl.title')}</h1>
        {p.canCrawl && p.available && (
          <form method="post" action="/crawl" class="crawl-now">
            <input type="hidden" name="_csrf" value={p.frame.csrf} />
            <button type="submit" class="primary" disabled={running}>
              {t('crawl.now')}
            </button>
          </form>
        )}
      </div>
      {p.flash && (
        <p class={p.flash === 'started' ? 'flash ok' : 'flash bad'} role="status">
          {t(`crawl.${p.flash}`)}
        </p>
      )}
      <section
        class={`crawl-live ${s.state}`}
        id="crawl-live"
        // Always followed: a crawl of another process (cron) shows from the database.
        data-events="/crawl/events"
        aria-live="polite"
      >
        <p
          class="crawl-state"
          data-field="state"
          data-idle={t('crawl.idle')}
          data-running={t('crawl.running')}
        >
          {running ? t('crawl.running') : t('crawl.idle')}
        </p>
        <label for="crawl-progress">{t('crawl.progress')}</label>
        <progress
          id="crawl-progress"
          max={String(Math.max(1, s.feedsTotal))}
          value={String(s.feedsDone)}
        >
          {`${num(s.feedsDone)} / ${num(s.feedsTotal)}`}
        </progress>
        <label for="crawl-pages">{t('crawl.pages')}</label>
        <progress
          id="crawl-pages"
          max={String(Math.max(1, s.pagesQueued))}
          value={String(s.pagesExtracted + s.pagesFailed)}
        >
          {t('crawl.pagesShort', { done: s.pagesExtracted + s.pagesFailed, queued: s.pagesQueued })}
        </progress>
        <dl class="crawl-figures">
          <div>
            <dt>{t('crawl.feeds')}</dt>
            <dd
              data-field="feeds"
              data-template={t('crawl.feedsDone', { done: '{done}', total: '{total}' })}
            >
              {t('crawl.feedsDone', { done: s.feedsDone, total: s.feedsTotal })}
            </dd>
          </div>
          <div>
            <dt>{t('crawl.pages')}</dt>
            <dd
              data-field="pages"
              data-template={t('crawl.pagesLine', {
                extracted: '{extracted}',
                failed: '{failed}',
                waiting: '{waiting}',
                queued: '{queued}',
              })}
            >
              {t('crawl.pagesLine', pagesOf(s))}
            </dd>
          </div>
          <div>
            <dt>{t('crawl.articlesNew')}</dt>
            <dd data-field="articlesNew">{num(s.articlesNew)}</dd>
          </div>
          <div>
            <dt>{t('crawl.errors')}</dt>
            <dd data-field="errors">{num(s.errors)}</dd>
          </div>
          <div class="current">
            <dt>{t('crawl.current')}</dt>
            <dd data-field="current">{s.current ?? '—'}</dd>
          </div>
        </dl>
        <div class="crawl-errors" data-field="lastErrors" hidden={s.lastErrors.length === 0}>
          <h2>{t('crawl.lastErrors')}</h2>
          <ul>
            {s.lastErrors.map((e) => (
              <li>
                <span class="error-feed">{e.feedUrl}</span>{' '}
                <span class="error-text" title={e.detail}>
                  {e.error}
                </span>
              </li>
            ))}
          </ul>
          <a href="/sources?status=failing">{t('crawl.seeSources')}</a>
        </div>
        <p class="help">{p.available ? t('crawl.liveHelp') : t('crawl.unavailable')}</p>
      </section>
      <h2>{t('crawl.recent')}</h2>
      {lastFinished && lastFinished.feedsLeased > 0 && (
        <p class="flash bad" role="status">
          {t('crawl.leasedLine', { n: lastFinished.feedsLeased })}
        </p>
      )}
      {p.runs.length === 0 && p.runsPaging.total === 0 ? (
        <p class="empty">{t('crawl.noRuns')}</p>
      ) : (
        <>
          <p class="muted runs-count">
            {p.runs.length >= p.runsPaging.total
              ? t('crawl.runsCount', { n: p.runsPaging.total })
              : t('crawl.runsRange', {
                  from: Math.min(p.runsPaging.from + 1, p.runsPaging.total),
                  to: p.runsPaging.from + p.runs.length,
                  n: p.runsPaging.total,
                })}
          </p>
          <TableScroll label={t('crawl.recent')}>
            <table class="runs">
              <thead>
                <tr>
                  <th scope="col">{t('crawl.started_at')}</th>
                  <th scope="col">{t('crawl.duration')}</th>
                  <th scope="col">{t('crawl.sector')}</th>
                  <th scope="col">{t('crawl.feeds')}</th>
                  <th scope="col">{t('crawl.ok')}</th>
                  <th scope="col">{t('crawl.notModified')}</th>
                  <th scope="col">{t('crawl.failed')}</th>
                  <th scope="col">
                    <abbr title={t('crawl.notDueHelp')}>{t('crawl.notDue')}</abbr>
                  </th>
                  <th scope="col">{t('crawl.pages')}</th>
                  <th scope="col">{t('crawl.articlesNew')}</th>
                  <th scope="col">{t('crawl.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {p.runs.map((r) => (
                  <tr class={r.feedsFailed > 0 ? 'has-errors' : undefined}>
                    <td>
                      <DateTime locale={locale} when={r.startedAt} />
                    </td>
                    <td>
                      {r.finishedAt
                        ? duration(r.finishedAt.getTime() - r.startedAt.getTime())
                        : r.interruptedAt
                          ? t('crawl.interrupted')
                          : t('crawl.unfinished')}
                    </td>
                    <td>{r.sectorSlug ?? t('crawl.allSectors')}</td>
                    <td>{`${num(r.feedsDone)} / ${num(r.feedsTotal)}`}</td>
                    <td>{num(r.feedsOk)}</td>
                    <td>{num(r.feedsNotModified)}</td>
                    <td>{num(r.feedsFailed)}</td>
                    <td>{num(notDue(r))}</td>
                    <td>
                      {t('crawl.pagesShort', {
                        done: r.pagesExtracted + r.pagesFailed,
                        queued: r.pagesQueued,
                      })}
                    </td>
                    <td>{num(r.articlesNew)}</td>
                    <td>{num(r.articlesUpdated)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager paging={p.runsPaging} label={t('crawl.runsPages')} t={t} />
        </>
      )}
    </Layout>
  )
}

/** The pages of a crawl still waiting for extraction (never negative, whatever the counts say). */
export function pagesOf(s: Pick<CrawlSnapshot, 'pagesQueued' | 'pagesExtracted' | 'pagesFailed'>) {
  return {
    extracted: s.pagesExtracted,
    failed: s.pagesFailed,
    waiting: Math.max(0, s.pagesQueued - s.pagesExtracted - s.pagesFailed),
    queued: s.pagesQueued,
  }
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`
}

/** Feeds the run went through without fetching them: not due yet, only their waiting pages were looked at. */
function notDue(r: CrawlRun): number {
  return Math.max(0, r.feedsDone - r.feedsOk - r.feedsNotModified - r.feedsFailed)
}
