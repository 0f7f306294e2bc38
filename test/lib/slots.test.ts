import { expect, it } from 'vitest'
import { createSlots } from '../../src/lib/slots.ts'

it('lets no more than its size hold a slot, and the next waiter in when one is released', async () => {
  const slots = createSlots(2)
  const first = await slots.hold()
  const second = await slots.hold()
  let thirdIn = false
  const third = slots.hold().then((release) => {
    thirdIn = true
    return release
  })
  await new Promise((r) => setTimeout(r, 20))
  expect(thirdIn).toBe(false)
  first()
  const releaseThird = await third
  expect(thirdIn).toBe(true)
  second()
  releaseThird()
  // Every slot is free again.
  const all = await Promise.all([slots.hold(), slots.hold()])
  all.forEach((release) => release())
})
