// Numbers are written as the page's language writes them: "12 345" and "0,3" in French, "12,345"
// and "0.3" in English, in translated sentences (the profile form's help) and in the form's values.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { sectors } from '../../db/schema.ts'
import { translator } from '../../web/i18n/index.ts'
import { formatFieldNumber, formatNumber } from '../../web/i18n/number.ts'
import { getSector } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'

const SECTOR = 'community-management'
const NNBSP = '\u202f'

describe('numbers in the interface language', () => {
  it('are grouped and given their decimal mark by every translation', () => {
    expect(translator('fr')('search.results', { n: 12345 })).toBe(`12${NNBSP}345 résultats`)
    expect(translator('en')('search.results', { n: 12345 })).toBe('12,345 results')
    expect(translator('fr')('reason.liked_source', { n: 1500 })).toBe(
      `source appréciée (1${NNBSP}500 décisions)`,
    )
    // Strings are left as they are (a template placeholder, a name with digits).
    expect(translator('fr')('search.results', { n: '{n}' })).toBe('{n} résultats')
    expect(formatNumber('fr', 0.25)).toBe('0,25')
    expect(formatNumber('en', 0.25)).toBe('0.25')
    expect(formatNumber('fr', 2.5, 2)).toBe('2,50')
    // A form field keeps the decimal mark but no grouping, so that it reads back as typed.
    expect(formatFieldNumber('fr', 1234.5)).toBe('1234,5')
    expect(formatFieldNumber('en', 1234.5)).toBe('1234.5')
  })

  it("agree with their noun by the language's own plural rules", () => {
    const fr = translator('fr')
    const en = translator('en')
    expect(fr('queue.count', { n: 1 })).toBe('1 sujet')
    // French puts zero in the singular, English in the plural.
    expect(fr('queue.count', { n: 0 })).toBe('0 sujet')
    expect(fr('queue.count', { n: 2 })).toBe('2 sujets')
    expect(en('queue.count', { n: 1 })).toBe('1 story')
    expect(en('queue.count', { n: 0 })).toBe('0 stories')
    expect(en('search.results', { n: 1 })).toBe('1 result')
    expect(fr('sources.fetched.ok', { n: 1 })).toBe('collecté, 1 nouvel article.')
    expect(fr('sources.fetched.ok', { n: 3 })).toBe('collecté, 3 nouveaux articles.')
    expect(en('directory.citationsLine', { n: 1, citations: 4 })).toBe('4 from 1 source')
    expect(fr('directory.citationsLine', { n: 3, citations: 1500 })).toBe(
      `1${NNBSP}500 par 3 sources`,
    )
    // A template for the browser keeps its placeholder and the general form.
    expect(fr('queue.count', { n: '{n}' })).toBe('{n} sujets')
  })

  it('are French in the profile form (help and values) and English once switched', async () => {
    const t = await testApp({ role: 'admin' })
    const stored = (await getSector(t.db.db, SECTOR))!.profile as Record<string, unknown> & {
      topics: { weight: number }[]
    }
    const profile = {
      ...stored,
      freshnessWeight: 0.25,
      topics: stored.topics.map((topic, i) => (i === 0 ? { ...topic, weight: 1.5 } : topic)),
    }
    await t.db.db.update(sectors).set({ profile }).where(eq(sectors.slug, SECTOR))

    const fr = await (await t.request(`/sources/profile?sector=${SECTOR}`)).text()
    expect(fr).toContain('entre 0 et 0,3 (vide : 0,15)')
    expect(fr).toContain('entre 0 et 1, le score des cartes divisé par 100 (vide : 0,2)')
    expect(fr).toMatch(/name="freshness_weight"[^>]*value="0,25"/)
    expect(fr).toMatch(/id="topic-0-weight"[^>]*value="1,5"/)
    expect(fr).not.toContain('0.3')

    const switched = await t.request('/account/locale', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'en', back: '/sources/profile' }),
    })
    expect(switched.status).toBe(303)
    const en = await (await t.request(`/sources/profile?sector=${SECTOR}`)).text()
    expect(en).toContain('between 0 and 0.3 (blank: 0.15)')
    expect(en).toMatch(/name="freshness_weight"[^>]*value="0.25"/)
    expect(en).toMatch(/id="topic-0-weight"[^>]*value="1.5"/)
  })
})
