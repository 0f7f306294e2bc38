import { describe, expect, it } from 'vitest'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { SECTOR } from '../fixtures/http/curator-articles.ts'

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
    expect(html).toMatch(/Établie le 20 nov\. 2026/)
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
