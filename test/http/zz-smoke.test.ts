import { expect, test } from 'vitest'
import { testApp } from '../helpers/app.ts'
test('smoke', async () => {
  const t = await testApp()
  expect(t.csrf.length).toBeGreaterThan(20)
  const r = await t.request('/api/me')
  expect(await r.json()).toMatchObject({ role: 'curator' })
  const v = await t.signIn('viewer')
  expect((await v.request('/api/me').then((r) => r.json())).role).toBe('viewer')
})
