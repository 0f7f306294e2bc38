import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Kept under test/ (the top level holds only the project's own files): `npm test` names it.
export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  test: {
    globalSetup: ['test/helpers/checkout-untouched.ts'],
    // Fixture articles link to real sites: discovery after a crawl would look them up. Tests of
    // discovery turn it on themselves, against sites served on 127.0.0.1.
    env: { VIGIE_DISCOVER_SITES: '0' },
  },
})
