import type { Context } from 'hono'
import { AppError } from '../lib/errors.ts'
import type { AppEnv } from './env.ts'

export type Form = Record<string, string | File | (string | File)[]>

/**
 * The request's form (url-encoded or multipart), or a 400 with a sentence when the body cannot be
 * parsed: a malformed body is the client's mistake, never a 500. Hono caches the parse, so the CSRF
 * check and the route read the body once.
 */
export async function readForm(c: Context<AppEnv>, opts: { all?: boolean } = {}): Promise<Form> {
  try {
    return (await c.req.parseBody({ all: opts.all ?? false })) as Form
  } catch (err) {
    throw new AppError(
      'bad_request',
      { reason: 'malformed_body' },
      `the form could not be read (${err instanceof Error ? err.message.slice(0, 120) : 'malformed'})`,
    )
  }
}

/** The JSON body, or a 400 with a sentence when it is not JSON. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    throw new AppError('bad_request', { reason: 'malformed_json' }, 'the body is not valid JSON')
  }
}

/** A text field of a form ('' when absent or a file). */
export const field = (body: Form, name: string): string => {
  const v = body[name]
  return typeof v === 'string' ? v : ''
}
