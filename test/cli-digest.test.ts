import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { createScoring } from '../src/jobs/scoring.ts'
import { systemClock } from '../src/lib/clock.ts'
import { silentLog } from '../src/lib/log.ts'
import { loadSectors } from '../src/sectors/index.ts'
import { syncSectors } from '../src/store/index.ts'
import * as F from './fixtures/http/curator-articles.ts'
import { seedArticles } from './helpers/seed.ts'
import { parseMail, startSmtpServer, type TestSmtpServer } from './helpers/smtp-server.ts'
import { tempDb } from './helpers/temp-db.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = path.join(root, 'src/bin.mjs')
const run = promisify(execFile)

async function vigie(args: string[], env: NodeJS.ProcessEnv) {
  try {
    const r = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, VIGIE_LOG_LEVEL: 'error', VIGIE_SMTP_URL: '', ...env },
      cwd: root,
    })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let smtp: TestSmtpServer | null = null
afterEach(async () => {
  await smtp?.close()
  smtp = null
})

/** The shipped sector with a digest to one curator, its fixtures published in the last day, scored. */
async function workspace() {
  const db = await tempDb()
  const feedsDir = path.join(path.dirname(db.file), 'feeds')
  fs.mkdirSync(feedsDir)
  const shipped = fs.readFileSync(path.join(root, 'feeds', `${F.SECTOR}.yaml`), 'utf8')
  fs.writeFileSync(
    path.join(feedsDir, `${F.SECTOR}.yaml`),
    `${shipped}\ndigest:\n  time: "00:00"\n  to: [curator@vigie.test]\n`,
  )
  const { sectors, errors } = await loadSectors(feedsDir)
  expect(errors).toEqual([])
  await syncSectors(db.db, sectors, new Date())
  const shift = Date.now() - F.NOW.getTime()
  await seedArticles(
    db,
    F.SECTOR,
    F.all.map((a) => ({ ...a, publishedAt: new Date(a.publishedAt.getTime() + shift) })),
  )
  await createScoring({ db: db.db, clock: systemClock, log: silentLog }).rescoreSector(F.SECTOR)
  return { DATABASE_URL: db.url, VIGIE_FEEDS_DIR: feedsDir }
}

describe('vigie digest', () => {
  it('prints the day’s digest as Markdown or email HTML', async () => {
    const env = await workspace()
    const md = await vigie(['digest', '--sector', F.SECTOR], env)
    expect(md.code, md.stderr).toBe(0)
    expect(md.stdout).toMatch(
      /^# Community management & social media\n\nSélection du .+ : \d+ articles retenus\.\n\n\*\*1\.\*\* \[/,
    )
    const html = await vigie(['digest', '--sector', F.SECTOR, '--format', 'html'], env)
    expect(html.code, html.stderr).toBe(0)
    expect(html.stdout).toMatch(/^<!DOCTYPE html>[\s\S]*<table role="presentation"/)
    const quiet = await vigie(['digest', '--sector', F.SECTOR, '--date', '2020-01-01'], env)
    expect(quiet.stdout).toContain('Pas de sélection pour ce jour.')
    const pdf = await vigie(['digest', '--sector', F.SECTOR, '--format', 'pdf'], env)
    expect(pdf.code).not.toBe(0)
    expect(pdf.stderr).toContain('Allowed choices are html, markdown')
  }, 60_000)

  it('sends it with --send, once a day, and says why it cannot without SMTP', async () => {
    const env = await workspace()
    const none = await vigie(['digest', '--sector', F.SECTOR, '--send'], env)
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('VIGIE_SMTP_URL is not set')
    smtp = await startSmtpServer()
    const withSmtp = { ...env, VIGIE_SMTP_URL: smtp.url, VIGIE_ALLOW_HOSTS: '127.0.0.1' }
    const sent = await vigie(['digest', '--sector', F.SECTOR, '--send'], withSmtp)
    expect(sent.code, sent.stderr).toBe(0)
    expect(sent.stdout).toMatch(
      /^digest community-management \d{4}-\d{2}-\d{2}: sent to 1 recipient\n$/,
    )
    expect(smtp.messages).toHaveLength(1)
    expect(smtp.messages[0]!.to).toEqual(['curator@vigie.test'])
    expect(parseMail(smtp.messages[0]!.raw).header('from')).toBe('Vigie <vigie@localhost>')
    const again = await vigie(['digest', '--sector', F.SECTOR, '--send'], withSmtp)
    expect(again.stdout).toMatch(/: already sent at .+ to 1 recipient\n$/)
    expect(smtp.messages).toHaveLength(1)
  }, 60_000)
})
