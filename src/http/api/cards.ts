import { z } from '@hono/zod-openapi'
import type { Translate } from '../../../web/i18n/index.ts'

// Response schemas shared by the queue, the shortlist and the article: a score and why.

const TermMatch = z
  .object({ display: z.string(), where: z.string(), count: z.number() })
  .passthrough()

export const Explanation = z
  .object({
    score: z.number().openapi({ description: 'The total, in [0, 1]' }),
    reason: z.string().openapi({ description: "One line for a card, in the caller's language" }),
    reasons: z
      .array(
        z.object({
          code: z.string(),
          params: z.record(z.string(), z.union([z.string(), z.number()])),
          text: z.string().optional(),
        }),
      )
      .optional()
      .openapi({ description: 'Why it scored so: a code, its parameters and the localised text' }),
    profile: z.object({
      score: z.number(),
      topics: z.array(
        z.object({
          name: z.string(),
          weight: z.number(),
          score: z.number(),
          terms: z.array(TermMatch),
        }),
      ),
      excluded: z.array(z.object({ display: z.string(), count: z.number() })),
    }),
    learned: z.object({
      score: z.number(),
      terms: z.array(z.object({ term: z.string(), weight: z.number() })),
    }),
    freshness: z.object({ score: z.number(), ageHours: z.number(), halfLifeHours: z.number() }),
    source: z.object({
      score: z.number(),
      name: z.string(),
      kind: z.string(),
      kept: z.number(),
      rejected: z.number(),
    }),
    trending: z.object({ boost: z.number(), sources: z.number() }),
  })
  .openapi('Explanation')

export const status = z.enum(['new', 'approved', 'rejected', 'reshared', 'snoozed', 'dismissed'])

export const AlsoCovered = z.object({
  id: z.number().int(),
  url: z.string(),
  title: z.string(),
  source: z.string(),
})

export const StoryCard = z
  .object({
    id: z.number().int(),
    url: z.string(),
    title: z.string(),
    source: z.string(),
    author: z.string().nullable(),
    lang: z.string().nullable(),
    publishedAt: z.iso.datetime(),
    status: z.string(),
    score: z.number(),
    reason: z.string(),
    explanation: Explanation,
    storyId: z.number().int(),
    alsoCoveredBy: z
      .array(AlsoCovered)
      .openapi({ description: 'Other articles of the same story' }),
    tags: z
      .array(z.string())
      .optional()
      .openapi({ description: "The tags of the article's annotation" }),
  })
  .openapi('StoryCard')

export const ShortlistItem = z
  .object({
    rank: z.number().int(),
    id: z.number().int(),
    url: z.string(),
    title: z.string(),
    source: z.string(),
    publishedAt: z.iso.datetime(),
    score: z.number(),
    reason: z.string(),
    explanation: Explanation,
    storyId: z.number().int(),
    alsoCoveredBy: z.array(AlsoCovered),
    status: z
      .string()
      .openapi({ description: "What the curator has done with it since ('deleted' if gone)" }),
  })
  .openapi('ShortlistItem')

type Reasoned = {
  reason: string
  explanation?: {
    reason: string
    reasons?: { code: string; params: Record<string, string | number> }[]
  } | null
}

type ReasonedExplanation = NonNullable<Reasoned['explanation']>

/** The explanation with its reasons as code, parameters and text in the caller's language. */
export function localiseExplanation<E extends ReasonedExplanation>(e: E, t: Translate): E {
  if (!e.reasons) return e
  const reasons = e.reasons.map((r) => ({ ...r, text: t(`reason.${r.code}`, r.params) }))
  return { ...e, reason: reasons.map((r) => r.text).join(' · '), reasons }
}

/** The card with its reasons as code, parameters and text in the caller's language. */
export function localiseReasons<T extends Reasoned>(card: T, t: Translate): T {
  const e = card.explanation
  if (!e?.reasons) return card
  const explanation = localiseExplanation(e, t)
  return { ...card, reason: explanation.reason, explanation }
}
