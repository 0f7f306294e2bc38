import { describe, expect, it } from 'vitest'
import { browserPage, until } from '../fixtures/http/browser.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import * as F from '../fixtures/http/curator-articles.ts'

const cardIdsOf = (html: string) => [...html.matchAll(/id="card-(\d+)"/g)].map((m) => Number(m[1]))

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify(body),
})
const between = (html: string, start: string, end: string) => {
  const i = html.indexOf(start)
  return i < 0 ? '' : html.slice(i, html.indexOf(end, i))
}

describe('GET /articles/:id', () => {
  it('shows the stored sanitised html, and escapes every other field, however hostile', async () => {
    const t = await curatorApp()
    const res = await t.request(`/articles/${t.ids.hostile}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await res.text()
    // The html field, as stored, is the one raw markup.
    expect(html).toContain(F.hostile.html)
    // Title (in <h1> and <title>), author and source name come out as text.
    expect(html).toContain(
      '<h1>&lt;img src=x onerror=alert(1)&gt; Modération &quot;&gt;&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt; sur Threads</h1>',
    )
    expect(html).toContain('<title>&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('<dd>&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;</dd>')
    expect(html).toContain('&lt;b onmouseover=alert(6)&gt;Veille&lt;/b&gt;')
    expect(html).not.toMatch(/<img src=x|<script>alert|<b onmouseover|<svg/i)
    // javascript: URLs (the article's and its site's) are never links.
    expect(html).not.toMatch(/href="javascript:/i)
    expect(html).toContain('<span class="muted">javascript:alert(3)</span>')
    expect(html).not.toContain('alert(5)')
  })

  it('shows the metadata, a safe link to the original, the score and the decision buttons', async () => {
    const t = await curatorApp()
    const html = await (await t.request(`/articles/${t.ids.reelsEn}`)).text()
    expect(html).toContain('<h1>Instagram rolls out a new feature for Reels creators</h1>')
    expect(html).toMatch(
      /<a href="https:\/\/social-today\.example\/article-\d+" rel="noopener noreferrer" target="_blank">Lire l’original<\/a>/,
    )
    expect(html).toContain('<dd>Social Today</dd>')
    expect(html).toContain('<dd>EN</dd>')
    expect(html).toMatch(/<dd>1 min · \d+ mots<\/dd>/)
    expect(html).toContain('20 nov. 2026, 02:00')
    // No extracted html: the text, escaped, one paragraph per block.
    expect(html).toContain(
      '<div class="article-body"><p>Instagram rolls out a new feature that lets creators',
    )
    expect(html).toContain(
      `<form method="post" action="/queue/${t.ids.reelsEn}/decision" class="decision"`,
    )
    expect(html).toContain('class="score-badge')
  })

  it('links the story’s other sources and the previous and next stories of the queue', async () => {
    const t = await curatorApp()
    const queue = await (await t.request('/queue')).text()
    const order = [...queue.matchAll(/id="card-(\d+)"/g)].map((m) => Number(m[1]))
    const [first, second, third] = order
    const lead = await (await t.request(`/articles/${first}`)).text()
    expect(lead).not.toContain('rel="prev"')
    expect(lead).toContain(`<a href="/articles/${second}" rel="next"`)
    const other = first === t.ids.carrouselBlog ? t.ids.carrouselMedia : t.ids.carrouselBlog
    expect(between(lead, '<section class="other-sources">', '</section>')).toContain(
      `<a href="/articles/${other}">`,
    )
    const middle = await (await t.request(`/articles/${second}`)).text()
    expect(middle).toContain(`<a href="/articles/${first}" rel="prev"`)
    expect(middle).toContain(`<a href="/articles/${third}" rel="next"`)

    // Once decided, the article is out of the queue: its story is found by its id instead.
    await t.request(`/queue/${other}/decision`, form({ action: 'approve' }))
    const decided = await (await t.request(`/articles/${other}`)).text()
    expect(decided).toContain('<span class="status-badge status-approved">Approuvé</span>')
    expect(between(decided, '<section class="other-sources">', '</section>')).toContain(
      `<a href="/articles/${first}">`,
    )
    expect(decided).not.toContain('rel="next"')
  })

  it('takes the article out of its story, even once the story is decided and out of the queue', async () => {
    const t = await curatorApp()
    const { carrouselBlog: blog, carrouselMedia: media } = t.ids
    // Rejecting the story leaves the queue with both of its articles.
    await t.request(`/queue/${blog}/decision`, form({ action: 'reject' }))
    expect(cardIdsOf(await (await t.request('/queue')).text())).not.toContain(media)
    const page = await (await t.request(`/articles/${media}`)).text()
    const story = between(page, '<section class="other-sources">', '</section>')
    expect(story).toContain(`<a href="/articles/${blog}">`)
    expect(story).toContain(`action="/queue/${media}/separate"`)
    const res = await t.request(`/queue/${media}/separate`, form({ back: `/articles/${media}` }))
    expect(res.headers.get('location')).toBe(`/articles/${media}?separated=${media}`)
    await t.deps.scoring.settled()
    const after = await (await t.request(res.headers.get('location')!)).text()
    expect(after).toContain('Article séparé de cette histoire')
    expect(after).not.toContain('<section class="other-sources">')
    // Its own story is undecided: back in the queue.
    expect(cardIdsOf(await (await t.request('/queue')).text())).toContain(media)
  })

  it('answers 404 for an unknown article and 400 for a malformed id', async () => {
    const t = await curatorApp()
    expect((await t.request('/articles/987654')).status).toBe(404)
    expect((await t.request('/articles/abc')).status).toBe(400)
  })
})

describe('POST /articles/:id/annotation', () => {
  it('saves from the plain form with tags normalised, then offers them to other articles', async () => {
    const t = await curatorApp()
    const id = t.ids.moderationFr
    const res = await t.request(
      `/articles/${id}/annotation`,
      form({
        baseVersion: '0',
        note: 'À citer <script>alert(7)</script>',
        tags: ' #LinkedIn, Modération ,linkedin,, ',
        commentary: 'Une charte claire évite le bad buzz.',
      }),
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/articles/${id}?saved=1#annotation`)
    const page = await (await t.request(`/articles/${id}?saved=1`)).text()
    expect(page).toContain('value="linkedin, modération"')
    expect(page).toContain(
      '<textarea id="note" name="note" rows="5" aria-describedby="note-count">À citer &lt;script&gt;alert(7)&lt;/script&gt;</textarea>',
    )
    expect(page).toContain('<input type="hidden" name="baseVersion" value="1"/>')
    expect(page).toContain('Enregistré.')
    // Another article of the sector suggests the tags in use, most used first.
    const other = await (await t.request(`/articles/${t.ids.reelsEn}`)).text()
    expect(between(other, '<datalist id="known-tags">', '</datalist>')).toBe(
      '<datalist id="known-tags"><option value="linkedin"></option><option value="modération"></option>',
    )
  })

  it('refuses a save based on an old version with 409 and the current one, then saves the resolution', async () => {
    const t = await curatorApp()
    const id = t.ids.reelsEn
    const first = await t.request(
      `/articles/${id}/annotation`,
      json({ baseVersion: 0, note: 'Premier jet', tags: ['Reels'], commentary: '' }),
    )
    expect(first.status).toBe(200)
    expect((await first.json()).annotation).toMatchObject({ version: 1, tags: ['reels'] })
    // Another tab saves version 2...
    const other = await t.request(
      `/articles/${id}/annotation`,
      json({
        baseVersion: 1,
        note: 'Note de l’autre onglet',
        tags: 'reels, instagram',
        commentary: 'À partager',
      }),
    )
    expect((await other.json()).annotation.version).toBe(2)
    // ...so this tab's save on version 1 is refused, with what is saved now.
    const stale = await t.request(
      `/articles/${id}/annotation`,
      json({ baseVersion: 1, note: 'Ma version', tags: 'reels', commentary: '' }),
    )
    expect(stale.status).toBe(409)
    const body = await stale.json()
    expect(body.error).toBe('version_conflict')
    expect(body.details.current).toMatchObject({
      version: 2,
      note: 'Note de l’autre onglet',
      tags: ['reels', 'instagram'],
      commentary: 'À partager',
    })
    // Keeping mine: the same edit, based on the version now saved.
    const kept = await t.request(
      `/articles/${id}/annotation`,
      json({ baseVersion: 2, note: 'Ma version', tags: 'reels', commentary: '' }),
    )
    expect(kept.status).toBe(200)
    expect((await kept.json()).annotation).toMatchObject({ version: 3, note: 'Ma version' })
  })

  it('gives the plain form its edit back beside the saved version on a conflict', async () => {
    const t = await curatorApp()
    const id = t.ids.tarteFr
    await t.request(
      `/articles/${id}/annotation`,
      json({ baseVersion: 0, note: 'Hors sujet', tags: 'cuisine', commentary: '' }),
    )
    const res = await t.request(
      `/articles/${id}/annotation`,
      form({
        baseVersion: '0',
        note: 'Mon brouillon <b>gras</b>',
        tags: 'Recette',
        commentary: 'Pour le fun',
      }),
    )
    expect(res.status).toBe(409)
    const html = await res.text()
    const conflict = between(html, '<div class="conflict" role="alert">', '</div>')
    expect(conflict).toContain('Hors sujet')
    expect(conflict).toContain('cuisine')
    expect(html).toContain(
      '<textarea id="note" name="note" rows="5" aria-describedby="note-count">Mon brouillon &lt;b&gt;gras&lt;/b&gt;</textarea>',
    )
    expect(html).toContain('value="Recette"')
    expect(html).toContain('<input type="hidden" name="baseVersion" value="1"/>')
    // Submitting that form again keeps the curator's edit.
    const again = await t.request(
      `/articles/${id}/annotation`,
      form({ baseVersion: '1', note: 'Mon brouillon', tags: 'Recette', commentary: '' }),
    )
    expect(again.status).toBe(303)
    expect(await (await t.request(`/articles/${id}`)).text()).toContain('value="recette"')
  })

  it('shows a viewer the annotation read-only and refuses their saves', async () => {
    const t = await curatorApp()
    await t.request(
      `/articles/${t.ids.reelsEn}/annotation`,
      json({ baseVersion: 0, note: 'Note du curateur', tags: 'reels', commentary: '' }),
    )
    const viewer = await t.signIn('viewer')
    const html = await (await viewer.request(`/articles/${t.ids.reelsEn}`)).text()
    expect(html).toContain('Note du curateur')
    expect(html).toContain('Lecture seule')
    expect(html).not.toContain('class="annotation-form"')
    expect(html).not.toContain('class="decision"')
    const res = await viewer.request(
      `/articles/${t.ids.reelsEn}/annotation`,
      form({ baseVersion: '1', note: 'pirate' }),
    )
    expect(res.status).toBe(403)
  })
})

