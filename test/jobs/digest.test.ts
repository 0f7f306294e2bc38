import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { sectors } from '../../db/schema.ts'
import { saveAnnotation } from '../../src/curate/index.ts'
import { escapeHtml, renderDigest, type Mailer } from '../../src/digest/index.ts'
import { digestOf, sendDigest, sendDueDigests, type DigestDeps } from '../../src/jobs/digest.ts'
import { DIGEST_RETRY_MS, startDigestLoop } from '../../src/jobs/digest-loop.ts'
import { shortlistOf } from '../../src/jobs/shortlist.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { getDigestRun, getShortlist, openDb } from '../../src/store/index.ts'
import * as F from '../fixtures/http/curator-articles.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import {
  closedPort,
  mailerFor,
  parseMail,
  startSmtpServer,
  type TestSmtpServer,
} from '../helpers/smtp-server.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = F.SECTOR
const TO = ['curator@vigie.test', 'team@vigie.test']
const MINUTE = 60_000

const cleanups: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function smtpServer() {
  const s = await startSmtpServer()
  cleanups.push(() => s.close())
  return s
}

/**
 * The curator fixtures published around `now` (as they are around F.NOW), the sector's digest set at
 * 08:00 Paris time, and the sector scored.
 */
async function setup(now: string, mailer: Mailer | null = null) {
  const database = await tempDb()
  const clock = fixedClock(now)
  await seedShippedSectors(database, clock.now())
  const shift = clock.now().getTime() - F.NOW.getTime()
  const ids = await seedArticles(
    database,
    SECTOR,
    F.all.map((a) => ({ ...a, publishedAt: new Date(a.publishedAt.getTime() + shift) })),
  )
  await database.db
    .update(sectors)
    .set({ timezone: 'Europe/Paris', digest: { time: '08:00', to: TO } })
    .where(eq(sectors.slug, SECTOR))
  const scoring = createScoring({ db: database.db, clock, log: silentLog })
  await scoring.rescoreSector(SECTOR)
  const deps: DigestDeps = {
    db: database.db,
    clock,
    log: silentLog,
    scoring,
    mailer,
    owner: 'test:1:aa',
  }
  return { database, clock, scoring, ids, deps }
}

