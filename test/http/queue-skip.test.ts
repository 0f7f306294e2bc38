// "Passer" (skip): a story the curator has seen and leaves for today goes out of the queue without
// teaching the sector's model anything, one card at a time or a whole page at once, with undo.
import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { articleScores, articles } from '../../db/schema.ts'
import { getModel } from '../../src/store/index.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { carrouselBlog, NOW, SECTOR } from '../fixtures/http/curator-articles.ts'

const cardIds = (html: string) =>
  [...html.matchAll(/<article class="story-card" id="card-(\d+)"/g)].map((m) => Number(m[1]))
const skipForm = (html: string) =>
  html.match(
    /<form method="post" action="\/queue\/dismiss" class="skip-page-form">[\s\S]*?<\/form>/,
  )?.[0] ?? null
const olderForm = (html: string) =>
  html.match(
    /<form method="post" action="\/queue\/dismiss" class="skip-older-form">[\s\S]*?<\/form>/,
  )?.[0] ?? null
const fieldOf = (formHtml: string, name: string) =>
  formHtml.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1]?.replace(/&amp;/g, '&') ?? null

describe('skipping stories', () => {
  it('takes one card out of the queue with nothing learned, and undoes it', async () => {
    const t = await curatorApp()
    const modelBefore = await getModel(t.db.db, SECTOR)
    const id = t.ids.reelsEn
    const res = await t.request(
      `/queue/${id}/decision`,
      form({ action: 'dismiss', back: `/queue?sector=${SECTOR}` }),
    )
    expect(res.status).toBe(303)
    const after = await (await t.request(res.headers.get('location')!)).text()
    expect(cardIds(after)).not.toContain(id)
    expect(after).toContain('Article passé.')
    expect(after).toContain(`action="/queue/${id}/decision" class="undo"`)
    // A rejection would have taught the model; a skip leaves it as it was.
    expect(await getModel(t.db.db, SECTOR)).toEqual(modelBefore)
    const [row] = await t.db.db
      .select({ status: articles.status })
      .from(articles)
      .where(eq(articles.id, id))
    expect(row!.status).toBe('dismissed')

    await t.request(`/queue/${id}/decision`, form({ action: 'reset' }))
    expect(cardIds(await (await t.request('/queue')).text())).toContain(id)
    expect(await getModel(t.db.db, SECTOR)).toEqual(modelBefore)
  })

  it('skips the whole page from the button under the cards, says how many, and undoes only what is still skipped', async () => {
    const t = await curatorApp()
    const modelBefore = await getModel(t.db.db, SECTOR)
    const page = await (await t.request(`/queue?sector=${SECTOR}`)).text()
    const shown = cardIds(page)
    expect(shown).toHaveLength(5)
    const button = skipForm(page)!
    expect(button).toContain('Passer les 5 sujets de cette page')
    expect(page).toContain('Vigie n’en apprend rien')
    expect(fieldOf(button, 'ids')!.split(',').map(Number)).toEqual(shown)

    const res = await t.request(
      '/queue/dismiss',
      form({ sector: SECTOR, ids: fieldOf(button, 'ids')!, back: fieldOf(button, 'back')! }),
    )
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/queue\?sector=community-management&skipped=/)
    const after = await (await t.request(location)).text()
    expect(cardIds(after)).toEqual([])
    expect(after).toContain('5 sujets passés.')
    // Nothing left on the page to skip.
    expect(skipForm(after)).toBeNull()
    expect(await getModel(t.db.db, SECTOR)).toEqual(modelBefore)

    // Meanwhile one of them was approved from the reader: the undo leaves that decision alone.
    await t.request(`/queue/${shown[1]}/decision`, form({ action: 'approve' }))
    const undo = after.match(
      /<form method="post" action="\/queue\/dismiss" class="undo">[\s\S]*?<\/form>/,
    )![0]
    // The undo names the skip's decisions, not the articles: it is as short for a thousand.
    expect(fieldOf(undo, 'undo')).toMatch(/^\d+-\d+$/)
    expect(fieldOf(undo, 'ids')).toBeNull()
    const undone = await t.request(
      '/queue/dismiss',
      form({ sector: SECTOR, undo: fieldOf(undo, 'undo')!, back: fieldOf(undo, 'back')! }),
    )
    const restored = await (await t.request(undone.headers.get('location')!)).text()
    expect(restored).toContain('4 sujets remis dans la file.')
    expect(cardIds(restored).sort()).toEqual(shown.filter((id) => id !== shown[1]).sort())
    const [approved] = await t.db.db
      .select({ status: articles.status })
      .from(articles)
      .where(eq(articles.id, shown[1]!))
    expect(approved!.status).toBe('approved')
  })

  it('skips only undecided articles of the named sector, and refuses a malformed list', async () => {
    const t = await curatorApp()
    await t.request(`/queue/${t.ids.tarteFr}/decision`, form({ action: 'reject' }))
    const res = await t.request(
      '/queue/dismiss',
      form({ sector: SECTOR, ids: `${t.ids.tarteFr},${t.ids.reelsEn},999999` }),
    )
    expect(res.headers.get('location')).toMatch(/^\/queue\?skipped=\d+-\d+$/)
    expect(await (await t.request(res.headers.get('location')!)).text()).toContain('1 sujet passé.')
    const statuses = await t.db.db
      .select({ id: articles.id, status: articles.status })
      .from(articles)
    expect(statuses.find((a) => a.id === t.ids.tarteFr)!.status).toBe('rejected')
    expect(statuses.find((a) => a.id === t.ids.reelsEn)!.status).toBe('dismissed')

    for (const ids of [
      'x',
      '1;2',
      '1,,2',
      'abc',
      Array.from({ length: 201 }, (_, i) => i + 1).join(','),
    ]) {
      const bad = await t.request('/queue/dismiss', form({ sector: SECTOR, ids }))
      expect(bad.status, ids.slice(0, 20)).toBe(400)
    }
    expect((await t.request('/queue/dismiss', form({ sector: 'nowhere', ids: '1' }))).status).toBe(
      404,
    )
    // The notice of an address from before skips were named by their decisions is left out, not an error.
    const old = await t.request(`/queue?sector=${SECTOR}&skipped=${t.ids.reelsEn},${t.ids.tarteFr}`)
    expect(old.status).toBe(200)
    expect(await old.text()).not.toContain('class="undo"')
    // One of: a list, an age, an undo; and an undo names a range of decisions.
    for (const fields of [
      {} as Record<string, string>,
      { ids: '1', olderThan: '2' },
      { olderThan: '0' },
      { olderThan: '31' },
      { olderThan: 'deux' },
      { undo: '5-3' },
      { undo: '1,2' },
    ]) {
      const bad = await t.request('/queue/dismiss', form({ sector: SECTOR, ...fields }))
      expect(bad.status, JSON.stringify(fields)).toBe(400)
    }
  })

  it('skips everything older than some days, with the queue’s filters, and keeps a story covered again since', async () => {
    // The carousel study (3 h and 2 h ago) was first covered 30 hours ago by a third source.
    const t = await curatorApp('curator', {
      extra: [
        {
          title: 'Étude LinkedIn : les carrousels gagnent 35 % d’engagement',
          text: carrouselBlog.text,
          lang: 'fr',
          publishedAt: new Date(NOW.getTime() - 30 * 3_600_000),
          source: 'Veille sociale',
        },
      ],
    })
    const [earlyCarrousel] = t.extraIds
    const stories = await t.db.db
      .select({ id: articleScores.articleId, story: articleScores.storyId })
      .from(articleScores)
    const storyIdOf = (id: number) => stories.find((r) => r.id === id)!.story
    expect(storyIdOf(earlyCarrousel!)).toBe(storyIdOf(t.ids.carrouselBlog))
    const page = await (await t.request(`/queue?sector=${SECTOR}`)).text()
    const older = olderForm(page)!
    expect(older).toContain('Passer tout ce qui a plus de')
    expect(older).toMatch(/<option value="2" selected="">2 jours<\/option>/)
    const storyOf = async (id: number) =>
      (await (await t.request(`/api/articles/${id}`)).json()) as { status: string }

    // Filtered on English: the form carries the filter, and the only article over a day old is French,
    // so nothing is skipped.
    const enPage = await (await t.request(`/queue?sector=${SECTOR}&lang=en`)).text()
    const enForm = olderForm(enPage)!
    expect(fieldOf(enForm, 'lang')).toBe('en')
    expect(fieldOf(enForm, 'source')).toBeNull()
    const english = await t.request(
      '/queue/dismiss',
      form({
        sector: SECTOR,
        olderThan: '1',
        lang: fieldOf(enForm, 'lang')!,
        back: fieldOf(enForm, 'back')!,
      }),
    )
    expect(english.headers.get('location')).toBe(`/queue?sector=${SECTOR}&lang=en`)
    expect((await storyOf(t.ids.moderationFr)).status).toBe('new')

    const res = await t.request(
      '/queue/dismiss',
      form({ sector: SECTOR, olderThan: '1', back: fieldOf(older, 'back')! }),
    )
    const after = await (await t.request(res.headers.get('location')!)).text()
    expect(after).toContain('1 sujet passé.')
    expect(cardIds(after)).not.toContain(t.ids.moderationFr)
    expect((await storyOf(t.ids.moderationFr)).status).toBe('dismissed')
    // 30 hours old, but its story was covered again 3 hours ago: it stays, and so does its card.
    expect((await storyOf(earlyCarrousel!)).status).toBe('new')
    expect(cardIds(after)).toContain(t.ids.carrouselBlog)
    expect((await storyOf(t.ids.reelsEn)).status).toBe('new')

    const undo = after.match(
      /<form method="post" action="\/queue\/dismiss" class="undo">[\s\S]*?<\/form>/,
    )![0]
    const undone = await t.request(
      '/queue/dismiss',
      form({ sector: SECTOR, undo: fieldOf(undo, 'undo')!, back: fieldOf(undo, 'back')! }),
    )
    expect(await (await t.request(undone.headers.get('location')!)).text()).toContain(
      '1 sujet remis dans la file.',
    )
    expect((await storyOf(t.ids.moderationFr)).status).toBe('new')

    // The same through the API, over the whole queue.
    const api = await t.request('/api/queue/dismiss', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sector: SECTOR, olderThanDays: 1 }),
    })
    expect(await api.json()).toEqual({ sector: SECTOR, articleIds: [t.ids.moderationFr] })
  })

  it('is offered to curators only, and through the JSON API in bulk', async () => {
    const viewer = await curatorApp('viewer')
    const page = await (await viewer.request(`/queue?sector=${SECTOR}`)).text()
    expect(skipForm(page)).toBeNull()
    expect(page).not.toContain('value="dismiss"')
    const refused = await viewer.request(
      '/queue/dismiss',
      form({ sector: SECTOR, ids: String(viewer.ids.reelsEn) }),
    )
    expect(refused.status).toBe(403)

    const t = await curatorApp()
    const api = (body: unknown) =>
      t.request('/api/queue/dismiss', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const ids = [t.ids.reelsEn, t.ids.tarteFr]
    const skipped = await api({ sector: SECTOR, articleIds: ids })
    expect(skipped.status).toBe(200)
    expect(await skipped.json()).toEqual({ sector: SECTOR, articleIds: ids.sort((a, b) => a - b) })
    const queue = (await (await t.request(`/api/queue?sector=${SECTOR}`)).json()) as {
      stories: { id: number }[]
    }
    expect(queue.stories.map((s) => s.id)).not.toContain(t.ids.reelsEn)
    const article = (await (await t.request(`/api/articles/${t.ids.reelsEn}`)).json()) as {
      status: string
    }
    expect(article.status).toBe('dismissed')
    const back = await api({ sector: SECTOR, articleIds: [t.ids.reelsEn], undo: true })
    expect(await back.json()).toEqual({ sector: SECTOR, articleIds: [t.ids.reelsEn] })
    expect((await api({ sector: SECTOR, articleIds: [] })).status).toBe(400)
    expect((await api({ sector: SECTOR })).status).toBe(400)
    expect((await api({ sector: SECTOR, articleIds: [1], olderThanDays: 2 })).status).toBe(400)
    expect((await api({ sector: SECTOR, olderThanDays: 2, undo: true })).status).toBe(400)
    expect((await api({ sector: SECTOR, olderThanDays: 0 })).status).toBe(400)
  })
})
