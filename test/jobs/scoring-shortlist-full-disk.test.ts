import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { createLog } from '../../src/lib/log.ts'
import { getShortlist, type Database } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'

const SECTOR = 'community-management'
const DAY = '2026-11-18'
const NOW = new Date(`${DAY}T10:00:00Z`)

// Twelve distinct articles of the sector (distinct stories), from twelve sources.
const ARTICLES = [
  [
    'LinkedIn : les carrousels doublent l’engagement des pages entreprise',
    'Les carrousels documentaires publiés sur LinkedIn obtiennent deux fois plus de commentaires que les liens.',
  ],
  [
    'Modération : tenir sa communauté pendant un bad buzz',
    'Une charte de modération publiée à l’avance évite la crise quand les commentaires s’enflamment.',
  ],
  [
    'TikTok : les marques misent sur les créateurs',
    'Les créateurs de contenu TikTok donnent aux marques une audience jeune que la publicité touche mal.',
  ],
  [
    'Instagram teste un fil réservé aux amis proches',
    'Adam Mosseri confirme le test d’un fil Instagram limité aux abonnés proches.',
  ],
  [
    'Community manager : quel salaire en 2026 ?',
    'L’enquête annuelle sur les salaires des community managers montre une hausse pour les profils seniors.',
  ],
  [
    'Threads dépasse les 300 millions d’utilisateurs',
    'Le réseau social de Meta attire les marques qui quittent X et testent de nouveaux formats.',
  ],
  [
    'Social listening : les outils qui comptent',
    'Les outils de social listening repèrent les mentions de la marque et les signaux faibles d’une crise.',
  ],
  [
    'Calendrier éditorial : planifier un trimestre',
    'Un calendrier éditorial partagé aide l’équipe social media à tenir le rythme des publications.',
  ],
  [
    'YouTube Shorts : les formats courts gagnent les marques',
    'Les Shorts de YouTube offrent une portée organique que les vidéos longues n’ont plus.',
  ],
  [
    'Influence : les micro-influenceurs convertissent mieux',
    'Les campagnes avec des micro-influenceurs obtiennent un meilleur taux d’engagement que les célébrités.',
  ],
  [
    'Bluesky ouvre les vidéos aux comptes de marque',
    'Bluesky permet désormais de publier des vidéos, une aubaine pour les community managers.',
  ],
  [
    'Facebook Groups : animer une communauté de clients',
    'Les groupes Facebook restent le lieu où les clients fidèles échangent avec la marque.',
  ],
]

const pragma = async (database: Database, sql: string) =>
  Object.values((await database.client.execute(sql)).rows[0] ?? {})[0]

/** Fills the database file up to a limit, as a full disk does: SQLite then answers SQLITE_FULL. */
async function fillDisk(database: Database) {
  await database.client.execute('create table if not exists test_filler (b blob)')
  await database.client.execute(
    `PRAGMA max_page_count = ${Number(await pragma(database, 'PRAGMA page_count'))}`,
  )
  // Big rows, then smaller ones into what room is left in the last pages: a small row fails too.
  for (const size of [1000, 200, 50, 10]) {
    for (let i = 0; ; i++) {
      if (i > 10_000) throw new Error('the database never filled up')
      try {
        await database.client.execute(`insert into test_filler (b) values (randomblob(${size}))`)
      } catch {
        break
      }
    }
  }
}

describe('the day’s shortlist on a full disk', () => {
  it('is shown on first view though it cannot be saved, warned about once, and saved once space is back', async () => {
    const lines: string[] = []
    const log = createLog('info', (l) => lines.push(l))
    const t = testApp({
      clock: fixedClock(NOW),
      seed: (db) =>
        // A dozen sources, for a list of ten items: a row big enough to need new pages.
        seedArticles(
          db,
          SECTOR,
          ARTICLES.map(([title, text], i) => ({
            title: title!,
            text: text!,
            publishedAt: new Date(NOW.getTime() - (i + 1) * 600_000),
            source: `Blog ${i + 1}`,
          })),
        ),
      deps: { log },
    })
    const { db, deps, request } = await t
    await deps.scoring.rescoreSector(SECTOR)
    await fillDisk(db)

    const page = await request(`/shortlist?sector=${SECTOR}&date=${DAY}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('LinkedIn : les carrousels doublent')
    const api = await request(`/api/shortlist?sector=${SECTOR}&date=${DAY}`)
    expect(api.status).toBe(200)
    const list = (await api.json()) as { items: { title: string; status: string }[] }
    expect(list.items.length).toBeGreaterThanOrEqual(5)
    expect(list.items.every((i) => i.status === 'new')).toBe(true)
    expect(await getShortlist(db.db, SECTOR, DAY)).toBeNull()
    expect(lines.filter((l) => l.includes('shortlist shown but not saved'))).toHaveLength(1)

    // Space comes back: the next view saves the list, which then reads the same.
    await db.client.execute('PRAGMA max_page_count = 1000000')
    expect((await request(`/shortlist?sector=${SECTOR}&date=${DAY}`)).status).toBe(200)
    const saved = await getShortlist(db.db, SECTOR, DAY)
    expect((saved!.items as { title: string }[]).map((i) => i.title)).toEqual(
      list.items.map((i) => i.title),
    )
  })
})
