// An alert email's stop link: one click in the mail client (RFC 8058's List-Unsubscribe-Post), or the
// link in the email's footer, stops the alerts of that email without signing in, and nothing else.
import { describe, expect, it } from 'vitest'
import { sendDueSearchAlerts } from '../../src/jobs/search-alerts.ts'
import { searchAlertsOf } from '../../src/store/index.ts'
import { alertingApp, at, PUBLIC_URL, threeAlertedSearches } from '../fixtures/http/alerting-app.ts'
import { form } from '../fixtures/http/curator-app.ts'
import { parseMail } from '../helpers/smtp-server.ts'

/** "carrousels" and "threads" alerted, both with news, and "podcast" alerted with none: one email. */
async function mailedAlerts() {
  const t = await alertingApp()
  await threeAlertedSearches(t)
  t.clock.set(at(2))
  expect(await sendDueSearchAlerts(t.deps)).toHaveLength(2)
  expect(t.smtp.messages).toHaveLength(1)
  const mail = parseMail(t.smtp.messages[0]!.raw)
  const stopUrl = /^<(.+)>$/.exec(mail.header('list-unsubscribe') ?? '')?.[1] ?? ''
  const path = stopUrl.slice(PUBLIC_URL.length)
  // Without a session: what a mail client or a signed-out browser sends.
  const anonymous = (init?: RequestInit) => t.app.request(path, init)
  const alerted = async () => (await searchAlertsOf(t.db.db, t.user.id)).map((a) => a.query)
  return { ...t, mail, stopUrl, path, anonymous, alerted }
}

describe('the stop link of an alert email', () => {
  it('stops the alerts of that email in one click, without signing in', async () => {
    const t = await mailedAlerts()
    expect(t.stopUrl.startsWith(`${PUBLIC_URL}/alerts/stop?t=`)).toBe(true)
    expect(t.mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    expect(t.mail.part('text/plain')).toContain(`Arrêter ces alertes : ${t.stopUrl}`)
    expect(t.mail.part('text/html')).toContain('>Arrêter ces alertes</a>')

    // What a mail client's "unsubscribe" sends: a POST of that body, no cookie, no Origin.
    const stopped = await t.anonymous({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(stopped.status).toBe(200)
    expect(await stopped.text()).toContain('2 alertes arrêtées')
    // The search that found nothing was not in that email: its alert goes on.
    expect(await t.alerted()).toEqual(['podcast'])

    // Sent twice (mail clients retry): nothing more to stop, and it says so.
    const again = await t.anonymous({ method: 'POST', body: 'List-Unsubscribe=One-Click' })
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('Les alertes de ce lien sont déjà arrêtées.')
    expect(await t.alerted()).toEqual(['podcast'])
  })

  it('shows which alerts it stops before the click, in the browser’s language', async () => {
    const t = await mailedAlerts()
    const page = await t.anonymous({ headers: { 'accept-language': 'en-GB,en;q=0.8' } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('This link stops the email alerts of these 2 followed searches:')
    expect(html).toContain('<strong>carrousels</strong>')
    expect(html).toContain('<strong>threads</strong>')
    expect(html).not.toContain('podcast')
    // Opening the link stops nothing: link checkers and previews open links too.
    expect(await t.alerted()).toEqual(['carrousels', 'podcast', 'threads'])

    // The page's button, from a signed-in browser: its token is the proof, no CSRF field needed.
    const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&')
    const res = await t.app.request(action, {
      ...form({}),
      headers: {
        cookie: t.cookie,
        origin: 'http://localhost',
        'content-type': 'application/x-www-form-urlencoded',
      },
    })
    expect(res.status).toBe(200)
    expect(await t.alerted()).toEqual(['podcast'])
  })

  it('works from any signed-in browser, a viewer’s too: the link is the proof', async () => {
    const t = await mailedAlerts()
    const viewer = await t.signIn('viewer')
    const res = await t.app.request(t.path, {
      method: 'POST',
      headers: { cookie: viewer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(res.status).toBe(200)
    expect(await t.alerted()).toEqual(['podcast'])
  })

  it('refuses a forged or altered link, and stops nothing', async () => {
    const t = await mailedAlerts()
    const token = new URL(t.stopUrl).searchParams.get('t')!
    const altered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
    for (const t2 of [altered, 'stop-alerts:1:1', ''])
      for (const method of ['GET', 'POST']) {
        const res = await t.app.request(`/alerts/stop?t=${encodeURIComponent(t2)}`, { method })
        expect(res.status).toBe(404)
      }
    expect(await t.alerted()).toEqual(['carrousels', 'podcast', 'threads'])
  })
})
