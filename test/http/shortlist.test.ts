import { describe, expect, it } from 'vitest'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { SECTOR } from '../fixtures/http/curator-articles.ts'
import { testApp } from '../helpers/app.ts'

const items = (html: string) =>
  [
    ...html.matchAll(
      /<li class="shortlist-item status-row-(\w+)" data-id="(\d+)"><span class="rank"[^>]*>(\d+)<\/span>/g,
    ),
  ].map((m) => ({
    status: m[1],
    id: Number(m[2]),
    rank: Number(m[3]),
  }))

describe('GET /shortlist', () => {
  it('shows today’s shortlist ranked, with score, reason and state, and the day before', async () => {
    const t = await curatorApp()
    const res = await t.request('/shortlist')
    expect(res.status).toBe(200)
    const html = await res.text()
    const list = items(html)
    expect(list.length).toBeGreaterThanOrEqual(4)
    expect(list.map((i) => i.rank)).toEqual(list.map((_, n) => n + 1))
    // One story, one item: the carousel study appears once.
    const carousel = list.filter(
      (i) => i.id === t.ids.carrouselBlog || i.id === t.ids.carrouselMedia,
    )
    expect(carousel).toHaveLength(1)
    expect(list[0]!.id).toBe(carousel[0]!.id)
    expect(list.every((i) => i.status === 'new')).toBe(true)
    expect(html).toContain('Sélection du 20 nov. 2026')
    // The floor reads on the cards' own scale (points out of 100), with the setting that sets it.
    expect(html).toContain('Score minimal : 20 sur 100 (shortlist_floor du secteur : 0,2).')
    expect(html).toMatch(
      /<span class="score-badge score-high" title="Score">\d+<\/span> taux d&#39;engagement \(titre\)/,
    )
    expect(html).toContain(`<a href="/shortlist?sector=${SECTOR}&amp;date=2026-11-19" rel="prev">`)
    expect(html).not.toContain('rel="next"')
    expect(html).toContain('<input type="date" name="date" value="2026-11-20"')
    // A hostile title stays text here too.
    expect(html).not.toMatch(/<img src=x|<script>alert/)
  })

  it('keeps the saved list and shows what was done with each item since', async () => {
    const t = await curatorApp()
    const before = items(await (await t.request('/shortlist?date=2026-11-20')).text())
    const [first, second, third] = before
    await t.request(`/queue/${first!.id}/decision`, form({ action: 'approve' }))
    await t.request(`/queue/${second!.id}/decision`, form({ action: 'reject' }))
    await t.request(`/queue/${third!.id}/decision`, form({ action: 'reshare' }))
    const html = await (await t.request(`/shortlist?sector=${SECTOR}&date=2026-11-20`)).text()
    const after = items(html)
    expect(after.map((i) => i.id)).toEqual(before.map((i) => i.id))
    expect(after.slice(0, 3).map((i) => i.status)).toEqual(['approved', 'rejected', 'reshared'])
    expect(html).toContain('<span class="status-badge status-approved">Approuvé</span>')
    expect(html).toContain('<span class="status-badge status-rejected">Écarté</span>')
    expect(html).toContain('<span class="status-badge status-reshared">À repartager</span>')
    // When it was made, in the reader's own zone once the browser rewrites it (UTC without script).
    expect(html).toMatch(
      /Établie le <time datetime="2026-11-20T[\d:.]+Z" title="[^"]+" data-local="datetime">20 nov\. 2026/,
    )
  })

  it('moves between days, says when a day has nothing, and refuses a malformed date', async () => {
    const t = await curatorApp()
    const yesterday = await (await t.request('/shortlist?date=2026-11-19')).text()
    expect(yesterday).toContain(
      `<a href="/shortlist?sector=${SECTOR}&amp;date=2026-11-20" rel="next">`,
    )
    expect(items(yesterday).map((i) => i.id)).toContain(t.ids.moderationFr)
    const empty = await (await t.request('/shortlist?date=2026-10-01')).text()
    expect(items(empty)).toEqual([])
    expect(empty).toContain('Pas de sélection pour ce jour')
    expect((await t.request('/shortlist?date=20-11-2026')).status).toBe(400)
    // Tomorrow: nothing yet, and nothing saved that would freeze tomorrow's list with today's articles.
    expect(items(await (await t.request('/shortlist?date=2026-11-21')).text())).toEqual([])
    t.clock.set('2026-11-21T20:00:00Z')
    expect(
      items(await (await t.request('/shortlist?date=2026-11-21')).text()).length,
    ).toBeGreaterThan(0)
    expect((await t.request('/shortlist?sector=inconnu')).status).toBe(404)
  })

  it('is readable by a viewer', async () => {
    const t = await curatorApp('viewer')
    const res = await t.request('/shortlist')
    expect(res.status).toBe(200)
    expect(items(await res.text()).length).toBeGreaterThan(0)
  })
})

describe('error pages', () => {
  it('a bad date, an unknown page and a refused action render in the layout with a sentence', async () => {
    const t = await testApp()
    const bad = await t.request('/shortlist?date=garbage', { headers: { accept: 'text/html' } })
    expect(bad.status).toBe(400)
    const html = await bad.text()
    expect(html).toContain('class="mainnav"')
    expect(html).toContain('Vigie n’a pas pu traiter cette demande.')
    expect(html).toMatch(/date/)
    const missing = await t.request('/articles/999999', { headers: { accept: 'text/html' } })
    expect(missing.status).toBe(404)
    const text = await missing.text()
    expect(text).toContain('Cette page ou cet article n’existe pas, ou plus.')
    expect(text).toContain('href="/queue"')
    // The same in English for an English account.
    await t.request('/account/locale', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'en' }),
    })
    const en = await (await t.request('/nowhere', { headers: { accept: 'text/html' } })).text()
    expect(en).toContain('This page or article does not exist, or no longer does.')
  })
})

describe('the shortlist to hand on', () => {
  it('shows the public commentary and exports the day as Markdown, HTML and CSV, nothing private', async () => {
    const t = await curatorApp()
    const [first, second] = items(await (await t.request('/shortlist?date=2026-11-20')).text())
    for (const [id, commentary, note] of [
      [first!.id, 'À partager : la méthode est reproductible.', 'NOTE PRIVÉE 1'],
      [second!.id, '=HYPERLINK("https://evil.example") à lire', 'NOTE PRIVÉE 2'],
    ] as const)
      await t.request(`/api/articles/${id}/annotation`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ note, tags: ['interne'], commentary, baseVersion: 0 }),
      })
    const page = await (await t.request('/shortlist?date=2026-11-20')).text()
    expect(page).toContain('À partager : la méthode est reproductible.')
    expect(page).toContain('/shortlist/export?sector=')

    const get = (format: string) =>
      t.request(`/shortlist/export?sector=${SECTOR}&date=2026-11-20&format=${format}`)
    const md = await get('md')
    expect(md.headers.get('content-disposition')).toContain(`vigie-${SECTOR}-2026-11-20.md`)
    const markdown = await md.text()
    expect(markdown).toContain('À partager : la méthode est reproductible.')
    const html = await (await get('html')).text()
    expect(html).toContain('À partager : la méthode est reproductible.')
    const csv = await (await get('csv')).text()
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n')
    expect(lines[0]).toBe('rank,title,url,source,author,commentary')
    expect(lines[1]).toMatch(/^1,/)
    // A commentary that a spreadsheet would run as a formula is kept as text.
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"") à lire"`)
    for (const body of [markdown, html, csv]) expect(body).not.toMatch(/NOTE PRIVÉE|interne/)
    expect((await get('pdf')).status).toBe(400)
  })
})
