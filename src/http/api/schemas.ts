import { z } from '@hono/zod-openapi'

// Shared request pieces and error bodies of the JSON API. Every schema here both validates requests
// and documents them in /api/openapi.json.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** An ISO 8601 date or date-time ("2026-11-18" or "2026-11-18T08:30:00Z"), kept as the string given. */
export const isoDate = z
  .string()
  .regex(ISO_DATE, 'expected an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date')
  .openapi({ format: 'date-time', example: '2026-11-18T08:30:00Z' })

export const day = z.iso.date('expected a day (YYYY-MM-DD)').openapi({ example: '2026-11-18' })

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a sector slug (lower-case letters, digits, dashes)')
  .openapi({ example: 'social-media' })

export const lang = z
  .string()
  .regex(/^[a-z]{2}$/, 'expected a two-letter language code')
  .openapi({ example: 'fr' })

/** A page size from the query string. */
export const limit = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .openapi({ type: 'integer', example: fallback })

export const IdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 42 }),
})

export const SlugParams = z.object({
  slug: slug.openapi({ param: { name: 'slug', in: 'path' } }),
})

export const ErrorBody = z
  .object({
    error: z.string().openapi({ example: 'article_not_found' }),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Error')

export const ValidationError = z
  .object({
    error: z.literal('validation_failed'),
    message: z.string().openapi({ example: 'snoozeUntil: required when action is snooze' }),
    field: z
      .string()
      .openapi({ description: 'Path of the first bad field', example: 'snoozeUntil' }),
    issues: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
  })
  .openapi('ValidationError')

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

/** Response entries for the errors any route may give, so each route lists only its own. */
export const errors = {
  400: json(ValidationError, 'The request is invalid; `field` names the first bad field'),
  401: json(ErrorBody, 'Not signed in and no valid API token'),
  403: json(ErrorBody, 'The role is not allowed to do this, or the CSRF token is missing'),
  404: json(ErrorBody, 'No such thing'),
  409: json(ErrorBody, 'Changed elsewhere meanwhile'),
  503: json(ErrorBody, 'A part of the service is not available'),
}

export const ok = <T extends z.ZodType>(schema: T, description = 'OK') => json(schema, description)

/** A JSON request body, required. */
export const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})