describe('the digest of a day', () => {
  it('is the shortlist the curator sees, with public commentary, never the note or tags', async () => {
    const { deps, clock } = await setup(F.NOW.toISOString())
    const list = await shortlistOf(deps, SECTOR, '2026-11-20', 10)
    expect(list.items.length).toBeGreaterThanOrEqual(4)
    const [first, second, third] = list.items
    await saveAnnotation(
      deps.db,
      first!.id,
      {
        note: 'NOTE PRIVÉE à ne pas diffuser',
        tags: ['tag-interne'],
        commentary: 'Commentaire public :\nà lire <vite>.',
        baseVersion: 0,
      },
      null,
      clock.now(),
    )
    await saveAnnotation(
      deps.db,
      third!.id,
      { note: 'autre note privée', tags: [], commentary: '', baseVersion: 0 },
      null,
      clock.now(),
    )
    await deps.scoring.decide({ articleId: second!.id, action: 'reject' })
    // Skipped since the list was made (seen, passed over): not sent to readers either.
    const fourth = list.items[3]!
    await deps.scoring.decide({ articleId: fourth.id, action: 'dismiss' })

    const digest = await digestOf(deps, SECTOR)
    expect(digest.day).toBe('2026-11-20')
    const expected = list.items.filter((i) => i.id !== second!.id && i.id !== fourth.id)
    expect(digest.items.map((i) => [i.rank, i.title, i.url, i.source])).toEqual(
      expected.map((i) => [i.rank, i.title, i.url, i.source]),
    )
    expect(Object.keys(digest.items[0]!).sort()).toEqual([
      'author',
      'commentary',
      'rank',
      'source',
      'title',
      'url',
    ])
    expect(digest.items[0]!.commentary).toBe('Commentaire public :\nà lire <vite>.')

    const { html, markdown, text } = renderDigest(digest)
    for (const out of [html, markdown, text]) {
      expect(out).not.toMatch(/NOTE PRIVÉE|autre note privée|tag-interne/)
    }
    const positions = expected.map((i) => html.indexOf(escapeHtml(i.title)))
    expect(positions.every((p) => p > 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(html).not.toContain(escapeHtml(second!.title))
    expect(html).toContain('Commentaire public :<br>à lire &lt;vite&gt;.')
    expect(html).toContain(
      `Sélection du vendredi 20 novembre 2026 : ${expected.length} articles retenus.`,
    )
    expect(markdown).toContain(
      `**1.** [LinkedIn : le taux d’engagement des carrousels progresse de 35 %`,
    )
    expect(markdown).toContain('> Commentaire public :  \n> à lire \\<vite\\>.')
    const mdPositions = expected.map((i) => markdown.indexOf(`**${i.rank}.** `))
    expect(mdPositions).toEqual([...mdPositions].sort((a, b) => a - b))
  })

  it('says so on a day without a shortlist, and a day to come is never produced', async () => {
    const { deps } = await setup(F.NOW.toISOString())
    const quiet = await digestOf(deps, SECTOR, '2026-10-01')
    expect(quiet.items).toEqual([])
    expect(renderDigest(quiet).html).toContain('Pas de sélection pour ce jour.')
    expect((await digestOf(deps, SECTOR, '2026-11-21')).items).toEqual([])
    // Nothing saved that would freeze tomorrow's list with today's articles.
    expect(await getShortlist(deps.db, SECTOR, '2026-11-21')).toBeNull()
    await expect(digestOf(deps, SECTOR, '20-11-2026')).rejects.toThrow(/not a date/)
  })
})

describe('sending the digest', () => {
  it('emails the sector’s recipients once: subject, HTML part and text part', async () => {
    const smtp = await smtpServer()
    const { deps } = await setup(F.NOW.toISOString(), mailerFor(smtp.url))
    const result = await sendDigest(deps, SECTOR)
    expect(result).toEqual({
      state: 'sent',
      sector: SECTOR,
      day: '2026-11-20',
      recipients: 2,
      rejected: [],
    })
    expect(smtp.messages).toHaveLength(1)
    const [got] = smtp.messages
    expect(got!.to).toEqual(TO)
    const mail = parseMail(got!.raw)
    expect(mail.header('subject')).toBe(
      'Community management & social media : sélection du vendredi 20 novembre 2026',
    )
    expect(mail.type).toBe('multipart/alternative')
    expect(mail.part('text/html')).toMatch(/^<!DOCTYPE html>[\s\S]*LinkedIn : le taux d’engagement/)
    expect(mail.part('text/plain')).toMatch(
      /^Community management & social media\n=+\n\nSélection du vendredi 20 novembre 2026/,
    )
    expect(await getDigestRun(deps.db, SECTOR, '2026-11-20')).toMatchObject({
      state: 'sent',
      recipients: 2,
      error: null,
      claimedBy: 'test:1:aa',
      sentAt: deps.clock.now(),
    })
    const again = await sendDigest({ ...deps, owner: 'cron:2:bb' }, SECTOR)
    expect(again).toMatchObject({ state: 'taken', run: { state: 'sent', claimedBy: 'test:1:aa' } })
    expect(smtp.messages).toHaveLength(1)
  })

  it('delivers exactly one email when several processes send the same day at once', async () => {
    const smtp = await smtpServer()
    const { database, deps, clock } = await setup(F.NOW.toISOString(), mailerFor(smtp.url))
    // Each "process" has its own connection to the database file, its own scoring and its own name.
    const senders = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const other = await openDb({ url: database.url })
        cleanups.push(() => other.close())
        const scoring = createScoring({ db: other.db, clock, log: silentLog })
        return { ...deps, db: other.db, scoring, owner: `proc:${n}:cc` }
      }),
    )
    const results = await Promise.all([deps, ...senders].map((d) => sendDigest(d, SECTOR)))
    expect(results.map((r) => r.state).sort()).toEqual(['sent', 'taken', 'taken', 'taken'])
    expect(smtp.messages).toHaveLength(1)
  })

  it('records a failure with the server’s message, never the password, and a later try takes it over', async () => {
    const port = await closedPort()
    const { deps } = await setup(
      F.NOW.toISOString(),
      mailerFor(`smtp://vigie:hunter2@127.0.0.1:${port}`),
    )
    const failed = await sendDigest(deps, SECTOR)
    expect(failed.state).toBe('failed')
    const run = await getDigestRun(deps.db, SECTOR, '2026-11-20')
    expect(run).toMatchObject({ state: 'failed', recipients: 0, sentAt: null })
    expect(run!.error).toMatch(
      new RegExp(`^smtp_failed: SMTP 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    )
    expect(run!.error).not.toContain('hunter2')
    const smtp = await smtpServer()
    const retried = await sendDigest(
      { ...deps, mailer: mailerFor(smtp.url), owner: 'later:2:bb' },
      SECTOR,
    )
    expect(retried.state).toBe('sent')
    expect(await getDigestRun(deps.db, SECTOR, '2026-11-20')).toMatchObject({
      state: 'sent',
      error: null,
      claimedBy: 'later:2:bb',
    })
    expect(smtp.messages).toHaveLength(1)
  })

  it('says what is missing: no SMTP URL, no digest set for the sector', async () => {
    const { deps, database } = await setup(F.NOW.toISOString())
    await expect(sendDigest(deps, SECTOR)).rejects.toMatchObject({ code: 'smtp_not_configured' })
    expect(await sendDueDigests(deps)).toEqual([])
    await database.db.update(sectors).set({ digest: null }).where(eq(sectors.slug, SECTOR))
    await expect(
      sendDigest({ ...deps, mailer: mailerFor('smtp://127.0.0.1:1') }, SECTOR),
    ).rejects.toMatchObject({
      code: 'digest_not_set',
    })
    await expect(sendDigest(deps, 'inconnu')).rejects.toMatchObject({ code: 'sector_not_found' })
    const smtp = await smtpServer()
    await database.db
      .update(sectors)
      .set({ digest: { time: '08:00', to: TO } })
      .where(eq(sectors.slug, SECTOR))
    // A day to come would be recorded as sent-empty, and its real digest never go out.
    await expect(
      sendDigest({ ...deps, mailer: mailerFor(smtp.url) }, SECTOR, '2026-11-21'),
    ).rejects.toThrow(/2026-11-21 has not come yet in Europe\/Paris/)
    expect(await getDigestRun(deps.db, SECTOR, '2026-11-21')).toBeNull()
  })
})

describe('the digest loop', () => {
  it('sends at 08:00 Paris time and not before, across the change to summer time', async () => {
    const smtp = await smtpServer()
    const { deps, clock } = await setup('2026-03-28T06:00:00Z', mailerFor(smtp.url))
    const tick = async (at: string) => {
      clock.set(at)
      return (await sendDueDigests(deps)).map((r) => `${r.state} ${r.day}`)
    }
    // Saturday, winter time (UTC+1): 08:00 is 07:00 UTC.
    expect(await tick('2026-03-28T06:59:00Z')).toEqual([])
    expect(await tick('2026-03-28T07:00:00Z')).toEqual(['sent 2026-03-28'])
    expect(await tick('2026-03-28T07:01:00Z')).toEqual([])
    // Sunday 29 March, clocks go forward at 02:00: 08:00 is now 06:00 UTC.
    expect(await tick('2026-03-28T23:30:00Z')).toEqual([])
    expect(await tick('2026-03-29T05:59:00Z')).toEqual([])
    expect(await tick('2026-03-29T06:00:00Z')).toEqual(['sent 2026-03-29'])
    expect(await tick('2026-03-29T07:00:00Z')).toEqual([])
    expect(smtp.messages.map((m) => parseMail(m.raw).header('subject'))).toEqual([
      'Community management & social media : sélection du samedi 28 mars 2026',
      'Community management & social media : sélection du dimanche 29 mars 2026',
    ])
  })

  it('sends nothing for a day with an empty shortlist, and does not ask again that day', async () => {
    const smtp = await smtpServer()
    const { deps, clock } = await setup('2026-01-10T09:00:00Z', mailerFor(smtp.url))
    clock.set('2026-03-10T09:00:00Z')
    expect(await sendDueDigests(deps)).toEqual([
      { state: 'empty', sector: SECTOR, day: '2026-03-10' },
    ])
    expect(await getDigestRun(deps.db, SECTOR, '2026-03-10')).toMatchObject({
      state: 'sent',
      recipients: 0,
    })
    clock.advance(MINUTE)
    expect(await sendDueDigests(deps)).toEqual([])
    expect(smtp.messages).toEqual([])
  })

  it('tries a failed digest again after a pause, not every minute', async () => {
    const port = await closedPort()
    const { deps, clock } = await setup(
      '2026-11-20T07:30:00Z',
      mailerFor(`smtp://127.0.0.1:${port}`),
    )
    const loop = startDigestLoop(deps)
    cleanups.push(() => loop.stop())
    await loop.checkNow()
    expect(await getDigestRun(deps.db, SECTOR, '2026-11-20')).toMatchObject({ state: 'failed' })
    const smtp = await smtpServer()
    deps.mailer = mailerFor(smtp.url)
    clock.advance(MINUTE)
    await loop.checkNow()
    expect(smtp.messages).toHaveLength(0)
    clock.advance(DIGEST_RETRY_MS)
    await loop.checkNow()
    expect(smtp.messages).toHaveLength(1)
    expect(await getDigestRun(deps.db, SECTOR, '2026-11-20')).toMatchObject({
      state: 'sent',
      recipients: 2,
    })
  })
})
