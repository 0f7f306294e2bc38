import type { Context } from 'hono'
import type { Hook, z } from '@hono/zod-openapi'
import type { AppEnv } from '../env.ts'

export interface ValidationIssue {
  field: string
  code: string
  message: string
}

export interface ValidationFailure {
  error: 'validation_failed'
  message: string
  field: string
  issues: ValidationIssue[]
}

// A problem with the body as a whole (not an object, an unknown key) is put on `body` or on the key.
function fieldOf(issue: z.core.$ZodIssue, target: string): string {
  const path =
    issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path
  return path.length ? path.map(String).join('.') : target === 'json' ? 'body' : target
}

/** The 400 body for a zod error: the first bad field by its path ("tags.2"), then every issue. */
export function validationBody(error: z.ZodError, target: string): ValidationFailure {
  const issues = error.issues.map((i) => ({
    field: fieldOf(i, target),
    code: i.code,
    // zod says "expected string, received undefined" for a field left out.
    message:
      i.code === 'invalid_type' && /received undefined$/.test(i.message) ? 'required' : i.message,
  }))
  const first = issues[0] ?? { field: target, code: 'invalid', message: 'invalid request' }
  return {
    error: 'validation_failed',
    message: `${first.field}: ${first.message}`,
    field: first.field,
    issues,
  }
}

/** A 400 for a rule the schema cannot express (a date in the past), in the same shape as a schema's. */
export function invalidField(c: Context<AppEnv>, field: string, message: string) {
  const body: ValidationFailure = {
    error: 'validation_failed',
    message: `${field}: ${message}`,
    field,
    issues: [{ field, code: 'custom', message }],
  }
  return c.json(body, 400)
}

/**
 * OpenAPIHono's defaultHook: every route's zod validation failure becomes the same 400 body,
 * whatever part of the request (query, param, json) was at fault.
 */
export const validationHook: Hook<unknown, AppEnv, string, Response | undefined> = (result, c) => {
  if (!result.success) return c.json(validationBody(result.error, result.target), 400)
}
