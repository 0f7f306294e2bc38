import { describe, expect, test } from 'vitest'
import {
  appUnderAttack,
  headers,
  SECTOR,
  type AppUnderAttack,
  type Operation,
} from './app-under-attack.ts'

const T = { timeout: 240_000 }

// Strings for paths and query strings: wrong types, out of range, huge, control and astral characters.
const TEXT_VALUES = [
  'abc',
  '',
  '-1',
  '0',
  '1.5',
  '1e309',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '9'.repeat(400),
  'x'.repeat(5000),
  '💥👩🏽‍💻🇫🇷',
  'é\u0301\u200b\u202e',
  '\u0000',
  "'; drop table articles; --",
  '../../etc/passwd',
  '%00',
  '2026-02-30',
  '0000-00-00',
  '9999-99-99T99:99:99Z',
]

// JSON values for body fields: every type, and the edges of each.
const JSON_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  -(2 ** 63),
  '',
  'abc',
  'x'.repeat(100_000),
  '💥'.repeat(1000),
  [],
  [null],
  Array.from({ length: 1000 }, (_, i) => `tag${i}`),
  {},
  { nested: { deeper: [1, 2, 3] } },
  '2026-02-30',
  'javascript:alert(1)',
  'http://127.0.0.2/',
]

const WEB_QUERY_PARAMS = [
  'sector',
  'user',
  'source',
  'lang',
  'minScore',
  'since',
  'date',
  'q',
  'page',
  'after',
  'before',
  'done',
  'did',
  'saved',
  'flash',
  'next',
  'tag',
  'sort',
]

/** The operation's query and path parameters, from its OpenAPI document (or the web list). */
function paramsOf(op: Operation): { name: string; in: 'query' | 'path' }[] {
  if (!op.api)
    return [
      ...WEB_QUERY_PARAMS.map((name) => ({ name, in: 'query' as const })),
      ...[...op.pattern.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1]!, in: 'path' as const })),
    ]
  return (op.doc?.parameters ?? []).map((p: { name: string; in: 'query' | 'path' }) => p)
}

/** The names of the operation's JSON body fields, from its schema (following $ref). */
function bodyFieldsOf(t: AppUnderAttack, op: Operation): string[] | null {
  let schema = op.doc?.requestBody?.content?.['application/json']?.schema
  if (!schema) return null
  if (schema.$ref) schema = (t.doc as any).components.schemas[schema.$ref.split('/').pop()]
  return Object.keys(schema?.properties ?? {})
}

async function call(t: AppUnderAttack, op: Operation, path: string, body?: unknown) {
  const init: RequestInit = {
    method: op.method,
    headers: headers(await t.as(op.api ? 'token' : 'admin'), { accept: 'application/json' }),
  }
  if (body !== undefined) {
    ;(init.headers as Headers).set('content-type', 'application/json')
    init.body = JSON.stringify(body)
  }
  // The admin's API token: reads and every write the token's role allows; admin routes too below.
  return t.app.request(path, init)
}

describe('a fuzz pass over every operation', () => {
  test('no parameter value makes any route answer 500', T, async () => {
    const t = await appUnderAttack()
    const failures: string[] = []
    let sent = 0
    for (const op of t.operations) {
      if (op.method !== 'GET' && !op.api) continue
      const base = t.pathOf(op)
      for (const param of paramsOf(op))
        for (const value of TEXT_VALUES) {
          const path =
            param.in === 'path'
              ? op.pattern
                  .replace(`:${param.name}`, encodeURIComponent(value))
                  .replace(`{${param.name}}`, encodeURIComponent(value))
                  .replace(/\{slug\}/, SECTOR)
                  .replace(/:id|\{id\}/g, String(t.articleId))
                  .replace(/:file/, 'app.css')
              : `${base}?${new URLSearchParams({ [param.name]: value })}`
          const res = await call(t, op, path, op.method === 'GET' ? undefined : {})
          sent++
          if (res.status >= 500) failures.push(`${op.method} ${path.slice(0, 120)}: ${res.status}`)
        }
    }
    expect(failures).toEqual([])
    expect(sent).toBeGreaterThan(1000)
  })

  test('no body makes any API operation answer 500', T, async () => {
    const t = await appUnderAttack()
    // An admin token, so that the admin operations are reached too.
    const { createApiToken } = await import('../../src/auth/index.ts')
    const admin = await createApiToken(t.db.db, t.users.admin!, 'fuzz', new Date())
    const failures: string[] = []
    for (const op of t.operations) {
      const fields = bodyFieldsOf(t, op)
      if (!fields) continue
      const bodies: unknown[] = [...JSON_VALUES]
      for (const field of fields) for (const value of JSON_VALUES) bodies.push({ [field]: value })
      for (const body of bodies) {
        const res = await t.app.request(t.pathOf(op), {
          method: op.method,
          headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        if (res.status >= 500)
          failures.push(
            `${op.method} ${op.pattern} ${JSON.stringify(body).slice(0, 80)}: ${res.status}`,
          )
      }
    }
    expect(failures).toEqual([])
  })

  test("the admin's token page with a non-numeric user is a 400 with a sentence", T, async () => {
    const t = await appUnderAttack()
    for (const user of ['abc', '1e999', '-3', '0x10']) {
      const res = await t.app.request(`/account/tokens?user=${user}`, {
        headers: headers(await t.as('admin'), { accept: 'application/json' }),
      })
      expect(res.status, user).toBe(400)
      expect((await res.json()).error).toBe('validation_failed')
    }
  })
})
