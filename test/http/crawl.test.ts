import os from 'node:os'
import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { crawlRuns } from '../../db/schema.ts'
import type { AppDeps } from '../../src/http/app.ts'
import type { CrawlProgress } from '../../src/jobs/crawl.ts'
import { startCrawlRun, updateCrawlRun } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'
import { silentLog } from '../../src/lib/log.ts'
import type { Role } from '../../src/auth/index.ts'

type Status = CrawlProgress & { running: boolean }

const progress = (over: Partial<Status> = {}): Status => ({
  runId: null,
  pagesQueued: 50,
  pagesExtracted: 30,
  pagesFailed: 2,
  feedsTotal: 40,
  feedsDone: 12,
  feedsOk: 10,
  feedsNotModified: 1,
  feedsFailed: 1,
  feedsLeased: 0,
  articlesNew: 37,
  articlesUpdated: 2,
  errors: [{ feedUrl: 'https://casse.example/feed', error: 'HTTP 500' }],
  sectorsChanged: [],
  current: 'https://www.journalducm.com/feed/',
  running: true,
  ...over,
})

/** A crawler that counts "crawl now" calls and reports whatever status the test sets. */
function countingCrawler(initial: Status | null = null) {
  const state = { calls: 0, polls: 0, status: initial }
  const crawler: NonNullable<AppDeps['crawler']> = {
    crawlNow: () => {
      state.calls++
      return Promise.resolve()
    },
    status: () => {
      state.polls++
      return state.status
    },
  }
  return { crawler, state }
}

async function app(role: Role, crawler: AppDeps['crawler']) {
  return testApp({ role, deps: { crawler } })
}

// The first server-sent event of a response, then the stream is cancelled like a closed tab.
async function firstEvent(res: Response) {
  const reader = res.body!.getReader()
  let text = ''
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read()
    if (done) break
    text += new TextDecoder().decode(value)
  }
  await reader.cancel()
  const event = text.slice(0, text.indexOf('\n\n'))
  const field = (name: string) =>
    event
      .split('\n')
      .find((l) => l.startsWith(`${name}: `))
      ?.slice(name.length + 2)
  return {
    event: field('event'),
    id: field('id'),
    retry: field('retry'),
    data: JSON.parse(field('data') ?? 'null'),
  }
}

describe('GET /crawl/events', () => {
  it('streams the running crawl status as server-sent events', async () => {
    const { crawler } = countingCrawler(progress())
    const t = await app('viewer', crawler)
    const res = await t.request('/crawl/events')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const first = await firstEvent(res)
    expect(first).toMatchObject({ event: 'status', id: '0', retry: '5000' })
    expect(first.data).toEqual({
      state: 'running',
      feedsDone: 12,
      feedsTotal: 40,
      feedsOk: 10,
      feedsFailed: 1,
      feedsLeased: 0,
      articlesNew: 37,
      pagesQueued: 50,
      pagesExtracted: 30,
      pagesFailed: 2,
      errors: 1,
      // A sentence for the curator, the raw error as its detail.
      lastErrors: [
        {
          feedUrl: 'https://casse.example/feed',
          error: 'Le site est en panne (erreur 500) : Vigie réessaiera.',
          detail: 'HTTP 500',
        },
      ],
      current: 'https://www.journalducm.com/feed/',
    })
  })

  it('says idle when nothing runs, keeping the last crawl figures', async () => {
    const { crawler } = countingCrawler(progress({ running: false, current: null, feedsDone: 40 }))
    const t = await app('curator', crawler)
    const { data } = await firstEvent(await t.request('/crawl/events'))
    expect(data).toMatchObject({ state: 'idle', feedsDone: 40, current: null })
    const none = await app('curator', countingCrawler(null).crawler)
    expect((await firstEvent(await none.request('/crawl/events'))).data).toMatchObject({
      state: 'idle',
      feedsDone: 0,
      feedsTotal: 0,
    })
  })

  it('sends a new event every second while the client listens, and stops when it leaves', async () => {
    const { crawler, state } = countingCrawler(progress({ feedsDone: 1 }))
    const t = await app('viewer', crawler)
    const res = await t.request('/crawl/events')
    const reader = res.body!.getReader()
    let text = ''
    const started = Date.now()
    setTimeout(() => (state.status = progress({ feedsDone: 2 })), 300)
    while ((text.match(/\n\n/g) ?? []).length < 2)
      text += new TextDecoder().decode((await reader.read()).value)
    await reader.cancel()
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    const events = text
      .trim()
      .split('\n\n')
      .map((e) => JSON.parse(/data: (.*)/.exec(e)![1]!))
    expect(events.map((e) => e.feedsDone)).toEqual([1, 2])
    // The loop notices the cancel at its next tick at the latest, then polls no more.
    const polls = state.polls
    await new Promise((r) => setTimeout(r, 2500))
    expect(state.polls - polls).toBeLessThanOrEqual(1)
  })

  it('ends when the status cannot be read, telling the app log and not the console', async () => {
    const { crawler, state } = countingCrawler(progress())
    const status = crawler.status
    crawler.status = () => {
      if (state.polls >= 1) throw new Error('database closed')
      return status()
    }
    const warnings: string[] = []
    const log = {
      ...silentLog,
      warn: (msg: string, f?: Record<string, unknown>) => void warnings.push(`${msg} ${f?.error}`),
    }
    const t = await testApp({ role: 'viewer', deps: { crawler, log } })
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const text = await (await t.request('/crawl/events')).text()
      expect(text.match(/^event: /gm)).toEqual(['event: '])
      expect(text).toContain('event: status')
      expect(warnings).toEqual(['crawl events stopped Error: database closed'])
      expect(printed).not.toHaveBeenCalled()
    } finally {
      printed.mockRestore()
    }
  })
})

