// The crawl page lists its runs a page at a time and says which of how many it shows: a curator
// never meets a silent cut (the page used to show the 15 latest and nothing else).
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { startCrawlRun, updateCrawlRun } from '../../src/store/index.ts'
import { pagesAround } from '../../web/views/components/pager.tsx'
import { testApp } from '../helpers/app.ts'

const NOW = new Date('2026-11-20T12:00:00Z')

/** `n` finished runs an hour apart, the newest last; run i found i + 1000 new articles. */
async function recordRuns(db: Parameters<typeof startCrawlRun>[0], n: number) {
  for (let i = 0; i < n; i++) {
    const started = new Date(NOW.getTime() - (n - i) * 3_600_000)
    const id = await startCrawlRun(db, 'cron-host:1', null, started, {
      feedsTotal: 40,
      feedsDone: 40,
      feedsOk: 38,
      feedsFailed: 2,
    })
    await updateCrawlRun(db, id, { articlesNew: i + 1000 }, new Date(started.getTime() + 60_000))
  }
}

/** The "new articles" figure of each row of the runs table, newest first. */
const newArticles = (html: string) =>
  [...html.matchAll(/<tr(?: class="has-errors")?><td><time[\s\S]*?<\/tr>/g)].map((row) => {
    const cells = [...row[0].matchAll(/<td>([^<]*)<\/td>/g)].map((c) => c[1])
    return cells.at(-2)
  })

describe('the crawl page lists every run, a page at a time', () => {
  it('says which runs of how many it shows and pages through all of them', async () => {
    const t = await testApp({ role: 'viewer', clock: fixedClock(NOW) })
    await recordRuns(t.db.db, 40)

    const first = await (await t.request('/crawl')).text()
    expect(first).toContain('Collectes 1 à 15 sur 40, les plus récentes d’abord')
    // French figures: 1 039 with a narrow no-break space.
    expect(newArticles(first)[0]).toBe('1\u202f039')
    expect(newArticles(first).length).toBe(15)
    expect(first).toContain('href="/crawl?page=2"')
    expect(first).toContain('href="/crawl?page=3"')

    const seen = new Set<string>()
    for (const page of [1, 2, 3]) {
      const html = await (await t.request(page > 1 ? `/crawl?page=${page}` : '/crawl')).text()
      for (const n of newArticles(html)) seen.add(n!)
    }
    // Every run once, none twice: 40 distinct figures 1 000 … 1 039.
    expect(seen.size).toBe(40)
    const last = await (await t.request('/crawl?page=3')).text()
    expect(last).toContain('Collectes 31 à 40 sur 40')
    expect(newArticles(last).at(-1)).toBe('1\u202f000')
    expect(last).toContain('rel="prev"')
    expect(last).not.toContain('rel="next"')
    // A page past the last shows the last.
    const past = await (await t.request('/crawl?page=99')).text()
    expect(past).toContain('Collectes 31 à 40 sur 40')

    // English (the header's switch, kept on the account): the same line and English figures.
    const switched = await t.request('/account/locale', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'en', back: '/crawl' }),
    })
    expect(switched.status).toBe(303)
    const en = await (await t.request('/crawl')).text()
    expect(en).toContain('Crawls 1 to 15 of 40, latest first')
    expect(newArticles(en)[0]).toBe('1,039')
  })

  it('says how many when they all fit, and refuses a page that is not a number', async () => {
    const t = await testApp({ role: 'viewer', clock: fixedClock(NOW) })
    await recordRuns(t.db.db, 3)
    const html = await (await t.request('/crawl')).text()
    expect(html).toContain('3 collectes enregistrées')
    expect(html).not.toContain('class="pager"')
    const bad = await t.request('/crawl?page=abc')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('page')
  })

  it('links a few pages around the current one, not thousands', () => {
    expect(pagesAround(1, 3)).toEqual([1, 2, 3])
    expect(pagesAround(50, 6667)).toEqual([1, null, 48, 49, 50, 51, 52, null, 6667])
    expect(pagesAround(1, 6667)).toEqual([1, 2, 3, null, 6667])
    expect(pagesAround(6667, 6667)).toEqual([1, null, 6665, 6666, 6667])
  })

  it('counts the feeds a run went through without fetching them, not due yet', async () => {
    const t = await testApp({ role: 'viewer', clock: fixedClock(NOW) })
    const id = await startCrawlRun(t.db.db, 'cron-host:1', null, NOW, {
      feedsTotal: 8,
      feedsDone: 8,
      feedsOk: 5,
      feedsNotModified: 1,
    })
    await updateCrawlRun(t.db.db, id, { feedsFailed: 1 }, new Date(NOW.getTime() + 60_000))
    const html = await (await t.request('/crawl')).text()
    const head = [...html.matchAll(/<th scope="col">([\s\S]*?)<\/th>/g)].map((m) =>
      m[1]!.replace(/<[^>]+>/g, ''),
    )
    const row = html.match(/<tr(?: class="has-errors")?><td><time[\s\S]*?<\/tr>/)![0]
    const cells = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) =>
      c[1]!.replace(/<[^>]+>/g, ''),
    )
    const cell = (label: string) => cells[head.indexOf(label)]
    expect(cell('Flux')).toBe('8 / 8')
    expect([cell('OK'), cell('Inchangés'), cell('En échec'), cell('Pas dus')]).toEqual([
      '5',
      '1',
      '1',
      '1',
    ])
  })
})
