import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Kept under test/ (the top level holds only the project's own files): `npm test` names it.
export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  test: {
    globalSetup: ['test/helpers/checkout-untouched.ts'],
  },
})