describe('reader.js', () => {
  it('autosaves after a pause, and on a conflict shows both versions and keeps the curator’s on request', async () => {
    const t = await curatorApp()
    const id = t.ids.reelsEn
    await t.request(
      `/articles/${id}/annotation`,
      json({ baseVersion: 0, note: 'v1', tags: 'reels, instagram', commentary: '' }),
    )
    const page = await browserPage(t.request, `/articles/${id}`, 'reader.js')
    const doc = page.document
    const note = doc.getElementById('note') as HTMLTextAreaElement
    const status = doc.querySelector('.save-status')!
    const base = doc.querySelector<HTMLInputElement>('input[name="baseVersion"]')!

    page.type(note, 'Première idée')
    await until(() => status.textContent === 'Enregistré.')
    expect(base.value).toBe('2')
    expect(page.posted[0]!.body).toContain('"baseVersion":1')

    // Another tab saves meanwhile.
    await t.request(
      `/articles/${id}/annotation`,
      json({ baseVersion: 2, note: 'Note de l’autre onglet', tags: 'tiktok', commentary: '' }),
    )
    page.type(note, 'Ma version finale')
    await until(() => !!doc.querySelector('.conflict.live'))
    const panel = doc.querySelector('.conflict.live')!
    expect(panel.textContent).toContain('Note de l’autre onglet')
    expect(panel.textContent).toContain('Ma version finale')
    expect(note.value).toBe('Ma version finale')
    panel.querySelector<HTMLButtonElement>('button.primary')!.click()
    await until(() => base.value === '4')
    expect(doc.querySelector('.conflict.live')).toBeNull()
    expect(await (await t.request(`/articles/${id}`)).text()).toContain(
      '>Ma version finale</textarea>',
    )
  })

  it('can take the saved version instead, and suggests known tags after a comma', async () => {
    const t = await curatorApp()
    await t.request(
      `/articles/${t.ids.carrouselBlog}/annotation`,
      json({ baseVersion: 0, note: '', tags: 'linkedin, carrousel, engagement', commentary: '' }),
    )
    const id = t.ids.carrouselMedia
    const page = await browserPage(t.request, `/articles/${id}`, 'reader.js')
    const doc = page.document
    const tags = doc.getElementById('tags') as HTMLInputElement
    page.type(tags, 'LinkedIn, c')
    const options = [...doc.querySelectorAll<HTMLOptionElement>('#known-tags option')].map(
      (o) => o.value,
    )
    expect(options).toEqual(['LinkedIn, carrousel'])

    await t.request(
      `/articles/${id}/annotation`,
      json({ baseVersion: 0, note: 'Déjà noté ailleurs', tags: 'veille', commentary: '' }),
    )
    await until(() => !!doc.querySelector('.conflict.live'))
    const buttons = doc.querySelectorAll<HTMLButtonElement>('.conflict.live button')
    buttons[1]!.click()
    expect((doc.getElementById('note') as HTMLTextAreaElement).value).toBe('Déjà noté ailleurs')
    expect(tags.value).toBe('veille')
    expect(doc.querySelector<HTMLInputElement>('input[name="baseVersion"]')!.value).toBe('1')
  })
})
