import { testApp } from '../helpers/app.ts'
import { describe, expect, it } from 'vitest'
import { browserPage, until } from '../fixtures/http/browser.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { createUser } from '../../src/auth/index.ts'
import { NOW, SECTOR } from '../fixtures/http/curator-articles.ts'
import { TEST_PASSWORD } from '../helpers/app.ts'

const cardIds = (html: string) =>
  [...html.matchAll(/<article class="story-card" id="card-(\d+)"/g)].map((m) => Number(m[1]))
const scores = (html: string) =>
  [...html.matchAll(/class="score-badge[^"]*"[^>]*>(\d+)</g)].map((m) => Number(m[1]))
const cardOf = (html: string, id: number) => {
  const start = html.indexOf(`<article class="story-card" id="card-${id}"`)
  return start < 0 ? null : html.slice(start, html.indexOf('</article>', start))
}

describe('GET /queue', () => {
  it('lists story cards best first, with the reason, the age, other sources and the explanation', async () => {
    const t = await curatorApp()
    const res = await t.request('/queue')
    expect(res.status).toBe(200)
    const html = await res.text()
    const ids = cardIds(html)
    // Six articles, two of them one story: five cards.
    expect(ids).toHaveLength(5)
    const s = scores(html)
    expect(s).toEqual([...s].sort((a, b) => b - a))
    expect(ids.at(-1)).toBe(t.ids.tarteFr)
    // The carousel story leads, its best article on the card and the other source under "also covered by".
    const pair = [t.ids.carrouselBlog, t.ids.carrouselMedia]
    expect(pair).toContain(ids[0])
    const other = pair.find((id) => id !== ids[0])!
    const lead = cardOf(html, ids[0]!)!
    expect(lead).toContain('Aussi couvert par')
    expect(lead).toContain(`href="/articles/${other}"`)
    expect(lead).toMatch(/class="card-reason">[^<]*taux d&#39;engagement \(titre\)/)
    expect(lead).toMatch(/il y a [23] h/)
    expect(lead).toContain('<details class="card-why"><summary>Pourquoi ce score ?</summary>')
    expect(lead).toMatch(
      /<li class="term term-title">taux d&#39;engagement <span class="where">titre ×1/,
    )
    expect(lead).toContain('Fraîcheur')
    expect(cardOf(html, t.ids.reelsEn)).toContain('<span class="lang">EN</span>')
    expect(html).toContain('id="keys-help"')
  })

  it('speaks English to a curator whose account is in English', async () => {
    const t = await curatorApp()
    await createUser(
      t.db.db,
      { email: 'anna@vigie.test', password: TEST_PASSWORD, role: 'curator', locale: 'en' },
      NOW,
    )
    const anna = await t.signIn({ email: 'anna@vigie.test' })
    const html = await (await anna.request(`/queue?sector=${SECTOR}`)).text()
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('Reading queue')
    expect(html).toContain('Also covered by')
    expect(html).toMatch(/\d+ h ago/)
    expect(html).not.toContain('File de lecture')
  })

  it('takes a decision from the form: the card leaves the queue, and undo brings it back', async () => {
    const t = await curatorApp()
    const id = t.ids.reelsEn
    const back = `/queue?sector=${SECTOR}&lang=en`
    const res = await t.request(
      `/queue/${id}/decision`,
      form({ action: 'approve', back, _csrf: t.csrf }),
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(
      `/queue?sector=${SECTOR}&lang=en&done=${id}&did=approve`,
    )
    const after = await (await t.request(res.headers.get('location')!)).text()
    expect(cardIds(after)).not.toContain(id)
    expect(after).toContain('Article approuvé.')
    expect(after).toMatch(
      new RegExp(`<form method="post" action="/queue/${id}/decision" class="undo">`),
    )
    const full = await (await t.request('/queue')).text()
    expect(cardIds(full)).toHaveLength(4)

    const undo = await t.request(`/queue/${id}/decision`, form({ action: 'reset', back }))
    expect(undo.status).toBe(303)
    expect(cardIds(await (await t.request('/queue')).text())).toContain(id)
  })

  it('answers a script with JSON, snoozes until a later day only, and refuses foreign redirects', async () => {
    const t = await curatorApp()
    const json = await t.request(`/queue/${t.ids.moderationFr}/decision`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'snooze', snoozeUntil: '2026-11-21' }),
    })
    expect(json.status).toBe(200)
    expect(await json.json()).toMatchObject({
      ok: true,
      articleId: t.ids.moderationFr,
      action: 'snooze',
    })
    expect(cardIds(await (await t.request('/queue')).text())).not.toContain(t.ids.moderationFr)
    // Once the day comes, it is back.
    t.clock.set('2026-11-21T06:00:00Z')
    expect(cardIds(await (await t.request('/queue')).text())).toContain(t.ids.moderationFr)

    const past = await t.request(
      `/queue/${t.ids.tarteFr}/decision`,
      form({ action: 'snooze', snoozeUntil: '2026-11-01' }),
    )
    expect(past.status).toBe(400)
    const noDate = await t.request(`/queue/${t.ids.tarteFr}/decision`, form({ action: 'snooze' }))
    expect(noDate.status).toBe(400)
    const bogus = await t.request(`/queue/${t.ids.tarteFr}/decision`, form({ action: 'delete' }))
    expect(bogus.status).toBe(400)
    const missing = await t.request('/queue/999999/decision', form({ action: 'approve' }))
    expect(missing.status).toBe(404)

    for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const res = await t.request(
        `/queue/${t.ids.tarteFr}/decision`,
        form({ action: 'reject', back }),
      )
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toMatch(/^\/queue\?done=/)
    }
  })

  it('shows a viewer no decision buttons and refuses their decisions', async () => {
    const t = await curatorApp('viewer')
    const html = await (await t.request('/queue')).text()
    expect(cardIds(html)).toHaveLength(5)
    expect(html).not.toContain('class="decision"')
    expect(html).not.toContain('/decision')
    expect(html).toContain('data-can-decide="0"')
    const res = await t.request(
      `/queue/${t.ids.reelsEn}/decision`,
      form({ action: 'approve', _csrf: t.csrf }),
    )
    expect(res.status).toBe(403)
    expect(cardIds(await (await t.request('/queue')).text())).toContain(t.ids.reelsEn)
  })

  it('takes an article out of its story on request, undoes it, and offers both to curators only', async () => {
    const t = await curatorApp()
    const pair = [t.ids.carrouselBlog, t.ids.carrouselMedia]
    const [lead] = cardIds(await (await t.request('/queue')).text())
    const other = pair.find((id) => id !== lead)!
    expect(cardOf(await (await t.request('/queue')).text(), lead!)).toContain(
      `action="/queue/${other}/separate"`,
    )
    const json = await t.request(`/queue/${other}/separate`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({}),
    })
    expect(json.status).toBe(200)
    expect(await json.json()).toEqual({ ok: true, articleId: other, apartFrom: [lead] })
    await t.deps.scoring.settled()
    const html = await (await t.request('/queue')).text()
    expect(cardIds(html)).toEqual(expect.arrayContaining(pair))
    expect(cardOf(html, lead!)).not.toContain('Aussi couvert par')
    // Separating it again, or an article alone in its story, changes nothing; an unknown one is a 404.
    const again = await t.request(`/queue/${other}/separate`, form({ back: '/queue?lang=fr' }))
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe(`/queue?lang=fr&separated=${other}`)
    expect((await t.request('/queue/999999/separate', form({}))).status).toBe(404)
    // The notice after it offers the undo, which lets scoring group them again.
    const notice = await (await t.request(again.headers.get('location')!)).text()
    expect(notice).toContain(`<form method="post" action="/queue/${other}/rejoin" class="undo">`)
    const undo = await t.request(`/queue/${other}/rejoin`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({}),
    })
    expect(await undo.json()).toEqual({ ok: true, articleId: other, rejoined: [lead] })
    await t.deps.scoring.settled()
    const rejoined = await (await t.request('/queue')).text()
    expect(cardIds(rejoined)).not.toContain(other)
    expect(cardOf(rejoined, lead!)).toContain(`href="/articles/${other}"`)
    const nothing = await t.request(`/queue/${other}/rejoin`, form({}))
    expect(nothing.headers.get('location')).toBe(`/queue?rejoined=${other}`)
    expect(await (await t.request(nothing.headers.get('location')!)).text()).toContain(
      'Séparation annulée',
    )

    const viewer = await curatorApp('viewer')
    expect(await (await viewer.request('/queue')).text()).not.toContain('/separate"')
    for (const op of ['separate', 'rejoin']) {
      const refused = await viewer.request(`/queue/${other}/${op}`, form({ _csrf: viewer.csrf }))
      expect(refused.status).toBe(403)
    }
  })

  it('refuses a decision without the CSRF token', async () => {
    const t = await curatorApp()
    const res = await t.app.request(`/queue/${t.ids.reelsEn}/decision`, {
      ...form({ action: 'approve' }),
      headers: { cookie: t.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(403)
  })

  it('filters by source, language, minimum score and date', async () => {
    const t = await curatorApp()
    const get = async (q: string) =>
      cardIds(await (await t.request(`/queue?sector=${SECTOR}&${q}`)).text())
    expect(await get('lang=en')).toEqual([t.ids.reelsEn])
    const feedPage = await (await t.request('/queue')).text()
    const feedId = /<option value="(\d+)">Cuisine Facile<\/option>/.exec(feedPage)![1]
    expect(await get(`source=${feedId}`)).toEqual([t.ids.tarteFr])
    const strong = await get('minScore=40')
    expect(strong).not.toContain(t.ids.tarteFr)
    expect(strong.length).toBeGreaterThan(0)
    // Published before 2026-11-20 (26 h before noon): left out.
    const today = await get('since=2026-11-20')
    expect(today).not.toContain(t.ids.moderationFr)
    expect(today).toContain(t.ids.reelsEn)
    // The chosen filters stay selected, and the empty ones are ignored.
    const page = await (await t.request(`/queue?sector=${SECTOR}&lang=en&minScore=&since=`)).text()
    expect(page).toContain('<option value="en" selected="">EN</option>')
    expect((await t.request('/queue?minScore=abc')).status).toBe(400)
    expect((await t.request('/queue?sector=nope')).status).toBe(404)
  })
})

describe('queue.js', () => {
  it('moves with j/k, decides with a key and removes the card in place, and undoes from the toast', async () => {
    const t = await curatorApp()
    const page = await browserPage(t.request, '/queue', 'queue.js')
    const { document: doc } = page
    const ids = () =>
      [...doc.querySelectorAll<HTMLElement>('.story-card')].map((c) => Number(c.dataset.id))
    const selected = () =>
      Number(doc.querySelector<HTMLElement>('.story-card.selected')?.dataset.id)
    const start = ids()
    page.key('j')
    page.key('j')
    page.key('k')
    page.key('j')
    expect(selected()).toBe(start[1])
    page.key('a')
    await until(() => !ids().includes(start[1]!))
    expect(ids()).toEqual(start.filter((id) => id !== start[1]))
    expect(selected()).toBe(start[2])
    expect(page.posted[0]!.body).toContain('action=approve')
    const toast = doc.getElementById('queue-toast')!
    expect(toast.hidden).toBe(false)
    expect(toast.textContent).toContain('Article approuvé.')
    // The server agrees: the card is gone from the queue.
    expect(cardIds(await (await t.request('/queue')).text())).not.toContain(start[1])

    toast.querySelector('button')!.click()
    await until(() => ids().length === start.length)
    expect(ids()).toEqual(start)
    expect(page.posted[1]!.body).toContain('action=reset')
    expect(cardIds(await (await t.request('/queue')).text())).toContain(start[1])

    // s snoozes until tomorrow, the date input's default.
    page.key('s')
    await until(() => !ids().includes(start[1]!))
    expect(page.posted[2]!.body).toMatch(
      /snoozeUntil=2026-11-21&action=snooze|action=snooze.*snoozeUntil=2026-11-21/,
    )
  })

  it('shows the key help on ?, closes it on Escape, and focuses the search on /', async () => {
    const t = await curatorApp()
    const page = await browserPage(t.request, '/queue', 'queue.js')
    const help = page.document.getElementById('keys-help')!
    expect(help.hidden).toBe(true)
    page.key('?')
    expect(help.hidden).toBe(false)
    expect(help.textContent).toContain('approuver')
    page.key('Escape')
    expect(help.hidden).toBe(true)
    page.key('/')
    expect(page.document.activeElement?.id).toBe('quick-search')
    // Typing in a field is typing, not a shortcut.
    page.key('j')
    expect(page.document.querySelector('.story-card.selected')).toBeNull()
  })
})

describe('a fresh install', () => {
  it('says what to do when the sector has no article yet, with links', async () => {
    const t = await testApp()
    const html = await (await t.request('/queue')).text()
    expect(html).toContain(
      'Aucun article pour l’instant : ajoutez les sources du secteur, puis lancez une collecte.',
    )
    expect(html).toMatch(/href="\/sources\?sector=[a-z-]+">Ajouter des sources/)
    expect(html).toContain('href="/crawl">Lancer une collecte')
    expect(html).not.toContain('Rien à traiter avec ces filtres.')
  })
})
