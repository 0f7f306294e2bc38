import { describe, expect, it } from 'vitest'
import { crawlerId, ownerIsGone } from '../../src/crawl/index.ts'

const here = { hostname: 'veille-1', pid: 100, alive: (pid: number) => pid === 200 }

describe('ownerIsGone', () => {
  it.each([
    ['a dead process on this host', 'veille-1:300:0a1b2c3d', true],
    ['a live process on this host', 'veille-1:200:0a1b2c3d', false],
    ['this very process (another crawl of it)', 'veille-1:100:0a1b2c3d', false],
    ['a process on another host, dead or not', 'veille-2:300:0a1b2c3d', false],
    ['a host name with a dot and a dash', 'veille-1.example.org:300:ff', false],
    ['a name that does not parse', 'someone', false],
  ])('%s', (_what, owner, gone) => {
    expect(ownerIsGone(owner, here)).toBe(gone)
  })

  it('reads the names crawlerId gives', () => {
    const id = crawlerId()
    expect(ownerIsGone(id)).toBe(false)
    const [host, , rand] = id.split(':')
    const deadPid = 2 ** 22 + 12_345 // above Linux's pid_max default
    expect(ownerIsGone(`${host}:${deadPid}:${rand}`)).toBe(true)
  })
})
