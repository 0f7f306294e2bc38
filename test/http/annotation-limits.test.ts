// One rule for the annotation's limits (ANNOTATION_LIMITS): the reader's form, its script and the API
// all refuse the same edits, naming the field and the limit, and none of them cuts text silently.
import { describe, expect, it } from 'vitest'
import { ANNOTATION_LIMITS as L, saveAnnotation } from '../../src/curate/index.ts'
import { AppError } from '../../src/lib/errors.ts'
import { getAnnotation } from '../../src/store/index.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'

const json = (method: string, body: unknown, accept = 'application/json'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', accept },
  body: JSON.stringify(body),
})
const tags = (n: number) => Array.from({ length: n }, (_, i) => `étiquette ${i + 1}`)
const plain = (s: string) => s.replace(/\s/g, ' ')

describe('annotation limits', () => {
  it('saves exactly at every limit, and refuses one over, with the field and the limit', async () => {
    const t = await curatorApp()
    const id = t.ids.moderationFr
    const db = t.deps.db
    const full = {
      note: 'n'.repeat(L.note),
      commentary: 'c'.repeat(L.commentary),
      tags: [...tags(L.tags - 1), 't'.repeat(L.tag)],
      baseVersion: 0,
    }
    const saved = await saveAnnotation(db, id, full, null, new Date())
    expect(saved.note.length).toBe(L.note)
    expect(saved.tags).toHaveLength(L.tags)

    const overs: [Partial<typeof full>, string, number][] = [
      [{ note: 'n'.repeat(L.note + 1) }, 'note', L.note],
      [{ commentary: 'c'.repeat(L.commentary + 1) }, 'commentary', L.commentary],
      [{ tags: tags(L.tags + 1) }, 'tags', L.tags],
      [{ tags: ['t'.repeat(L.tag + 1)] }, 'tag', L.tag],
    ]
    for (const [edit, field, limit] of overs) {
      const err = await saveAnnotation(
        db,
        id,
        { ...full, ...edit, baseVersion: 1 },
        null,
        new Date(),
      ).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).details).toMatchObject({ field, limit })
    }
    // Duplicates and a leading # do not count twice: the limit is on tags as they are saved.
    const dupes = [...tags(L.tags), ...tags(L.tags).map((x) => `#${x.toUpperCase()}`)]
    const again = await saveAnnotation(
      db,
      id,
      { ...full, tags: dupes, baseVersion: 1 },
      null,
      new Date(),
    )
    expect(again.tags).toHaveLength(L.tags)
    expect((await getAnnotation(db, id))!.version).toBe(2)
  })

  it('the reader script gets a 400 naming the field and limit; the plain form gets the page back with the edit', async () => {
    const t = await curatorApp()
    const id = t.ids.reelsEn
    const long = 'é'.repeat(L.note + 3)
    const script = await t.request(
      `/articles/${id}/annotation`,
      json('POST', { baseVersion: 0, note: long, tags: 'reels', commentary: '' }),
    )
    expect(script.status).toBe(400)
    expect(await script.json()).toMatchObject({
      error: 'validation_failed',
      details: { field: 'note', limit: L.note, actual: L.note + 3 },
    })

    const page = await t.request(
      `/articles/${id}/annotation`,
      form({
        baseVersion: '0',
        note: 'Une note',
        tags: tags(L.tags + 5).join(', '),
        commentary: '',
      }),
    )
    expect(page.status).toBe(400)
    const html = plain(await page.text())
    expect(html).toContain(
      `Étiquettes : ${L.tags + 5} étiquettes pour ${L.tags} au plus. Non enregistré : votre texte reste ici.`,
    )
    expect(html).toContain('>Une note</textarea>')
    expect(html).toContain(`value="${tags(L.tags + 5).join(', ')}"`)
    expect(await getAnnotation(t.deps.db, id)).toBeNull()
  })

  it('the API refuses the same edits with its validation body, and documents the limits', async () => {
    const t = await curatorApp()
    const id = t.ids.carrouselBlog
    const base = { baseVersion: 0, note: '', tags: [], commentary: '' }
    for (const [edit, field] of [
      [{ note: 'x'.repeat(L.note + 1) }, 'note'],
      [{ commentary: 'x'.repeat(L.commentary + 1) }, 'commentary'],
      [{ tags: tags(L.tags + 1) }, 'tags'],
      [{ tags: ['x'.repeat(L.tag + 1)] }, 'tags.0'],
    ] as const) {
      const res = await t.request(
        `/api/articles/${id}/annotation`,
        json('PUT', { ...base, ...edit }),
      )
      expect(res.status).toBe(400)
      expect((await res.json()).field).toBe(field)
    }
    const ok = await t.request(
      `/api/articles/${id}/annotation`,
      json('PUT', { ...base, note: 'x'.repeat(L.note), tags: tags(L.tags) }),
    )
    expect(ok.status).toBe(200)
    const doc = await (await t.request('/api/openapi.json')).json()
    const input = doc.components.schemas.AnnotationInput.properties
    expect(input.note.maxLength).toBe(L.note)
    expect(input.tags.maxItems).toBe(L.tags)
    expect(input.tags.items.maxLength).toBe(L.tag)
  })
})
