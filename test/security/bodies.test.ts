import { describe, expect, test } from 'vitest'
import { API_BODY_LIMIT, BODY_LIMITS } from '../../src/http/route-table.ts'
import { appUnderAttack, headers, type AppUnderAttack, type Operation } from './app-under-attack.ts'

const T = { timeout: 120_000 }

const limitOf = (op: Operation) => (op.web ? BODY_LIMITS[op.web.body] : API_BODY_LIMIT)

/** Who may send a body to `op` at all: the sign-in forms take anyone, the rest an admin. */
async function sender(t: AppUnderAttack, op: Operation): Promise<Record<string, string>> {
  if (op.role === 'public') {
    // The double-submit cookie and field, so that only the body decides the answer.
    return { cookie: `vigie_csrf=${'A'.repeat(43)}`, 'x-csrf-token': 'A'.repeat(43) }
  }
  return t.as('admin')
}

/** A body streamed in chunks, without Content-Length. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode('a='.padEnd(64 * 1024, 'x'))
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      controller.enqueue(chunk)
      sent += chunk.length
    },
  })
}

const MALFORMED: [string, string, string | Uint8Array][] = [
  ['truncated JSON', 'application/json', '{"action": "approve", "note": '],
  ['JSON of the wrong shape', 'application/json', '[[[[null]]]]'],
  ['not UTF-8', 'application/json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ['url-encoded garbage', 'application/x-www-form-urlencoded', '%%%&&==%E0%A4%A=&_csrf=%'],
  ['multipart without boundary', 'multipart/form-data', '--x\r\nContent-Disposition: form-data'],
  [
    'multipart cut short',
    'multipart/form-data; boundary=frontiere',
    '--frontiere\r\nContent-Disposition: form-data; name="note"\r\n\r\nbonjour',
  ],
  ['an unknown type', 'application/x-vigie-nonsense', '\u0000\u0001\u0002'],
]

const withBody = (t: AppUnderAttack) => t.operations.filter((op) => op.method !== 'GET')

describe('request bodies', () => {
  test(
    'an announced oversized body is refused with 413 before it is read, on every route',
    T,
    async () => {
      const t = await appUnderAttack()
      const ops = withBody(t)
      expect(ops.length).toBeGreaterThan(15)
      for (const op of ops) {
        const size = limitOf(op) + 1
        const res = await t.app.request(t.pathOf(op), {
          method: op.method,
          headers: headers(await sender(t, op), {
            'content-type': op.api ? 'application/json' : 'application/x-www-form-urlencoded',
            'content-length': String(size),
            accept: 'application/json',
          }),
          body: 'a'.repeat(size),
        })
        expect(res.status, `${op.method} ${op.pattern}`).toBe(413)
      }
    },
  )

  test(
    'a streamed oversized body is cut off at the limit: 413 where it is read, never a 500',
    T,
    async () => {
      const t = await appUnderAttack()
      const login = t.operations.find((op) => op.method === 'POST' && op.pattern === '/login')!
      // 50 MB to the sign-in form: refused after its first few KB.
      const res = await t.app.request('/login', {
        method: 'POST',
        headers: headers(await sender(t, login), {
          'content-type': 'application/x-www-form-urlencoded',
        }),
        body: streamOf(50 * 1024 * 1024),
        duplex: 'half',
      } as RequestInit)
      expect(res.status).toBe(413)
      for (const op of withBody(t)) {
        const r = await t.app.request(t.pathOf(op), {
          method: op.method,
          headers: headers(await sender(t, op), {
            'content-type': op.api ? 'application/json' : 'application/x-www-form-urlencoded',
            accept: 'application/json',
          }),
          body: streamOf(limitOf(op) + 64 * 1024),
          duplex: 'half',
        } as RequestInit)
        expect(r.status, `${op.method} ${op.pattern}`).toBeLessThan(500)
      }
    },
  )

  test('a malformed body is a 400 (or a refusal), never a 500, on every route', T, async () => {
    const t = await appUnderAttack()
    const failures: string[] = []
    for (const op of withBody(t))
      for (const [name, type, body] of MALFORMED) {
        const res = await t.app.request(t.pathOf(op), {
          method: op.method,
          headers: headers(await sender(t, op), {
            'content-type': type,
            accept: 'application/json',
          }),
          body: body as BodyInit,
        })
        if (res.status >= 500) failures.push(`${op.method} ${op.pattern} ${name}: ${res.status}`)
      }
    expect(failures).toEqual([])
  })

  test('a malformed multipart form gets a sentence, not a stack', T, async () => {
    const t = await appUnderAttack()
    const viewer = await t.as('viewer')
    const res = await t.app.request('/account/locale', {
      method: 'POST',
      headers: {
        ...viewer,
        'content-type': 'multipart/form-data; boundary=frontiere',
        accept: 'application/json',
      },
      body: '--frontiere\r\nContent-Disposition: form-data; name="locale"\r\n\r\nen',
    })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error).toBe('bad_request')
    expect(body.message).toMatch(/form could not be read/)
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
  })
})
