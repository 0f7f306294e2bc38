// Vitest global setup: a run of the suite must leave the checkout's data/ folder (the curator's
// database and index) exactly as it found it. Tests write only into their own temp folders.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data')

function fingerprint(dir: string): string {
  const hash = createHash('sha256')
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name)
      if (entry.isDirectory()) walk(p)
      else {
        const st = fs.statSync(p)
        hash.update(`${path.relative(dir, p)}:${st.size}:${st.mtimeMs}\n`)
      }
    }
  }
  walk(dir)
  return hash.digest('hex')
}

let before = ''

export function setup() {
  before = fingerprint(data)
}

export function teardown() {
  if (fingerprint(data) === before) return
  // Vitest reports an error thrown here but still exits 0: the exit code must say it too.
  process.exitCode = 1
  throw new Error(
      `the test run changed ${data}: a test wrote into the checkout instead of a temp folder`,
    )
}