describe('POST /crawl', () => {
  it('starts a crawl for a curator and goes back to the live view', async () => {
    const { crawler, state } = countingCrawler()
    const t = await app('curator', crawler)
    const res = await t.request('/crawl', { method: 'POST' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/crawl?flash=started')
    expect(state.calls).toBe(1)
    expect(await (await t.request('/crawl?flash=started')).text()).toContain('Collecte lancée.')
  })

  it('says when a crawl is already running, and answers JSON callers with 202', async () => {
    const { crawler, state } = countingCrawler(progress())
    const t = await app('admin', crawler)
    const res = await t.request('/crawl', {
      method: 'POST',
      headers: { accept: 'application/json' },
    })
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({
      result: 'alreadyRunning',
      status: { state: 'running' },
    })
    expect(state.calls).toBe(1)
  })

  it('is refused to a viewer', async () => {
    const { crawler, state } = countingCrawler()
    const t = await app('viewer', crawler)
    expect((await t.request('/crawl', { method: 'POST' })).status).toBe(403)
    expect(state.calls).toBe(0)
    expect(await (await t.request('/crawl')).text()).not.toContain('action="/crawl"')
  })

  it('reports a process without crawler', async () => {
    const t = await app('curator', null)
    const res = await t.request('/crawl', { method: 'POST' })
    expect(res.headers.get('location')).toBe('/crawl?flash=unavailable')
    const html = await (await t.request('/crawl')).text()
    expect(html).toContain('Le collecteur ne tourne pas dans ce processus.')
    // The page still follows the database, where a crawl of another process (cron) shows.
    expect(html).toContain('data-events="/crawl/events"')
  })
})

describe('GET /crawl', () => {
  it('shows the progress bar, the figures and the recent runs', async () => {
    const { crawler } = countingCrawler(progress())
    const t = await app('viewer', crawler)
    const run = await startCrawlRun(t.db.db, 'host:1:ab', null, new Date('2026-11-19T08:00:00Z'))
    await updateCrawlRun(
      t.db.db,
      run,
      {
        feedsTotal: 31,
        feedsDone: 31,
        feedsOk: 25,
        feedsNotModified: 4,
        feedsFailed: 2,
        articlesNew: 118,
        articlesUpdated: 3,
      },
      new Date('2026-11-19T08:02:05Z'),
    )
    await startCrawlRun(
      t.db.db,
      'host:2:cd',
      'community-management',
      new Date('2026-11-19T09:00:00Z'),
    )
    const res = await t.request('/crawl')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<progress id="crawl-progress" max="40" value="12">')
    expect(html).toContain(
      '<dt>Flux</dt><dd data-field="feeds" data-template="{done} / {total}">12 / 40</dd>',
    )
    // Which feed failed, and why.
    expect(html).toMatch(
      /<div class="crawl-errors" data-field="lastErrors">.*https:\/\/casse\.example\/feed.*title="HTTP 500">Le site est en panne \(erreur 500\)/s,
    )
    expect(html).toContain('<dd data-field="articlesNew">37</dd>')
    expect(html).toContain('30 extraites · 2 en échec · 18 en attente (sur 50)')
    expect(html).toContain('<progress id="crawl-pages" max="50" value="32">')
    expect(html).toContain('<dd data-field="current">https://www.journalducm.com/feed/</dd>')
    expect(html).toContain('data-events="/crawl/events"')
    const rows = html.slice(html.indexOf('<tbody>')).match(/<tr[ >]/g)
    expect(rows).toHaveLength(2)
    expect(html).toContain('<td>2 min 5 s</td>')
    expect(html).toContain('<td>118</td>')
    expect(html).toContain('en cours ou interrompue')
    // No inline script: the live view comes from /static/crawl.js.
    expect(html).not.toMatch(/<script(?![^>]*src=)/)
  })

  it('marks the run of a crawler gone from this host interrupted, and says what a crawl left to another', async () => {
    const t = await app('viewer', null)
    // Above Linux's largest process id: certainly not running.
    const killed = await startCrawlRun(
      t.db.db,
      `${os.hostname()}:${2 ** 22 + 99}:ab`,
      null,
      new Date('2026-11-19T08:00:00Z'),
    )
    const cron = await startCrawlRun(
      t.db.db,
      'another-machine:12:cd',
      null,
      new Date('2026-11-19T09:00:00Z'),
    )
    await updateCrawlRun(
      t.db.db,
      cron,
      { feedsTotal: 4, feedsDone: 4, feedsOk: 4, feedsLeased: 8 },
      new Date('2026-11-19T09:01:00Z'),
    )
    const html = await (await t.request('/crawl')).text()
    expect(html).toContain('<td>interrompue</td>')
    expect(html).not.toContain('en cours ou interrompue')
    expect(html).toContain('La dernière collecte a laissé 8 flux à une autre collecte en cours')
    const [row] = await t.db.db.select().from(crawlRuns).where(eq(crawlRuns.id, killed))
    expect(row!.interruptedAt).toBeInstanceOf(Date)
  })
})
