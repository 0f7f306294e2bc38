// Email alerts of a followed search: the curator who asks gets, at most once an hour, what the search
// finds among the articles Vigie saw since; through a real SMTP server on 127.0.0.1.
import { eq } from 'drizzle-orm'
import { describe, expect, it, onTestFinished } from 'vitest'
import { searchAlerts } from '../../db/schema.ts'
import { removeUser } from '../../src/auth/index.ts'
import { DIGEST_RETRY_MS, startDigestLoop } from '../../src/jobs/digest-loop.ts'
import { sendDueSearchAlerts } from '../../src/jobs/search-alerts.ts'
import { silentLog } from '../../src/lib/log.ts'
import {
  alertingApp,
  at,
  carousel,
  SEARCH,
  threeAlertedSearches,
} from '../fixtures/http/alerting-app.ts'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { NOW, SECTOR } from '../fixtures/http/curator-articles.ts'
import { seedArticles } from '../helpers/seed.ts'
import { closedPort, mailerFor, parseMail } from '../helpers/smtp-server.ts'

describe('email alerts of a followed search', () => {
  it('sends the curator who asked what Vigie saw since, a late-crawled article too, once an hour at most', async () => {
    const t = await alertingApp()
    const page = await (await t.request(SEARCH)).text()
    expect(page).toContain(`action="/search/followed/${t.searchId}/alert"`)
    expect(page).toContain('M’alerter par e-mail')
    const on = await t.request(`/search/followed/${t.searchId}/alert`, form({ alert: 'on' }))
    expect(on.status).toBe(303)
    expect(on.headers.get('location')).toBe(SEARCH)
    expect(await (await t.request(SEARCH)).text()).toContain(
      `Alerte par e-mail à ${t.user.email}. Vous la recevez au plus une fois par heure.`,
    )
    // Within the hour, and nothing new anyway: no mail.
    t.clock.set(at(0.5))
    expect(await sendDueSearchAlerts(t.deps)).toEqual([])

    const [fresh, , late] = await seedArticles(t.db, SECTOR, [
      carousel('Carrousels LinkedIn : une étude confirme leur avance', at(1)),
      { ...carousel('Recette du clafoutis aux cerises', at(1)), text: 'Une recette de saison.' },
      // Published two days ago, crawled only now: new to the curator all the same.
      carousel('Carrousels : ce que les marques B2B en tirent', at(-48), at(1.5)),
    ])
    await t.reindex()
    t.clock.set(at(2))
    expect(await sendDueSearchAlerts(t.deps)).toEqual([
      { state: 'sent', searchId: t.searchId, userId: t.user.id, articles: 2 },
    ])
    expect(t.smtp.messages).toHaveLength(1)
    const mail = parseMail(t.smtp.messages[0]!.raw)
    expect(t.smtp.messages[0]!.to).toEqual([t.user.email])
    expect(mail.header('subject')).toBe('Vigie · « carrousels » : 2 nouveaux articles')
    // Mail clients offer to stop it in one click (search-alert-stop.test.ts follows that link).
    expect(mail.header('list-unsubscribe')).toMatch(
      /^<https:\/\/vigie\.example\.org\/alerts\/stop\?t=[\w.-]+>$/,
    )
    const text = mail.part('text/plain')!
    expect(text).toContain('Carrousels LinkedIn : une étude confirme leur avance')
    expect(text).toContain('Carrousels : ce que les marques B2B en tirent')
    // Each with the start of what it says.
    expect(text).toContain('  Les carrousels restent le format le plus commenté sur LinkedIn')
    // What Vigie held before the alert was turned on is not in it.
    expect(text).not.toContain('progresse de 35 %')
    expect(text).toContain(
      'https://vigie.example.org/search?sector=community-management&q=carrousels',
    )
    expect(text).toContain(
      'Fréquence ou arrêt de vos alertes : https://vigie.example.org/account/alerts',
    )
    expect(fresh && late).toBeTruthy()

    // Sent: nothing again until something new comes, however often the loop checks.
    expect(await sendDueSearchAlerts(t.deps)).toEqual([])
    t.clock.set(at(4))
    expect(await sendDueSearchAlerts(t.deps)).toEqual([])
    expect(t.smtp.messages).toHaveLength(1)

    // Stopped: a new match sends nothing.
    const off = await t.request(`/search/followed/${t.searchId}/alert`, form({ alert: 'off' }))
    expect(off.status).toBe(303)
    expect(await (await t.request(SEARCH)).text()).toContain('M’alerter par e-mail')
    await seedArticles(t.db, SECTOR, [carousel('Carrousels : le retour', at(4.5))])
    await t.reindex()
    t.clock.set(at(6))
    expect(await sendDueSearchAlerts(t.deps)).toEqual([])
    expect(t.smtp.messages).toHaveLength(1)
  })

  it('tries again after a failed send, and two processes send it once', async () => {
    const t = await alertingApp()
    // Through the API this time.
    const put = await t.request(`/api/searches/followed/${t.searchId}/alert`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ alert: true }),
    })
    expect(put.status).toBe(200)
    expect((await put.json()).search).toMatchObject({
      id: t.searchId,
      alertRecipients: [t.user.email],
    })
    await seedArticles(t.db, SECTOR, [carousel('Carrousels LinkedIn : une étude confirme', at(1))])
    await t.reindex()
    t.clock.set(at(2))
    const down = { ...t.deps, mailer: mailerFor(`smtp://127.0.0.1:${await closedPort()}`) }
    const [failed] = await sendDueSearchAlerts(down)
    expect(failed).toMatchObject({ state: 'failed', searchId: t.searchId })
    // The claim is given back: what it found is still to send.
    const [row] = await t.db.db
      .select({ until: searchAlerts.alertedUntil })
      .from(searchAlerts)
      .where(eq(searchAlerts.searchId, t.searchId))
    expect(row!.until.getTime()).toBe(NOW.getTime())

    const both = await Promise.all([sendDueSearchAlerts(t.deps), sendDueSearchAlerts(t.deps)])
    expect(both.flat()).toEqual([
      { state: 'sent', searchId: t.searchId, userId: t.user.id, articles: 1 },
    ])
    expect(t.smtp.messages).toHaveLength(1)
  })

  it('offers no alert without a mail server, and refuses an unknown search', async () => {
    const t = await curatorApp()
    await t.request('/search/follow', form({ sector: SECTOR, q: 'carrousels' }))
    const page = await (await t.request(SEARCH)).text()
    expect(page).toContain('Les alertes par e-mail demandent un serveur d’envoi (VIGIE_SMTP_URL).')
    expect(page).not.toContain('/alert"')
    // Asked for all the same (an old page, a script): refused, and nothing is switched on.
    expect((await t.request('/search/followed/1/alert', form({ alert: 'on' }))).status).toBe(409)
    const api = await t.request('/api/searches/followed/1/alert', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ alert: true }),
    })
    expect(api.status).toBe(409)
    expect(
      (await (await t.request(`/api/searches/followed?sector=${SECTOR}`)).json()).searches,
    ).toMatchObject([{ query: 'carrousels', alertRecipients: [] }])
    expect((await t.request('/search/followed/9999/alert', form({ alert: 'off' }))).status).toBe(
      404,
    )
    expect((await t.request('/search/followed/1/alert', form({ alert: 'yes' }))).status).toBe(400)
    // No mailer: the loop sends nothing and fails nothing.
    expect(
      await sendDueSearchAlerts({
        db: t.deps.db,
        clock: t.clock,
        log: silentLog,
        search: t.deps.search,
        mailer: null,
      }),
    ).toEqual([])
  })

  it('is sent by the server’s mail loop, which waits before trying a failed one again', async () => {
    const t = await alertingApp()
    await t.request(`/search/followed/${t.searchId}/alert`, form({ alert: 'on' }))
    await seedArticles(t.db, SECTOR, [carousel('Carrousels LinkedIn : une étude confirme', at(1))])
    await t.reindex()
    t.clock.set(at(2))
    const loopDeps = {
      ...t.deps,
      scoring: t.scoring,
      owner: 'test:1:aa',
      mailer: mailerFor(`smtp://127.0.0.1:${await closedPort()}`),
    }
    const loop = startDigestLoop(loopDeps)
    onTestFinished(() => loop.stop())
    await loop.checkNow()
    expect(t.smtp.messages).toHaveLength(0)
    loopDeps.mailer = t.deps.mailer!
    t.clock.set(new Date(at(2).getTime() + 60_000))
    await loop.checkNow()
    expect(t.smtp.messages).toHaveLength(0)
    t.clock.set(new Date(at(2).getTime() + DIGEST_RETRY_MS))
    await loop.checkNow()
    expect(t.smtp.messages).toHaveLength(1)
  })

  it('is written in the curator’s language, and stops when their account is removed', async () => {
    const t = await alertingApp()
    await t.request(`/search/followed/${t.searchId}/alert`, form({ alert: 'on' }))
    await t.request('/account/locale', form({ locale: 'en' }))
    await seedArticles(t.db, SECTOR, [carousel('Carrousels LinkedIn : une étude confirme', at(1))])
    await t.reindex()
    t.clock.set(at(2))
    expect(await sendDueSearchAlerts(t.deps)).toHaveLength(1)
    const mail = parseMail(t.smtp.messages[0]!.raw)
    expect(mail.header('subject')).toBe('Vigie · “carrousels”: 1 new article')
    expect(mail.part('text/plain')).toContain('New articles for the followed search “carrousels”')

    await removeUser(t.db.db, t.user.id)
    await seedArticles(t.db, SECTOR, [carousel('Carrousels : le retour', at(3))])
    await t.reindex()
    t.clock.set(at(5))
    expect(await sendDueSearchAlerts(t.deps)).toEqual([])
    expect(t.smtp.messages).toHaveLength(1)
  })

  it('goes to each curator who asks, each in their language, until they stop theirs', async () => {
    const t = await alertingApp()
    await t.request(`/search/followed/${t.searchId}/alert`, form({ alert: 'on' }))
    const other = await t.signIn('curator')
    await other.request('/account/locale', form({ locale: 'en' }))
    // The second curator sees who gets it, and asks for theirs: the first one keeps theirs.
    const before = await (await other.request(SEARCH)).text()
    expect(before).toContain(`Email alert to ${t.user.email}.`)
    expect(before).toContain('Email me')
    await other.request(`/search/followed/${t.searchId}/alert`, form({ alert: 'on' }))
    const both = `Alerte par e-mail à ${t.user.email}, ${other.user.email}.`
    const mine = await (await t.request(SEARCH)).text()
    expect(mine).toContain(both)
    expect(mine).toContain('Arrêter mon alerte')
    expect(await (await other.request(SEARCH)).text()).toContain('Stop my alert')

    await seedArticles(t.db, SECTOR, [carousel('Carrousels LinkedIn : une étude confirme', at(1))])
    await t.reindex()
    t.clock.set(at(2))
    expect((await sendDueSearchAlerts(t.deps)).map((r) => [r.state, r.userId])).toEqual([
      ['sent', t.user.id],
      ['sent', other.user.id],
    ])
    const subjects = new Map(
      t.smtp.messages.map((m) => [m.to[0], parseMail(m.raw).header('subject')]),
    )
    expect(subjects).toEqual(
      new Map([
        [t.user.email, 'Vigie · « carrousels » : 1 nouvel article'],
        [other.user.email, 'Vigie · “carrousels”: 1 new article'],
      ]),
    )

    // The second stops theirs: the first still gets the next one.
    await other.request(`/search/followed/${t.searchId}/alert`, form({ alert: 'off' }))
    expect(await (await t.request(SEARCH)).text()).toContain(
      `Alerte par e-mail à ${t.user.email}. Vous la recevez au plus une fois par heure.`,
    )
    await seedArticles(t.db, SECTOR, [carousel('Carrousels : le retour', at(2.5))])
    await t.reindex()
    t.clock.set(at(4))
    await sendDueSearchAlerts(t.deps)
    expect(t.smtp.messages.slice(2).map((m) => m.to)).toEqual([[t.user.email]])

    // No longer followed: no alert is left behind.
    await t.request(`/search/followed/${t.searchId}/delete`, form({}))
    expect(await t.db.db.select().from(searchAlerts)).toEqual([])
  })

  it('sends a curator one email for all their searches that found something', async () => {
    const t = await alertingApp()
    const [, threads] = await threeAlertedSearches(t)
    t.clock.set(at(2))
    const sent = await sendDueSearchAlerts(t.deps)
    // The search with nothing new ("podcast") is checked, not mailed.
    expect(sent.map((r) => [r.state, r.searchId])).toEqual([
      ['sent', t.searchId],
      ['sent', threads!.id],
    ])
    expect(t.smtp.messages).toHaveLength(1)
    const mail = parseMail(t.smtp.messages[0]!.raw)
    expect(mail.header('subject')).toBe('Vigie · 2 recherches suivies : 2 nouveaux articles')
    const text = mail.part('text/plain')!
    expect(text).toContain('« carrousels »')
    expect(text).toContain('Carrousels LinkedIn : une étude confirme')
    expect(text).toContain('« threads »')
    expect(text).toContain('Threads ouvre son API aux outils de publication')
    expect(text).not.toContain('« podcast »')
  })

  it('can come once a day, and is listed, changed and stopped on the curator’s alerts page', async () => {
    const t = await alertingApp()
    const on = await t.request(
      `/search/followed/${t.searchId}/alert`,
      form({ alert: 'on', every: 'day' }),
    )
    expect(on.headers.get('location')).toBe(SEARCH)
    expect(await (await t.request(SEARCH)).text()).toContain('Vous la recevez une fois par jour.')
    await seedArticles(t.db, SECTOR, [carousel('Carrousels LinkedIn : une étude confirme', at(1))])
    await t.reindex()
    // Daily: not after two hours, then once the day is over.
    t.clock.set(at(2))
    expect(await sendDueSearchAlerts(t.deps)).toEqual([])
    t.clock.set(at(24))
    expect((await sendDueSearchAlerts(t.deps)).map((r) => r.state)).toEqual(['sent'])

    const page = await (await t.request('/account/alerts')).text()
    expect(page).toContain('Mes alertes par e-mail')
    expect(page).toContain(`href="${SEARCH.replace(/&/g, '&amp;')}"`)
    expect(page).toMatch(/<option value="day" selected="">Une fois par jour<\/option>/)
    // Made hourly from there, and back to that page.
    const hourly = await t.request(
      `/search/followed/${t.searchId}/alert`,
      form({ alert: 'on', every: 'hour', back: '/account/alerts' }),
    )
    expect(hourly.headers.get('location')).toBe('/account/alerts')
    expect(await (await t.request('/account/alerts')).text()).toMatch(
      /<option value="hour" selected="">Au plus une fois par heure<\/option>/,
    )
    // Asked on again from the search page (another tab): it keeps its frequency and its clock.
    await t.request(`/search/followed/${t.searchId}/alert`, form({ alert: 'on' }))
    const [row] = await t.db.db.select().from(searchAlerts)
    expect(row).toMatchObject({ every: 'hour', alertedUntil: at(24) })
    // Through the API too.
    const putEvery = (every: string) =>
      t.request(`/api/searches/followed/${t.searchId}/alert`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ alert: true, every }),
      })
    expect((await putEvery('day')).status).toBe(200)
    expect((await t.db.db.select().from(searchAlerts))[0]!.every).toBe('day')
    expect((await putEvery('week')).status).toBe(400)
    expect((await t.db.db.select().from(searchAlerts))[0]!.every).toBe('day')

    await t.request(
      `/search/followed/${t.searchId}/alert`,
      form({ alert: 'off', back: '/account/alerts' }),
    )
    expect(await (await t.request('/account/alerts')).text()).toContain('Aucune alerte.')
    // Elsewhere than Vigie's own pages: back to the search instead.
    const outside = await t.request(
      `/search/followed/${t.searchId}/alert`,
      form({ alert: 'off', back: 'https://evil.example/' }),
    )
    expect(outside.headers.get('location')).toBe(SEARCH)
    expect(
      (
        await t.request(
          `/search/followed/${t.searchId}/alert`,
          form({ alert: 'on', every: 'week' }),
        )
      ).status,
    ).toBe(400)
    const viewer = await t.signIn('viewer')
    expect((await viewer.request('/account/alerts')).status).toBe(403)
  })
})
