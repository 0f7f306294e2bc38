// `vigie queue` and `vigie shortlist` print each item's reason line in the words the web card uses
// (web/i18n's reason codes), French by default, English with --lang en.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { translator } from '../../web/i18n/index.ts'
import { reasonLine, type Reasoned } from '../../web/views/components/reason-line.ts'
import { e2eArticles, SECTOR } from '../e2e/fixtures/articles.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const run = promisify(execFile)

/** A database with the shipped sector and the e2e articles, and `vigie` run against it. */
async function workspace() {
  const db = await tempDb()
  const dir = path.dirname(db.file)
  const feedsDir = path.join(dir, 'feeds')
  fs.mkdirSync(feedsDir)
  fs.copyFileSync(path.join(root, 'feeds', `${SECTOR}.yaml`), path.join(feedsDir, `${SECTOR}.yaml`))
  const now = new Date()
  await seedShippedSectors(db, now)
  await seedArticles(db, SECTOR, Object.values(e2eArticles(now).articles))
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    VIGIE_FEEDS_DIR: feedsDir,
    VIGIE_INDEX_DIR: path.join(dir, 'index'),
    VIGIE_LOG_LEVEL: 'error',
  }
  const vigie = async (...args: string[]) =>
    (await run(process.execPath, [path.join(root, 'src/bin.mjs'), ...args], { env, cwd: root }))
      .stdout
  await vigie('rescore', '--sector', SECTOR)
  return { vigie, day: now.toISOString().slice(0, 10) }
}

/** The reason lines of the text output: the indented line under each item. */
const printedReasons = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('      ') && !l.trim().startsWith('also covered by'))
    .map((l) => l.trim())

describe('reason lines on the command line', { timeout: 120_000 }, () => {
  it('are the web card lines, item by item, in French then in English', async () => {
    const { vigie, day } = await workspace()
    const cards: Reasoned[] = JSON.parse(await vigie('queue', '--sector', SECTOR, '--json'))
    expect(cards.length).toBeGreaterThan(3)
    const fr = translator('fr')
    const en = translator('en')
    const frLines = cards.map((c) => reasonLine(c, fr))
    // Every card has a reason, from codes (not a stored French sentence).
    expect(cards.every((c) => (c.explanation?.reasons ?? []).length > 0)).toBe(true)
    expect(frLines.every((l) => l.length > 0)).toBe(true)

    const queueFr = await vigie('queue', '--sector', SECTOR)
    expect(printedReasons(queueFr)).toEqual(frLines)
    expect(queueFr).toContain('LinkedIn (titre)')

    const queueEn = await vigie('queue', '--sector', SECTOR, '--lang', 'en')
    expect(printedReasons(queueEn)).toEqual(cards.map((c) => reasonLine(c, en)))
    expect(queueEn).toContain('LinkedIn (title)')
    expect(queueEn).not.toContain('(titre)')

    const items: Reasoned[] = JSON.parse(
      await vigie('shortlist', '--sector', SECTOR, '--date', day, '--json'),
    )
    expect(items.length).toBeGreaterThan(0)
    const listFr = await vigie('shortlist', '--sector', SECTOR, '--date', day)
    expect(printedReasons(listFr)).toEqual(items.map((i) => reasonLine(i, fr)))
    const listEn = await vigie('shortlist', '--sector', SECTOR, '--date', day, '--lang', 'en')
    expect(printedReasons(listEn)).toEqual(items.map((i) => reasonLine(i, en)))
    expect(printedReasons(listEn).every((l) => l.length > 0)).toBe(true)
  })

  it('refuses a language it does not speak, naming the option', async () => {
    const { vigie } = await workspace()
    const err = await vigie('queue', '--sector', SECTOR, '--lang', 'de').then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    )
    expect(err?.code).toBeGreaterThan(0)
    expect(err?.stderr).toContain(
      "option '--lang <fr|en>' argument 'de' is invalid. must be one of fr, en",
    )
  })
})
